package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Secrets: viewers list, editors create and delete. Detail and update have no
// rule, so they are 403 once the secret is found.
func Secrets() api.Policy {
	viewer, editor := api.AtLeast(role.Viewer), api.AtLeast(role.Editor)
	return api.Policy{
		api.ActionList:   {Rule: private(viewer)},
		api.ActionCreate: {Rule: private(editor), Write: resources.SecretAttributes.Writes(api.ActionCreate)},
		api.ActionDelete: {Rule: private(editor)},
	}
}
