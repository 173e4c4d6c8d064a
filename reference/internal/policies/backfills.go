package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Backfills: viewers read (the list filtered by pipeline_uuid, with run counts; the detail
// with run counts and the preview), editors create one with a name alone, then set its dates,
// start, cancel or delete it.
func Backfills() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, "include_run_count", "pipeline_uuid")},
		api.ActionDetail: {Rule: private(viewer), Query: attributes(viewer, "include_preview_runs", "include_run_count")},
		api.ActionCreate: {Rule: private(editor), Write: resources.BackfillAttributes.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(editor), Write: resources.BackfillAttributes.Writes(api.ActionUpdate)},
		api.ActionDelete: {Rule: private(editor)},
	}
}
