package presenters

import (
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Backfills shows a backfill's columns, and on list and detail what was asked for
// (resources.BackfillAttributes).
func Backfills() api.Presenter {
	return api.Presenter{
		Formats: resources.BackfillAttributes.Formats(),
		Present: presentBackfill,
	}
}

func presentBackfill(op *api.Op, record any) map[string]any {
	rec := record.(store.BackfillRecord)
	b := rec.Backfill
	stamp, moment := nullTime, nullTime
	if op.Env.Compat.Has(compat.SQLiteDatetimes) {
		stamp, moment = sqliteStamp, pythonDatetime
	}
	out := map[string]any{"block_uuid": b.BlockUUID, "completed_at": moment(b.CompletedAt),
		"created_at": stamp(&b.CreatedAt), "end_datetime": moment(b.EndDatetime), "failed_at": moment(b.FailedAt),
		"id": b.ID, "interval_type": b.IntervalType, "interval_units": b.IntervalUnits, "metrics": nil,
		"name": b.Name, "pipeline_schedule_id": b.ScheduleID, "pipeline_uuid": b.PipelineUUID,
		"settings": b.Settings, "start_datetime": moment(b.StartDatetime), "started_at": moment(b.StartedAt),
		"status": nil, "updated_at": stamp(&b.UpdatedAt), "variables": b.Variables,
		"pipeline_run_dates": api.Absent, "run_status_counts": api.Absent, "total_run_count": api.Absent}
	if b.Status != "" {
		out["status"] = b.Status
	}
	if rec.Counted {
		out["total_run_count"], out["run_status_counts"] = rec.TotalRunCount, rec.RunStatusCounts
	}
	if rec.Preview != nil {
		out["pipeline_run_dates"] = rec.Preview
	}
	return out
}

// sqliteStamp is a datetime SQLite's CURRENT_TIMESTAMP wrote: to the second, without a zone.
func sqliteStamp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.DateTime)
}

// pythonDatetime is str() of a naive UTC datetime, as SQLite keeps one Python wrote:
// microseconds only when there are some.
func pythonDatetime(t *time.Time) any {
	if t == nil {
		return nil
	}
	if t.Nanosecond()/1000 == 0 {
		return t.UTC().Format(time.DateTime)
	}
	return t.UTC().Format("2006-01-02 15:04:05.000000")
}
