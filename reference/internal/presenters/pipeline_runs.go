package presenters

import (
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// PipelineRuns shows a run's columns; its detail adds its block runs, a list item more: their
// counts, its schedule and pipeline (tags and type only when asked for), and the project path
// (resources.RunAttributes).
func PipelineRuns() api.Presenter {
	return api.Presenter{
		Formats: resources.RunAttributes.Formats(),
		Present: presentRun,
	}
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return api.Datetime(*t)
}

func presentRun(op *api.Op, record any) map[string]any {
	rec := record.(store.RunRecord)
	r := rec.Run
	var events any
	if r.EventVariables != nil {
		events = r.EventVariables
	}
	var backfill any
	if r.BackfillID != nil {
		backfill = *r.BackfillID
	}
	out := map[string]any{"backfill_id": backfill, "completed_at": nullTime(r.CompletedAt),
		"created_at": api.Datetime(r.CreatedAt), "event_variables": events, "execution_date": api.Datetime(r.ExecutionDate),
		"executor_type": "local_python", "id": r.ID, "metrics": nil, "passed_sla": false,
		"pipeline_schedule_id": r.ScheduleID, "pipeline_uuid": r.PipelineUUID, "started_at": nullTime(r.StartedAt),
		"status": r.Status, "updated_at": api.Datetime(r.UpdatedAt), "variables": r.Variables}
	switch op.Action {
	case api.ActionDetail:
		blocks := make([]map[string]any, 0, len(rec.BlockRuns))
		for _, b := range rec.BlockRuns {
			m := blockRunColumns(b)
			m["pipeline_schedule_id"], m["pipeline_schedule_name"] = scheduleOf(rec.Schedule, rec.HasSchedule)
			blocks = append(blocks, m)
		}
		out["block_runs"] = blocks
	case api.ActionList:
		blocks := make([]map[string]any, 0, len(rec.BlockRuns))
		completed := 0
		for _, b := range rec.BlockRuns {
			blocks = append(blocks, blockRunColumns(b))
			if b.Status == store.RunCompleted {
				completed++
			}
		}
		out["block_runs"], out["block_runs_count"], out["completed_block_runs_count"] = blocks, len(blocks), completed
		out["pipeline_schedule_name"], out["pipeline_schedule_token"], out["pipeline_schedule_type"] = nil, nil, nil
		if rec.HasSchedule {
			out["pipeline_schedule_name"], out["pipeline_schedule_token"] = rec.Schedule.Attrs["name"], rec.Schedule.Attrs["token"]
			out["pipeline_schedule_type"] = rec.Schedule.Attrs["schedule_type"]
		}
		out["pipeline_tags"], out["pipeline_type"], out["repo_path"] = nil, nil, RepoPath
		if rec.HasPipeline && api.Truthy(op.Query["include_pipeline_tags"]) {
			out["pipeline_tags"] = rec.Pipeline.Attrs["tags"]
		}
		if _, typed := op.Query["pipeline_type"]; rec.HasPipeline && (typed || api.Truthy(op.Query["include_pipeline_type"])) {
			out["pipeline_type"] = rec.Pipeline.Attrs["type"]
		}
	}
	return out
}

// blockRunColumns are a block run's columns, as a run's answers show them.
func blockRunColumns(b store.BlockRun) map[string]any {
	return map[string]any{"block_uuid": b.BlockUUID, "completed_at": nullTime(b.CompletedAt),
		"created_at": api.Datetime(b.CreatedAt), "id": b.ID, "metrics": nil, "pipeline_run_id": b.RunID,
		"started_at": nullTime(b.StartedAt), "status": b.Status, "updated_at": api.Datetime(b.UpdatedAt)}
}

func scheduleOf(s store.Schedule, ok bool) (any, any) {
	if !ok {
		return nil, nil
	}
	return s.ID, s.Attrs["name"]
}

// BlockRuns shows a block run in the lists: its columns but metrics, and its run's schedule
// (resources.BlockRunAttributes).
func BlockRuns() api.Presenter {
	return api.Presenter{
		Formats: resources.BlockRunAttributes.Formats(),
		Present: func(op *api.Op, record any) map[string]any {
			rec := record.(store.BlockRunRecord)
			date := api.Datetime
			if op.Env.Compat.Has(compat.BlockRunListDates) {
				date = isoDatetime
			}
			dateOf := func(t *time.Time) any {
				if t == nil {
					return nil
				}
				return date(*t)
			}
			out := map[string]any{"block_uuid": rec.BlockUUID, "completed_at": dateOf(rec.CompletedAt),
				"created_at": date(rec.CreatedAt), "id": rec.ID, "pipeline_run_id": rec.RunID,
				"started_at": dateOf(rec.StartedAt), "status": rec.Status, "updated_at": date(rec.UpdatedAt)}
			out["pipeline_schedule_id"], out["pipeline_schedule_name"] = scheduleOf(rec.Schedule, rec.HasSchedule)
			if rec.Nested && op.Env.Compat.Has(compat.NestedBlockRunsScheduleNull) {
				out["pipeline_schedule_id"], out["pipeline_schedule_name"] = nil, nil
			}
			return out
		},
	}
}

// isoDatetime is Python's isoformat() of a naive UTC datetime: microseconds only when there
// are some.
func isoDatetime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}
