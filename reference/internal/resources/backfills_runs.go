package resources

import (
	"maps"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// backfillRunDates are the dates a backfill runs (none with a block_uuid), with each date's
// variables. The four settings must be set. An interval_units that is not an integer is only
// stored where Mage stores it (compat.BackfillBadValuesStored), which then fails here.
func backfillRunDates(b store.Backfill) ([]time.Time, []map[string]any, error) {
	if b.BlockUUID != nil {
		return nil, nil, nil
	}
	units, ok := b.IntervalUnits.(int)
	if !ok {
		return nil, nil, apierr.Unhandled("TypeError", "unsupported type for timedelta %ss component: %s", *b.IntervalType, pyTypeName(b.IntervalUnits))
	}
	dates, err := backfillDates(*b.StartDatetime, *b.EndDatetime, *b.IntervalType, units)
	if err != nil {
		return nil, nil, err
	}
	return dates, dateVariables(dates), nil
}

// complete: the backfill has all it needs to preview or start its dates.
func complete(b store.Backfill) bool {
	return b.StartDatetime != nil && b.EndDatetime != nil && b.IntervalType != nil && b.IntervalUnits != nil
}

// startBackfill creates, once, the backfill's @once schedule and then one run per date with
// its block runs, and sets the backfill initial. Without dates it only sets the status.
func startBackfill(op *api.Op, d *store.Data, b store.Backfill, now time.Time) (store.Backfill, error) {
	if b.BlockUUID == nil && !complete(b) {
		return b, apierr.Invalid("A backfill starts once start_datetime, end_datetime, interval_type and interval_units are set.").
			InMage(compat.BackfillStartIncomplete500, apierr.Unhandled("TypeError", "'<=' not supported between instances of 'NoneType' and 'NoneType'"))
	}
	dates, variables, err := backfillRunDates(b)
	if err != nil {
		return b, err
	}
	if len(dates) > 0 {
		s, ok := backfillSchedule(d, b)
		if !ok {
			s = d.Schedules.Insert(func(id int) store.Schedule {
				return store.Schedule{ID: id, PipelineUUID: b.PipelineUUID, Attrs: backfillScheduleAttrs(b, now), CreatedAt: now, UpdatedAt: now}
			})
		}
		blocks := pipelineBlocks(d, b.PipelineUUID)
		for i, at := range dates {
			vars := maps.Clone(b.Variables)
			if vars == nil {
				vars = map[string]any{}
			}
			maps.Copy(vars, variables[i])
			backfill := b.ID
			d.InsertRun(func(id int) store.PipelineRun {
				return store.PipelineRun{ID: id, ScheduleID: s.ID, PipelineUUID: b.PipelineUUID, ExecutionDate: at,
					Status: store.RunInitial, Variables: vars, BackfillID: &backfill, CreatedAt: now, UpdatedAt: now}
			}, blocks)
		}
		b.ScheduleID = &s.ID
		if s.Attrs["status"] != "active" {
			markSchedule(d, s, "active", now)
		}
	}
	b.Status, b.StartedAt = store.RunInitial, &now
	return b, nil
}

// backfillScheduleAttrs are the attributes of a backfill's schedule: Mage's f"Backfill {name}"
// (so a backfill without a name gives "Backfill None"), @once from now, without a type.
func backfillScheduleAttrs(b store.Backfill, now time.Time) map[string]any {
	name := "None"
	if b.Name != nil {
		name = *b.Name
	}
	return map[string]any{"name": "Backfill " + name, "schedule_type": nil, "schedule_interval": "@once",
		"start_time": api.Datetime(now), "status": "inactive", "variables": b.Variables, "sla": nil,
		"settings": b.Settings, "tags": []string{}, "description": nil, "token": newScheduleToken(),
		"last_enabled_at": nil, "global_data_product_uuid": nil}
}

func backfillSchedule(d *store.Data, b store.Backfill) (store.Schedule, bool) {
	if b.ScheduleID == nil {
		return store.Schedule{}, false
	}
	return d.Schedules.Get(*b.ScheduleID)
}

// cancelBackfill cancels the backfill's unfinished runs (and their unfinished block runs,
// unless compat.BackfillCancelKeepsBlockRuns) and sets its schedule inactive. Mage then fails
// on a backfill without a schedule, after the change (compat.BackfillCancelUnstarted500).
func cancelBackfill(op *api.Op, d *store.Data, b store.Backfill, now time.Time) (store.Backfill, error) {
	for _, r := range d.RunsOfBackfill(b.ID) {
		if r.Status == store.RunCancelled || r.Status == store.RunCompleted || r.Status == store.RunFailed {
			continue
		}
		if !op.Env.Compat.Has(compat.BackfillCancelKeepsBlockRuns) {
			cancelBlockRuns(d, r.ID, now)
		}
		r.Status, r.UpdatedAt = store.RunCancelled, now
		d.Runs.Replace(r.ID, r)
	}
	b.Status = store.RunCancelled
	s, ok := backfillSchedule(d, b)
	if !ok {
		if op.Env.Compat.Has(compat.BackfillCancelUnstarted500) {
			return b, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'update'")
		}
		return b, nil
	}
	markSchedule(d, s, "inactive", now)
	return b, nil
}

// newestRuns are the backfill's newest run of each date: a restart's runs replace the ones
// before them.
func newestRuns(d *store.Data, id int) map[time.Time]store.PipelineRun {
	out := map[time.Time]store.PipelineRun{}
	for _, r := range d.RunsOfBackfill(id) { // in id order, so a later run wins
		out[r.ExecutionDate] = r
	}
	return out
}

// advanceBackfill is a read of a started backfill under --runs advance: each of its runs
// moves a step, and the backfill is running once one of its runs ran, completed (its schedule
// inactive) once the newest run of every date completed. Call it inside a Store.Write.
func advanceBackfill(d *store.Data, b store.Backfill, now time.Time) store.Backfill {
	if b.Status != store.RunInitial && b.Status != store.RunRunning {
		return b
	}
	for _, r := range d.RunsOfBackfill(b.ID) {
		advanceRun(d, r, now)
	}
	newest := newestRuns(d, b.ID)
	completed, ran := 0, false
	for _, r := range newest {
		if r.Status == store.RunCompleted {
			completed++
		}
		ran = ran || r.Status == store.RunRunning || r.Status == store.RunCompleted
	}
	switch {
	case len(newest) > 0 && completed == len(newest):
		b.Status, b.CompletedAt = store.RunCompleted, &now
		if s, ok := backfillSchedule(d, b); ok {
			markSchedule(d, s, "inactive", now)
		}
	case ran && b.Status == store.RunInitial:
		b.Status = store.RunRunning
	default:
		return b
	}
	b.UpdatedAt = now
	d.Backfills.Replace(b.ID, b)
	return b
}

// backfillRecord is b as an answer shows it: with include_run_count or include_preview_runs
// and all four settings set, its number of dates and the statuses of the newest run of each
// date; include_preview_runs adds a page of the dates. Under --runs advance
// the backfill first moves a step (the caller holds the write lock).
func backfillRecord(op *api.Op, d *store.Data, b store.Backfill) (store.BackfillRecord, error) {
	if op.Env.AdvanceRuns {
		b = advanceBackfill(d, b, op.Now())
	}
	rec := store.BackfillRecord{Backfill: b}
	preview := api.Truthy(op.Query["include_preview_runs"])
	if !(preview || api.Truthy(op.Query["include_run_count"])) || !complete(b) {
		return rec, nil
	}
	_, variables, err := backfillRunDates(b)
	if err != nil {
		return rec, err
	}
	rec.Counted, rec.TotalRunCount, rec.RunStatusCounts = true, len(variables), map[string]int{}
	for _, r := range newestRuns(d, b.ID) {
		rec.RunStatusCounts[r.Status]++
	}
	if preview { // on a list too, for owners: the policy admits it on the detail alone
		p, err := parsePaging(op, DefaultPageSize)
		if err != nil {
			return rec, err
		}
		if op.Env.Compat.Has(compat.BackfillPreviewExtraDate) {
			p.Limit++
		}
		start, end := p.window(len(variables))
		rec.Preview = append([]map[string]any{}, variables[start:end]...)
	}
	return rec, nil
}
