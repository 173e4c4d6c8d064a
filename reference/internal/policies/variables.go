package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Variables is VariablePolicy: viewers list a pipeline's variables, editors create, update
// and delete them; the detail has no rule (403 for everyone, as in Mage).
func Variables() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, "global_only")},
		api.ActionCreate: {Rule: private(editor), Write: resources.VariableAttributes.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(editor), Write: resources.VariableAttributes.Writes(api.ActionUpdate)},
		api.ActionDelete: {Rule: private(editor)},
	}
}
