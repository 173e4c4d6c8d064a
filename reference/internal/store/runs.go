package store

import "time"

// Run statuses (Mage's PipelineRunStatus) and block run statuses (BlockRunStatus).
const (
	RunInitial   = "initial"
	RunRunning   = "running"
	RunCompleted = "completed"
	RunFailed    = "failed"
	RunCancelled = "cancelled"
	BlockQueued  = "queued"
)

// PipelineRun is one run of a pipeline, started by a schedule (an API trigger or a create
// under the schedule). Maps are replaced, never mutated in place.
type PipelineRun struct {
	ID             int
	ScheduleID     int
	PipelineUUID   string
	ExecutionDate  time.Time
	Status         string
	StartedAt      *time.Time
	CompletedAt    *time.Time
	Variables      map[string]any
	EventVariables map[string]any // nil is null
	BackfillID     *int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// BlockRun is the run of one block of a pipeline run.
type BlockRun struct {
	ID          int
	RunID       int
	BlockUUID   string
	Status      string
	StartedAt   *time.Time
	CompletedAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// InsertRun stores a new run built for the next id, and one block run, initial, per block
// uuid.
func (d *Data) InsertRun(build func(id int) PipelineRun, blocks []string) PipelineRun {
	r := d.Runs.Insert(build)
	d.InsertBlockRuns(r, blocks)
	return r
}

// InsertBlockRuns stores one initial block run of r per block uuid.
func (d *Data) InsertBlockRuns(r PipelineRun, blocks []string) {
	for _, uuid := range blocks {
		d.BlockRuns.Insert(func(id int) BlockRun {
			return BlockRun{ID: id, RunID: r.ID, BlockUUID: uuid, Status: RunInitial, CreatedAt: r.CreatedAt, UpdatedAt: r.CreatedAt}
		})
	}
}

// BlockRunsOf returns the block runs of a run, in id order.
func (d *Data) BlockRunsOf(runID int) []BlockRun {
	var out []BlockRun
	for _, b := range d.BlockRuns.All() {
		if b.RunID == runID {
			out = append(out, b)
		}
	}
	return out
}

// DeleteRun removes a run and its block runs.
func (d *Data) DeleteRun(id int) {
	for _, b := range d.BlockRunsOf(id) {
		d.BlockRuns.Delete(b.ID)
	}
	d.Runs.Delete(id)
}

// DeleteRunsOfSchedule removes the runs of a schedule and their block runs, as Mage's
// database cascades a schedule's delete.
func (d *Data) DeleteRunsOfSchedule(scheduleID int) {
	for _, r := range d.Runs.All() {
		if r.ScheduleID == scheduleID {
			d.DeleteRun(r.ID)
		}
	}
}

// RunRecord is a run with what its answers show besides its own columns: its block runs,
// and its schedule and pipeline when they exist.
type RunRecord struct {
	Run         PipelineRun
	BlockRuns   []BlockRun
	Schedule    Schedule
	HasSchedule bool
	Pipeline    Pipeline
	HasPipeline bool
}

// RunRecord gathers what r's answers show.
func (d *Data) RunRecord(r PipelineRun) RunRecord {
	rec := RunRecord{Run: r, BlockRuns: d.BlockRunsOf(r.ID)}
	rec.Schedule, rec.HasSchedule = d.Schedules.Get(r.ScheduleID)
	rec.Pipeline, rec.HasPipeline = d.Pipeline(r.PipelineUUID)
	return rec
}

// BlockRunRecord is a block run with its run's schedule, for block run lists. Nested: listed
// under its run (/api/pipeline_runs/{id}/block_runs).
type BlockRunRecord struct {
	BlockRun
	Schedule    Schedule
	HasSchedule bool
	Nested      bool
}

// moveRuns points the runs of pipeline oldUUID at newUUID, as a rename moves them in Mage.
func (d *Data) moveRuns(oldUUID, newUUID string) {
	for _, r := range d.Runs.All() {
		if r.PipelineUUID == oldUUID {
			r.PipelineUUID = newUUID
			d.Runs.Replace(r.ID, r)
		}
	}
}
