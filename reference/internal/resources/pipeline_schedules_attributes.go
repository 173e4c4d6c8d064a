package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// ScheduleAttributes are a schedule's columns, which editors write on create and update and
// every answer shows, and the run statistics a list item adds.
var ScheduleAttributes = func() *api.Attributes {
	write := api.WrittenOn(api.AtLeast(role.Editor), api.ActionCreate, api.ActionUpdate)
	all, list := []string{"default", "list"}, []string{"list"}
	return api.Declare(
		api.Attribute{Name: "id", Shown: all},
		api.Attribute{Name: "pipeline_uuid", Shown: all},
		api.Attribute{Name: "name", Kind: api.KindString, Write: write, Shown: all},
		api.Attribute{Name: "schedule_type", Kind: api.KindString, Write: write, Shown: all},
		api.Attribute{Name: "schedule_interval", Kind: api.KindNullString, Write: write, Shown: all},
		api.Attribute{Name: "start_time", Kind: api.KindNullString, Write: write, Shown: all},
		api.Attribute{Name: "status", Kind: api.KindString, Write: write, Shown: all},
		api.Attribute{Name: "variables", Kind: api.KindObject, Write: write, Shown: all},
		api.Attribute{Name: "sla", Kind: api.KindNullInt, Write: write, Shown: all},
		api.Attribute{Name: "settings", Kind: api.KindObject, Write: write, Shown: all},
		api.Attribute{Name: "tags", Kind: api.KindStringList, Write: write, Shown: all},
		api.Attribute{Name: "description", Kind: api.KindNullString, Write: write, Shown: all},
		api.Attribute{Name: "token", Kind: api.KindString, Write: write, Shown: all},
		api.Attribute{Name: "global_data_product_uuid", Kind: api.KindNullString, Write: write, Shown: all},
		api.Attribute{Name: "last_enabled_at", Shown: all},
		api.Attribute{Name: "repo_path", Shown: all},
		api.Attribute{Name: "created_at", Shown: all},
		api.Attribute{Name: "updated_at", Shown: all},
		// The run statistics (the presenter's scheduleListExtras).
		api.Attribute{Name: "event_matchers", Shown: list},
		api.Attribute{Name: "last_pipeline_run_status", Shown: list},
		api.Attribute{Name: "next_pipeline_run_date", Shown: list},
		api.Attribute{Name: "pipeline_in_progress_runs_count", Shown: list},
		api.Attribute{Name: "pipeline_runs_count", Shown: list},
	)
}()
