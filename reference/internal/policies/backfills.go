package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// Backfills: viewers read (the list filtered by pipeline_uuid, with run counts; the detail
// with run counts and the preview), editors create one with a name alone, then set its dates,
// start, cancel or delete it.
func Backfills() api.Policy {
	viewer, editor := atLeast(role.Viewer), atLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, "include_run_count", "pipeline_uuid")},
		api.ActionDetail: {Rule: private(viewer), Query: attributes(viewer, "include_preview_runs", "include_run_count")},
		api.ActionCreate: {Rule: private(editor), Write: attributes(editor, "name")},
		api.ActionUpdate: {Rule: private(editor), Write: attributes(editor, "block_uuid", "end_datetime", "interval_type",
			"interval_units", "name", "settings", "start_datetime", "status", "variables")},
		api.ActionDelete: {Rule: private(editor)},
	}
}
