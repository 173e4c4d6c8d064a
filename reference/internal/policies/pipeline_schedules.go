package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// scheduleWrites are every attribute a schedule has that a client sets.
var scheduleWrites = []string{"name", "schedule_type", "schedule_interval", "start_time", "status",
	"variables", "sla", "settings", "tags", "description", "token", "global_data_product_uuid"}

// PipelineSchedules: viewers read and filter, editors write.
func PipelineSchedules() api.Policy {
	viewer, editor := atLeast(role.Viewer), atLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, "status[]", "schedule_type[]")},
		api.ActionDetail: {Rule: private(viewer)},
		api.ActionCreate: {Rule: private(editor), Write: attributes(editor, scheduleWrites...)},
		api.ActionUpdate: {Rule: private(editor), Write: attributes(editor, scheduleWrites...)},
		api.ActionDelete: {Rule: private(editor)},
	}
}
