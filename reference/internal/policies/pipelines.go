package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Pipelines is PipelinePolicy: viewers read, editors write (resources.PipelineAttributes: on
// update, every presented default attribute, as in Mage).
func Pipelines() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	attrs := resources.PipelineAttributes
	return api.Policy{
		api.ActionList: {Rule: private(viewer),
			Query: attributes(viewer, "from_history_days", "include_schedules", "repo_path",
				"search", "status[]", "tag[]", "type[]")},
		api.ActionDetail: {Rule: private(viewer),
			Query: attributes(viewer, "include_block_pipelines", "include_schedules",
				"includes_block_metadata", "includes_content", "includes_extensions",
				"includes_outputs", "max_results_for_block_outputs", "includes_outputs_spark")},
		api.ActionCreate: {Rule: private(editor), Write: attrs.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(editor), Write: attrs.Writes(api.ActionUpdate),
			Query: attributes(editor, "update_content")},
		api.ActionDelete: {Rule: private(editor)},
	}
}
