package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// Variables is VariablePolicy: viewers list a pipeline's variables, editors create, update
// and delete them; the detail has no rule (403 for everyone, as in Mage).
func Variables() api.Policy {
	viewer, editor := atLeast(role.Viewer), atLeast(role.Editor)
	write := attributes(editor, "name", "value")
	return api.Policy{
		api.ActionList:   {Rule: private(viewer), Query: attributes(viewer, "global_only")},
		api.ActionCreate: {Rule: private(editor), Write: write},
		api.ActionUpdate: {Rule: private(editor), Write: write},
		api.ActionDelete: {Rule: private(editor)},
	}
}
