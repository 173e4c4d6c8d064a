package resources

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// PipelineRuns are created under a schedule (and by the API trigger, TriggerRun) and then
// reached by their integer id.
func PipelineRuns() api.Logic {
	return api.Logic{
		Plural: "pipeline_runs", Singular: "pipeline_run", IntPK: true,
		Attributes: RunAttributes,
		Children:   map[string]bool{"block_runs": true, "logs": true},
		Actions: map[api.Action]api.Run{api.ActionList: listRuns, api.ActionDetail: detailRun,
			api.ActionCreate: createRun, api.ActionUpdate: updateRun, api.ActionDelete: deleteRun},
		Lookup:          lookupRun,
		UnknownOnCreate: compat.RunCreateUnknownAttribute500,
		MissingParent:   runsMissingParent,
	}
}

// runsMissingParent: Mage finds no schedule and goes on without one, listing every run, or
// failing on create.
func runsMissingParent(op *api.Op, err error) error {
	if e, ok := err.(*apierr.Error); !ok || e.Type != apierr.TypeRecordNotFound || op.Parent.Plural != "pipeline_schedules" {
		return err
	}
	switch {
	case op.Action == api.ActionList && op.Env.Compat.Has(compat.MissingRunParentListsAll):
		return nil
	case op.Action == api.ActionCreate && op.Env.Compat.Has(compat.RunCreateParent500):
		return errNoScheduleFault("NoneType")
	}
	return err
}

func errNoScheduleFault(class string) *apierr.Fault {
	return apierr.Unhandled("AttributeError", "'%s' object has no attribute 'pipeline_uuid'", class)
}

func errRunMissing() *apierr.Error { return apierr.NotFound("Record not found.") }

func lookupRun(op *api.Op) (any, error) {
	var rec store.RunRecord
	var ok bool
	op.Env.Store.Read(func(d *store.Data) {
		var r store.PipelineRun
		if r, ok = d.Runs.Get(atoi(op.PK)); ok && runUnder(op, r) {
			rec = d.RunRecord(r)
		} else {
			ok = false
		}
	})
	if !ok {
		return nil, errRunMissing()
	}
	return rec, nil
}

// runUnder reports whether r belongs to the route's parent (true without one).
func runUnder(op *api.Op, r store.PipelineRun) bool {
	switch p := op.ParentRecord.(type) {
	case store.Schedule:
		return r.ScheduleID == p.ID
	case store.Pipeline:
		return r.PipelineUUID == p.UUID
	}
	return true
}

func detailRun(op *api.Op, record any) (any, error) {
	rec := record.(store.RunRecord)
	if !op.Env.AdvanceRuns {
		return rec, nil
	}
	var out store.RunRecord
	err := op.Env.Store.Write(func(d *store.Data) error {
		r, ok := d.Runs.Get(rec.Run.ID)
		if !ok {
			return errRunMissing()
		}
		out = d.RunRecord(advanceRun(d, r, op.Now()))
		return nil
	})
	return out, err
}

// advanceRun moves a run one step of the simulation (--runs advance), its block runs with
// it: initial to running (started_at set; the block runs are created now if the run has none,
// as Mage's scheduler does for a run created through the API), running to completed
// (completed_at set). Other statuses stay. Call it inside a Store.Write.
func advanceRun(d *store.Data, r store.PipelineRun, now time.Time) store.PipelineRun {
	at := now
	switch r.Status {
	case store.RunInitial:
		if len(d.BlockRunsOf(r.ID)) == 0 {
			d.InsertBlockRuns(r, pipelineBlocks(d, r.PipelineUUID))
		}
		r.Status, r.StartedAt = store.RunRunning, &at
		for _, b := range d.BlockRunsOf(r.ID) {
			if b.Status == store.RunInitial || b.Status == store.BlockQueued {
				b.Status, b.StartedAt, b.UpdatedAt = store.RunRunning, &at, now
				d.BlockRuns.Replace(b.ID, b)
			}
		}
	case store.RunRunning:
		if r.StartedAt == nil {
			r.StartedAt = &at
		}
		r.Status, r.CompletedAt = store.RunCompleted, &at
		for _, b := range d.BlockRunsOf(r.ID) {
			if b.Status == store.RunInitial || b.Status == store.BlockQueued || b.Status == store.RunRunning {
				if b.StartedAt == nil {
					b.StartedAt = &at
				}
				b.Status, b.CompletedAt, b.UpdatedAt = store.RunCompleted, &at, now
				d.BlockRuns.Replace(b.ID, b)
			}
		}
	default:
		return r
	}
	r.UpdatedAt = now
	d.Runs.Replace(r.ID, r)
	logRunStep(d, r, now)
	return r
}

// pipelineBlocks are the uuids of a pipeline's blocks, in its order: a block is an object
// with a uuid (or a bare uuid string); anything else is skipped.
func pipelineBlocks(d *store.Data, uuid string) []string {
	p, ok := d.Pipeline(uuid)
	if !ok {
		return nil
	}
	list, _ := p.Attrs["blocks"].([]any)
	var out []string
	for _, b := range list {
		switch v := b.(type) {
		case string:
			out = append(out, v)
		case map[string]any:
			if u, ok := v["uuid"].(string); ok && u != "" {
				out = append(out, u)
			}
		}
	}
	return out
}

// runColumns are the columns order_by[] may name, each with its comparison.
var runColumns = map[string]func(a, b store.PipelineRun) int{
	"id":                   func(a, b store.PipelineRun) int { return cmp.Compare(a.ID, b.ID) },
	"created_at":           func(a, b store.PipelineRun) int { return a.CreatedAt.Compare(b.CreatedAt) },
	"updated_at":           func(a, b store.PipelineRun) int { return a.UpdatedAt.Compare(b.UpdatedAt) },
	"execution_date":       func(a, b store.PipelineRun) int { return a.ExecutionDate.Compare(b.ExecutionDate) },
	"started_at":           func(a, b store.PipelineRun) int { return compareTimes(a.StartedAt, b.StartedAt) },
	"completed_at":         func(a, b store.PipelineRun) int { return compareTimes(a.CompletedAt, b.CompletedAt) },
	"status":               func(a, b store.PipelineRun) int { return cmp.Compare(a.Status, b.Status) },
	"pipeline_uuid":        func(a, b store.PipelineRun) int { return cmp.Compare(a.PipelineUUID, b.PipelineUUID) },
	"pipeline_schedule_id": func(a, b store.PipelineRun) int { return cmp.Compare(a.ScheduleID, b.ScheduleID) },
	"backfill_id":          func(a, b store.PipelineRun) int { return compareInts(a.BackfillID, b.BackfillID) },
	// Constant in the reference, so every run compares equal.
	"passed_sla":    func(a, b store.PipelineRun) int { return 0 },
	"executor_type": func(a, b store.PipelineRun) int { return 0 },
}

// nullsFirst compares two nullable columns as SQLite orders them: null first, then by value.
func nullsFirst[T any](a, b *T, compare func(T, T) int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return compare(*a, *b)
}

func compareTimes(a, b *time.Time) int { return nullsFirst(a, b, time.Time.Compare) }

func compareInts(a, b *int) int { return nullsFirst(a, b, cmp.Compare[int]) }

// orderBy reads "col dir" pairs, comma-separated, from the values of key: a column the
// columns lack, or a direction other than asc and desc, is E(400, record_invalid) (Mage
// raises: compat.RunOrderBy500).
func orderBy[T any](values []string, columns map[string]func(a, b T) int, fault string) (func(a, b T) int, error) {
	var cmps []func(a, b T) int
	for _, v := range values {
		for pair := range strings.SplitSeq(v, ",") {
			fields := strings.Fields(pair)
			if len(fields) == 0 {
				continue
			}
			c, ok := columns[fields[0]]
			desc := len(fields) == 2 && strings.EqualFold(fields[1], "desc")
			if !ok || len(fields) > 2 || (len(fields) == 2 && !desc && !strings.EqualFold(fields[1], "asc")) {
				return nil, apierr.Invalid("order_by names an unknown column or direction.").
					WithErrors(map[string]any{"order_by": strings.TrimSpace(pair)}).
					InMage(compat.RunOrderBy500, apierr.Unhandled("Exception", "%s", fault))
			}
			if desc {
				asc := c
				c = func(a, b T) int { return -asc(a, b) }
			}
			cmps = append(cmps, c)
		}
	}
	if len(cmps) == 0 {
		return nil, nil
	}
	return func(a, b T) int {
		for _, c := range cmps {
			if n := c(a, b); n != 0 {
				return n
			}
		}
		return 0
	}, nil
}

// commaValues are the values of a key, each split on commas (status[]=initial,failed).
func commaValues(values []string) []string {
	var out []string
	for _, v := range values {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// defaultRunOrder is execution_date, newest first, then id, highest first.
func defaultRunOrder(a, b store.PipelineRun) int {
	if n := b.ExecutionDate.Compare(a.ExecutionDate); n != 0 {
		return n
	}
	return cmp.Compare(b.ID, a.ID)
}

func listRuns(op *api.Op, _ any) (any, error) {
	var schedule *store.Schedule
	pipeline := ""
	switch p := op.ParentRecord.(type) {
	case store.Schedule:
		schedule = &p
	case store.Pipeline:
		if op.Env.Compat.Has(compat.RunsUnderPipeline500) {
			return nil, apierr.Unhandled("AttributeError", "'Pipeline' object has no attribute 'id'")
		}
		pipeline = p.UUID
	}
	order, err := orderBy(op.Query["order_by[]"], runColumns, "Pipeline run sort column/query is invalid.")
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = defaultRunOrder
	}
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	statuses := commaValues(op.Query["status[]"])
	if s, ok := op.Query["status"]; ok {
		statuses = append(statuses, api.First(s))
	}
	uuids := commaValues(op.Query["pipeline_uuid[]"])
	if u, ok := op.Query["pipeline_uuid"]; ok {
		uuids = append(uuids, api.First(u))
	}
	backfill, byBackfill, err := runsBackfill(op)
	if err != nil {
		return nil, err
	}
	keep := func(r store.PipelineRun) bool {
		return (schedule == nil || r.ScheduleID == schedule.ID) && (pipeline == "" || r.PipelineUUID == pipeline) &&
			(!byBackfill || r.BackfillID != nil && *r.BackfillID == backfill) &&
			(len(statuses) == 0 || slices.Contains(statuses, r.Status)) &&
			(len(uuids) == 0 || slices.Contains(uuids, r.PipelineUUID))
	}
	var page api.Page
	read := func(d *store.Data) {
		rows := slices.DeleteFunc(d.Runs.All(), func(r store.PipelineRun) bool { return !keep(r) })
		slices.SortStableFunc(rows, order)
		start, end := p.window(len(rows))
		items := make([]any, 0, end-start)
		for _, r := range rows[start:end] {
			if op.Env.AdvanceRuns {
				r = advanceRun(d, r, op.Now())
			}
			items = append(items, d.RunRecord(r))
		}
		page = api.Page{Items: items, Metadata: map[string]any{"count": len(rows), "next": end < len(rows)}}
	}
	if op.Env.AdvanceRuns {
		_ = op.Env.Store.Write(func(d *store.Data) error { read(d); return nil })
	} else {
		op.Env.Store.Read(read)
	}
	return page, nil
}

// runsBackfill reads the runs list's backfill_id: none when absent or empty, else an integer
// (Mage's int() raises on anything else, the empty value too: compat.RunsBackfillID500).
func runsBackfill(op *api.Op) (int, bool, error) {
	values, given := op.Query["backfill_id"]
	v := api.First(values)
	if !given || (v == "" && !op.Env.Compat.Has(compat.RunsBackfillID500)) {
		return 0, false, nil
	}
	n, err := strconv.Atoi(pythonInt(v))
	if err != nil {
		return 0, false, apierr.Invalid("backfill_id must be an integer.").
			InMage(compat.RunsBackfillID500, apierr.Unhandled("ValueError", "invalid literal for int() with base 10: '%s'", v))
	}
	return n, true, nil
}

// executionDate reads a written execution_date (any common datetime format, UTC when it has
// no zone); null or absent is now.
func executionDate(op *api.Op, written any) (time.Time, error) {
	s, _ := written.(*string)
	if s == nil {
		return op.Now().UTC(), nil
	}
	t, ok := parseStartTime(*s)
	if !ok {
		return time.Time{}, apierr.Invalid("execution_date is not a datetime.").
			WithErrors(map[string]any{"attribute": "execution_date", "error": "must be a datetime"})
	}
	return t.UTC(), nil
}

// executionPartition is Mage's "{schedule id}/{YYYYmmddTHHMMSS_ffffff}".
func executionPartition(scheduleID int, t time.Time) string {
	return strconv.Itoa(scheduleID) + "/" + t.UTC().Format("20060102T150405") + "_" + t.UTC().Format(".000000")[1:]
}

// newRun is a run of schedule s, as created at now: variables with the execution partition
// added, status initial.
func newRun(id int, s store.Schedule, variables, events map[string]any, backfill *int, executed, now time.Time) store.PipelineRun {
	v := maps.Clone(variables)
	if v == nil {
		v = map[string]any{}
	}
	v["execution_partition"] = executionPartition(s.ID, executed)
	return store.PipelineRun{ID: id, ScheduleID: s.ID, PipelineUUID: s.PipelineUUID, ExecutionDate: executed,
		Status: store.RunInitial, Variables: v, EventVariables: events, BackfillID: backfill, CreatedAt: now, UpdatedAt: now}
}

func createRun(op *api.Op, _ any) (any, error) {
	s, ok := op.ParentRecord.(store.Schedule)
	if !ok {
		class := "NoneType"
		if _, isPipeline := op.ParentRecord.(store.Pipeline); isPipeline {
			class = "Pipeline"
		}
		return nil, apierr.Invalid("Create pipeline runs under /api/pipeline_schedules/{id}/pipeline_runs.").
			InMage(compat.RunCreateParent500, errNoScheduleFault(class))
	}
	executed, err := executionDate(op, op.Attrs["execution_date"])
	if err != nil {
		return nil, err
	}
	variables, _ := op.Attrs["variables"].(map[string]any)
	events, _ := op.Attrs["event_variables"].(map[string]any)
	backfill, _ := op.Attrs["backfill_id"].(*int)
	now := op.Now()
	var rec store.RunRecord
	err = op.Env.Store.Write(func(d *store.Data) error {
		s, ok := d.Schedules.Get(s.ID)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		// Mage's create starts an inactive one-off time schedule.
		if scheduleType(s) == "time" && s.Attrs["schedule_interval"] == "@once" && s.Attrs["status"] != "active" {
			markSchedule(d, s, "active", now)
		}
		r := d.InsertRun(func(id int) store.PipelineRun {
			return newRun(id, s, variables, events, backfill, executed, now)
		}, nil)
		rec = d.RunRecord(r)
		return nil
	})
	return rec, err
}

// markSchedule sets a schedule "active" (as a trigger or a backfill's start does) or
// "inactive" (a backfill's end); last_enabled_at is left as it is, as Mage leaves it.
func markSchedule(d *store.Data, s store.Schedule, status string, now time.Time) {
	s.Attrs = maps.Clone(s.Attrs)
	s.Attrs["status"] = status
	s.UpdatedAt = now
	d.Schedules.Replace(s.ID, s)
}

// updateRun: status "cancelled" cancels an initial or running run and its unfinished block
// runs (a finished run stays as it is); pipeline_run_action "retry_blocks" sets back to
// initial the block runs not completed (or from_block_uuid's and its downstream blocks') and
// the run to running. Any other status or action changes nothing.
func updateRun(op *api.Op, record any) (any, error) {
	id := record.(store.RunRecord).Run.ID
	status, _ := op.Attrs["status"].(string)
	action, _ := op.Attrs["pipeline_run_action"].(string)
	from, _ := op.Attrs["from_block_uuid"].(*string)
	now := op.Now()
	var rec store.RunRecord
	err := op.Env.Store.Write(func(d *store.Data) error {
		r, ok := d.Runs.Get(id)
		if !ok {
			return errRunMissing()
		}
		switch {
		case status == store.RunCancelled:
			if r.Status == store.RunInitial || r.Status == store.RunRunning {
				cancelBlockRuns(d, r.ID, now)
				r.Status, r.UpdatedAt = store.RunCancelled, now
				d.Runs.Replace(r.ID, r)
			}
		case action == "retry_blocks":
			retry := retriedBlocks(d, r, from)
			for _, b := range d.BlockRunsOf(r.ID) {
				if retry(b) {
					b.Status, b.UpdatedAt = store.RunInitial, now
					d.BlockRuns.Replace(b.ID, b)
				}
			}
			r.Status, r.UpdatedAt = store.RunRunning, now
			d.Runs.Replace(r.ID, r)
		}
		rec = d.RunRecord(r)
		return nil
	})
	return rec, err
}

// cancelBlockRuns cancels a run's unfinished block runs.
func cancelBlockRuns(d *store.Data, runID int, now time.Time) {
	for _, b := range d.BlockRunsOf(runID) {
		if b.Status == store.RunInitial || b.Status == store.BlockQueued || b.Status == store.RunRunning {
			b.Status, b.UpdatedAt = store.RunCancelled, now
			d.BlockRuns.Replace(b.ID, b)
		}
	}
}

// retriedBlocks says which block runs a retry sets back: those not completed, or, from a
// block, that block's and its downstream blocks' (by the pipeline's upstream_blocks); an
// unknown block, none.
func retriedBlocks(d *store.Data, r store.PipelineRun, from *string) func(store.BlockRun) bool {
	if from == nil {
		return func(b store.BlockRun) bool { return b.Status != store.RunCompleted }
	}
	chosen := map[string]bool{}
	if slices.Contains(pipelineBlocks(d, r.PipelineUUID), *from) {
		chosen[*from] = true
		upstream := blockUpstreams(d, r.PipelineUUID)
		for grew := true; grew; {
			grew = false
			for block, ups := range upstream {
				for _, u := range ups {
					if chosen[u] && !chosen[block] {
						chosen[block], grew = true, true
					}
				}
			}
		}
	}
	return func(b store.BlockRun) bool { return chosen[b.BlockUUID] }
}

// blockUpstreams are each block's upstream_blocks, as the pipeline's blocks list them.
func blockUpstreams(d *store.Data, uuid string) map[string][]string {
	out := map[string][]string{}
	p, _ := d.Pipeline(uuid)
	list, _ := p.Attrs["blocks"].([]any)
	for _, b := range list {
		m, _ := b.(map[string]any)
		u, _ := m["uuid"].(string)
		ups, _ := m["upstream_blocks"].([]any)
		for _, up := range ups {
			if s, ok := up.(string); ok && u != "" {
				out[u] = append(out[u], s)
			}
		}
	}
	return out
}

func deleteRun(op *api.Op, record any) (any, error) {
	rec := record.(store.RunRecord)
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Runs.Get(rec.Run.ID); !ok {
			return errRunMissing()
		}
		d.DeleteRun(rec.Run.ID)
		return nil
	})
	return rec, err
}
