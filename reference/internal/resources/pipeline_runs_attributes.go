package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// RunAttributes are a run's columns, which every answer shows, and what a detail and a list
// item add. Editors write variables, execution_date, event_variables and backfill_id on
// create; status, pipeline_run_action and from_block_uuid on update. pipeline_schedule_id and
// pipeline_uuid are shown, so a written value is ignored: the server takes them from the
// parent schedule.
var RunAttributes = func() *api.Attributes {
	editor := api.AtLeast(role.Editor)
	onCreate, onUpdate := api.WrittenOn(editor, api.ActionCreate), api.WrittenOn(editor, api.ActionUpdate)
	columns := []string{"default", "detail", "list"}
	basic := append([]string{"with_basic_details"}, columns...)
	list := []string{"list"}
	return api.Declare(
		api.Attribute{Name: "id", Shown: basic},
		api.Attribute{Name: "status", Kind: api.KindString, Write: onUpdate, Shown: basic},
		api.Attribute{Name: "execution_date", Kind: api.KindNullString, Write: onCreate, Shown: basic},
		api.Attribute{Name: "variables", Kind: api.KindNullObject, Write: onCreate, Shown: columns},
		api.Attribute{Name: "event_variables", Kind: api.KindNullObject, Write: onCreate, Shown: columns},
		api.Attribute{Name: "backfill_id", Kind: api.KindNullInt, Write: onCreate, Shown: columns},
		api.Attribute{Name: "pipeline_schedule_id", Write: onCreate, Shown: columns},
		api.Attribute{Name: "pipeline_uuid", Write: onCreate, Shown: columns},
		api.Attribute{Name: "pipeline_run_action", Kind: api.KindString, Write: onUpdate},
		api.Attribute{Name: "from_block_uuid", Kind: api.KindNullString, Write: onUpdate},
		api.Attribute{Name: "executor_type", Shown: columns},
		api.Attribute{Name: "metrics", Shown: columns},
		api.Attribute{Name: "passed_sla", Shown: columns},
		api.Attribute{Name: "started_at", Shown: columns},
		api.Attribute{Name: "completed_at", Shown: columns},
		api.Attribute{Name: "created_at", Shown: columns},
		api.Attribute{Name: "updated_at", Shown: columns},
		api.Attribute{Name: "block_runs", Shown: []string{"detail", "list"}},
		api.Attribute{Name: "block_runs_count", Shown: list},
		api.Attribute{Name: "completed_block_runs_count", Shown: list},
		api.Attribute{Name: "pipeline_schedule_name", Shown: list},
		api.Attribute{Name: "pipeline_schedule_token", Shown: list},
		api.Attribute{Name: "pipeline_schedule_type", Shown: list},
		api.Attribute{Name: "pipeline_tags", Shown: list},
		api.Attribute{Name: "pipeline_type", Shown: list},
		api.Attribute{Name: "repo_path", Shown: list},
	)
}()
