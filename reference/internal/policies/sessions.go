package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Sessions is SessionPolicy: logging in is for the public scope only, so
// holding a valid token is 403; logging out needs a logged-in user.
func Sessions() api.Policy {
	return api.Policy{
		api.ActionCreate: {Rule: &api.Rule{Scope: api.ScopePublic},
			Write: resources.SessionAttributes.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(api.AtLeast(role.Viewer))},
	}
}
