package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// Blocks is BlockPolicy: viewers list and read a pipeline's blocks, editors create, update
// and delete them, writing the attributes of Mage's allow-lists.
func Blocks() api.Policy {
	viewer, editor := atLeast(role.Viewer), atLeast(role.Editor)
	return api.Policy{
		api.ActionList: {Rule: private(viewer), Query: attributes(viewer, "block_uuid[]")},
		api.ActionDetail: {Rule: private(viewer), Query: attributes(viewer, "block_type", "data_integration_type",
			"data_integration_uuid", "destination_table", "file_path", "include_block_catalog",
			"include_block_metadata", "include_documentation", "state_stream")},
		api.ActionCreate: {Rule: private(editor), Write: attributes(editor, "block_action_object", "catalog", "color",
			"config", "configuration", "content", "converted_from", "defaults", "downstream_blocks", "extension_uuid",
			"has_callback", "language", "metadata", "name", "pipelines", "priority", "replicated_block",
			"require_unique_name", "type", "upstream_blocks", "uuid")},
		api.ActionUpdate: {Rule: private(editor), Write: attributes(editor, "all_upstream_blocks_executed",
			"bookmark_values", "callback_blocks", "catalog", "color", "conditional_blocks", "configuration", "content",
			"documentation", "destination_table", "downstream_blocks", "executor_config", "executor_type",
			"extension_uuid", "has_callback", "language", "metadata", "name", "outputs", "pipelines",
			"replicated_block", "retry_config", "status", "tags", "tap_stream_id", "timeout", "type",
			"upstream_blocks", "uuid")},
		api.ActionDelete: {Rule: private(editor), Query: attributes(editor, "force")},
	}
}
