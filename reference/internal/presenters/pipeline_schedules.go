package presenters

import (
	"maps"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

var scheduleAttributes = []string{"id", "created_at", "updated_at", "name", "pipeline_uuid",
	"schedule_type", "schedule_interval", "start_time", "status", "variables", "sla", "settings",
	"tags", "token", "description", "last_enabled_at", "repo_path", "global_data_product_uuid"}

// scheduleListExtras are the run statistics Mage adds to list items; the
// reference has no runs, so they are empty.
var scheduleListExtras = map[string]any{"event_matchers": []any{}, "last_pipeline_run_status": nil,
	"next_pipeline_run_date": nil, "pipeline_in_progress_runs_count": 0, "pipeline_runs_count": 0}

// mageScheduleAttributes is PipelineSchedulePresenter.default_attributes: no tags.
var mageScheduleAttributes = slices.DeleteFunc(slices.Clone(scheduleAttributes), func(a string) bool { return a == "tags" })

// PipelineSchedules shows a schedule's attributes, with the run statistics in lists.
func PipelineSchedules() api.Presenter {
	listAttrs := withAttributes(scheduleAttributes, slices.Sorted(maps.Keys(scheduleListExtras))...)
	mageMember := withAttributes(mageScheduleAttributes, "event_matchers", "next_pipeline_run_date", "tags")
	return api.Presenter{
		Formats: map[string][]string{"default": scheduleAttributes, "list": listAttrs},
		InMage: map[compat.ID]map[string][]string{compat.ScheduleFormats: {
			"default": mageScheduleAttributes, "list": listAttrs, "detail": mageMember, "update": mageMember,
		}},
		Present: func(op *api.Op, record any) map[string]any {
			s := record.(store.Schedule)
			out := presentSchedule(s)
			if op.Action == api.ActionList || op.Env.Compat.Has(compat.ScheduleFormats) {
				maps.Copy(out, scheduleListExtras) // Mage's detail and update show some of them too
				if op.Env.Compat.Has(compat.ScheduleNextRunDate) {
					out["next_pipeline_run_date"] = nextRunDate(s, op.Now())
				}
				if op.Env.Compat.Has(compat.ScheduleRunCountsNull) {
					out["pipeline_runs_count"], out["pipeline_in_progress_runs_count"] = nil, nil
				}
			}
			return out
		},
	}
}

func presentSchedule(s store.Schedule) map[string]any {
	out := maps.Clone(s.Attrs)
	out["id"], out["pipeline_uuid"], out["repo_path"] = s.ID, s.PipelineUUID, RepoPath
	out["created_at"], out["updated_at"] = api.Datetime(s.CreatedAt), api.Datetime(s.UpdatedAt)
	return out
}
