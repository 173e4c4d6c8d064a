package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// runQueryKeys are the list's query parameters non-owners may send; the reference reads
// status, status[], pipeline_uuid, pipeline_uuid[], order_by[], include_pipeline_tags,
// include_pipeline_type, pipeline_type and backfill_id, and accepts the others without effect.
var runQueryKeys = []string{"backfill_id", "disable_retries_grouping", "end_timestamp", "global_data_product_uuid",
	"include_all_pipeline_schedules", "include_pipeline_tags", "include_pipeline_type", "include_pipeline_uuids",
	"order_by[]", "pipeline_tag[]", "pipeline_type", "pipeline_uuid", "pipeline_uuid[]", "start_timestamp",
	"status", "status[]"}

// PipelineRuns: viewers read and filter the list (a detail takes no query parameter from a
// non-owner), editors create, cancel or retry, and delete.
func PipelineRuns() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, runQueryKeys...)},
		api.ActionDetail: {Rule: private(viewer)},
		api.ActionCreate: {Rule: private(editor), Write: resources.RunAttributes.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(editor), Write: resources.RunAttributes.Writes(api.ActionUpdate)},
		api.ActionDelete: {Rule: private(editor)},
	}
}

// BlockRuns: viewers list; every other action is disabled.
func BlockRuns() api.Policy {
	viewer := api.AtLeast(role.Viewer)
	return api.Policy{
		api.ActionList: {Rule: private(viewer), Query: attributes(viewer, "order_by", "pipeline_run_id", "pipeline_uuid")},
	}
}
