package presenters

import (
	"maps"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/store"
)

var scheduleAttributes = []string{"id", "created_at", "updated_at", "name", "pipeline_uuid",
	"schedule_type", "schedule_interval", "start_time", "status", "variables", "sla", "settings",
	"tags", "token", "description", "last_enabled_at", "repo_path", "global_data_product_uuid"}

// scheduleListExtras are the run statistics Mage adds to list items; the
// reference has no runs, so they are empty.
var scheduleListExtras = map[string]any{"event_matchers": []any{}, "last_pipeline_run_status": nil,
	"next_pipeline_run_date": nil, "pipeline_in_progress_runs_count": 0, "pipeline_runs_count": 0}

// PipelineSchedules shows a schedule's attributes, with the run statistics in lists.
func PipelineSchedules() api.Presenter {
	listAttrs := withAttributes(scheduleAttributes, slices.Sorted(maps.Keys(scheduleListExtras))...)
	return api.Presenter{
		Formats: map[string][]string{"default": scheduleAttributes, "list": listAttrs},
		Present: func(op *api.Op, record any) map[string]any {
			out := presentSchedule(record.(store.Schedule))
			if op.Action == api.ActionList {
				maps.Copy(out, scheduleListExtras)
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
