package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// BlockAttributes are a block's attributes (BlockPresenter's to_dict, C §7, and BlockPolicy's
// allow-lists, which editors write). Every answer shows the block's wiring and settings;
// create and update add its content, detail its content and outputs. content is read on
// create only: an update ignores it, as Mage does. priority and require_unique_name are
// accepted without effect (a name is always unique within its pipeline).
var BlockAttributes = func() *api.Attributes {
	editor := api.AtLeast(role.Editor)
	onCreate := api.WrittenOn(editor, api.ActionCreate)
	onUpdate := api.WrittenOn(editor, api.ActionUpdate)
	onBoth := api.WrittenOn(editor, api.ActionCreate, api.ActionUpdate)
	all := []string{"default", "list", "detail", "create", "update", "delete"}
	return api.Declare(
		api.Attribute{Name: "uuid", Write: onBoth, Shown: all},
		api.Attribute{Name: "name", Kind: api.KindString, Write: onBoth, Shown: all},
		api.Attribute{Name: "type", Kind: api.KindString, Write: onBoth, Shown: all},
		api.Attribute{Name: "language", Kind: api.KindString, Write: onBoth, Shown: all},
		api.Attribute{Name: "upstream_blocks", Kind: api.KindStringList, Write: onBoth, Shown: all},
		api.Attribute{Name: "downstream_blocks", Kind: api.KindStringList, Write: onBoth, Shown: all},
		api.Attribute{Name: "color", Kind: api.KindNullString, Write: onBoth, Shown: all},
		api.Attribute{Name: "configuration", Kind: api.KindObject, Write: onBoth, Shown: all},
		api.Attribute{Name: "has_callback", Kind: api.KindBool, Write: onBoth, Shown: all},
		api.Attribute{Name: "executor_type", Kind: api.KindString, Write: onUpdate, Shown: all},
		api.Attribute{Name: "retry_config", Kind: api.KindNullObject, Write: onUpdate, Shown: all},
		api.Attribute{Name: "timeout", Kind: api.KindNullInt, Write: onUpdate, Shown: all},
		api.Attribute{Name: "all_upstream_blocks_executed", Write: onUpdate, Shown: all},
		api.Attribute{Name: "executor_config", Write: onUpdate, Shown: all},
		api.Attribute{Name: "status", Write: onUpdate, Shown: all},
		api.Attribute{Name: "content", Kind: api.KindString, Write: onBoth, Shown: []string{"detail", "create", "update"}},
		api.Attribute{Name: "outputs", Write: onUpdate, Shown: []string{"detail"}},
		api.Attribute{Name: "priority", Kind: api.KindNullInt, Write: onCreate},
		api.Attribute{Name: "require_unique_name", Kind: api.KindBool, Write: onCreate},
		// In Mage's allow-lists, unknown to the reference: an editor's write passes the policy
		// and is then refused as unknown (ignored in Mage: compat.UnknownAttributesIgnored).
		api.Attribute{Name: "block_action_object", Write: onCreate},
		api.Attribute{Name: "config", Write: onCreate},
		api.Attribute{Name: "converted_from", Write: onCreate},
		api.Attribute{Name: "defaults", Write: onCreate},
		api.Attribute{Name: "catalog", Write: onBoth},
		api.Attribute{Name: "extension_uuid", Write: onBoth},
		api.Attribute{Name: "metadata", Write: onBoth},
		api.Attribute{Name: "pipelines", Write: onBoth},
		api.Attribute{Name: "replicated_block", Write: onBoth},
		api.Attribute{Name: "bookmark_values", Write: onUpdate},
		api.Attribute{Name: "callback_blocks", Write: onUpdate},
		api.Attribute{Name: "conditional_blocks", Write: onUpdate},
		api.Attribute{Name: "documentation", Write: onUpdate},
		api.Attribute{Name: "destination_table", Write: onUpdate},
		api.Attribute{Name: "tags", Write: onUpdate},
		api.Attribute{Name: "tap_stream_id", Write: onUpdate},
	)
}()
