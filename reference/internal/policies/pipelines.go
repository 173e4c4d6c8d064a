package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/presenters"
)

// Pipelines is PipelinePolicy: viewers read, editors write. On update,
// editors may write every presented default attribute, as in Mage.
func Pipelines() api.Policy {
	viewer, editor := atLeast(role.Viewer), atLeast(role.Editor)
	return api.Policy{
		api.ActionList: {Rule: private(viewer),
			Query: attributes(viewer, "from_history_days", "include_schedules", "repo_path",
				"search", "status[]", "tag[]", "type[]")},
		api.ActionDetail: {Rule: private(viewer),
			Query: attributes(viewer, "include_block_pipelines", "include_schedules",
				"includes_block_metadata", "includes_content", "includes_extensions",
				"includes_outputs", "max_results_for_block_outputs", "includes_outputs_spark")},
		api.ActionCreate: {Rule: private(editor),
			Write: attributes(editor, "callbacks", "conditionals", "clone_pipeline_uuid",
				"custom_template_uuid", "description", "extensions", "llm", "name", "tags", "type")},
		api.ActionUpdate: {Rule: private(editor),
			Write: merge(attributes(editor, presenters.PipelineDefaultAttributes...),
				attributes(editor, "add_upstream_for_block_uuid", "callbacks", "conditionals", "extensions",
					"llm", "schedules", "pipeline_runs", "pipeline_schedule_id", "status")),
			Query: attributes(editor, "update_content")},
		api.ActionDelete: {Rule: private(editor)},
	}
}
