package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Blocks is BlockPolicy: viewers list and read a pipeline's blocks, editors create, update
// and delete them, writing the attributes of Mage's allow-lists (resources.BlockAttributes).
func Blocks() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	attrs := resources.BlockAttributes
	return api.Policy{
		api.ActionList: {Rule: private(viewer), Query: attributes(viewer, "block_uuid[]")},
		api.ActionDetail: {Rule: private(viewer), Query: attributes(viewer, "block_type", "data_integration_type",
			"data_integration_uuid", "destination_table", "file_path", "include_block_catalog",
			"include_block_metadata", "include_documentation", "state_stream")},
		api.ActionCreate: {Rule: private(editor), Write: attrs.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(editor), Write: attrs.Writes(api.ActionUpdate)},
		api.ActionDelete: {Rule: private(editor), Query: attributes(editor, "force")},
	}
}
