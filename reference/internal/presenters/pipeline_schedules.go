package presenters

import (
	"maps"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// scheduleListExtras are the values of the run statistics Mage adds to list items
// (resources.ScheduleAttributes shows them in the list format); the reference
// counts no runs here, so they are empty.
var scheduleListExtras = map[string]any{"event_matchers": []any{}, "last_pipeline_run_status": nil,
	"next_pipeline_run_date": nil, "pipeline_in_progress_runs_count": 0, "pipeline_runs_count": 0}

// PipelineSchedules shows a schedule's attributes, with the run statistics in lists
// (resources.ScheduleAttributes).
func PipelineSchedules() api.Presenter {
	formats := resources.ScheduleAttributes.Formats()
	// PipelineSchedulePresenter.default_attributes has no tags; its detail and update show
	// some of the run statistics.
	mage := slices.DeleteFunc(slices.Clone(formats["default"]), func(a string) bool { return a == "tags" })
	mageMember := withAttributes(mage, "event_matchers", "next_pipeline_run_date", "tags")
	return api.Presenter{
		Formats: formats,
		InMage: map[compat.ID]map[string][]string{compat.ScheduleFormats: {
			"default": mage, "list": formats["list"], "detail": mageMember, "update": mageMember,
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
