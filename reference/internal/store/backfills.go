package store

import "time"

// Backfill is a date range of a pipeline that a start turns into one run per date. Pointers and
// nil maps are null. IntervalUnits is an int, or, where Mage stores what it was given
// (compat.BackfillBadValuesStored), any JSON value; IntervalType may then be a value outside the
// enum too.
type Backfill struct {
	ID            int
	PipelineUUID  string
	Name          *string
	BlockUUID     *string
	StartDatetime *time.Time
	EndDatetime   *time.Time
	IntervalType  *string
	IntervalUnits any
	Settings      map[string]any
	Variables     map[string]any
	Status        string // "" (null) until the first start
	ScheduleID    *int
	StartedAt     *time.Time
	CompletedAt   *time.Time
	FailedAt      *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// RunsOfBackfill returns the runs of a backfill, in id order.
func (d *Data) RunsOfBackfill(id int) []PipelineRun {
	var out []PipelineRun
	for _, r := range d.Runs.All() {
		if r.BackfillID != nil && *r.BackfillID == id {
			out = append(out, r)
		}
	}
	return out
}

// DeleteBackfill removes a backfill; its runs stay, with no backfill (as Mage's database sets
// their backfill_id to null), and so does its schedule.
func (d *Data) DeleteBackfill(id int) {
	for _, r := range d.RunsOfBackfill(id) {
		r.BackfillID = nil
		d.Runs.Replace(r.ID, r)
	}
	d.Backfills.Delete(id)
}

// BackfillRecord is a backfill with what its answers add when asked: the number of dates and
// the statuses of its runs (Counted), and the preview of its dates (nil: not shown).
type BackfillRecord struct {
	Backfill
	Counted         bool
	TotalRunCount   int
	RunStatusCounts map[string]int
	Preview         []map[string]any
}
