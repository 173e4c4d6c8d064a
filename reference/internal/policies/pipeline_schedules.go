package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// PipelineSchedules: viewers read and filter, editors write.
func PipelineSchedules() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, "status[]", "schedule_type[]")},
		api.ActionDetail: {Rule: private(viewer)},
		api.ActionCreate: {Rule: private(editor), Write: resources.ScheduleAttributes.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(editor), Write: resources.ScheduleAttributes.Writes(api.ActionUpdate)},
		api.ActionDelete: {Rule: private(editor)},
	}
}
