package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// BackfillAttributes are a backfill's 18 columns, which every answer shows, and what a list
// or detail adds when asked. Editors create one with a name alone and then update the keys
// Mage keeps (ALLOWED_PAYLOAD_KEYS) and status. interval_units takes any value here because
// Mage stores what it is given (compat.BackfillBadValuesStored); applyBackfillValues checks it.
var BackfillAttributes = func() *api.Attributes {
	editor := api.AtLeast(role.Editor)
	onUpdate := api.WrittenOn(editor, api.ActionUpdate)
	shown := []string{"default", "list", "detail"}
	asked := []string{"list", "detail"}
	return api.Declare(
		api.Attribute{Name: "name", Kind: api.KindNullString, Write: api.WrittenOn(editor, api.ActionCreate, api.ActionUpdate), Shown: shown},
		api.Attribute{Name: "block_uuid", Kind: api.KindNullString, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "start_datetime", Kind: api.KindNullString, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "end_datetime", Kind: api.KindNullString, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "interval_type", Kind: api.KindNullString, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "interval_units", Kind: api.KindAny, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "settings", Kind: api.KindNullObject, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "variables", Kind: api.KindNullObject, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "status", Kind: api.KindNullString, Write: onUpdate, Shown: shown},
		api.Attribute{Name: "id", Shown: shown},
		api.Attribute{Name: "pipeline_uuid", Shown: shown},
		api.Attribute{Name: "pipeline_schedule_id", Shown: shown},
		api.Attribute{Name: "metrics", Shown: shown},
		api.Attribute{Name: "started_at", Shown: shown},
		api.Attribute{Name: "completed_at", Shown: shown},
		api.Attribute{Name: "failed_at", Shown: shown},
		api.Attribute{Name: "created_at", Shown: shown},
		api.Attribute{Name: "updated_at", Shown: shown},
		api.Attribute{Name: "total_run_count", Shown: asked},
		api.Attribute{Name: "run_status_counts", Shown: asked},
		api.Attribute{Name: "pipeline_run_dates", Shown: asked},
	)
}()
