package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// Projects is ProjectPolicy, as far as the reference serves it: the list is open to the
// public scope (the API key alone) and to viewers and above; the other actions are refused.
func Projects() api.Policy {
	return api.Policy{
		api.ActionList: {Rule: &api.Rule{Scope: api.ScopePublic | api.ScopePrivate,
			Allow: func(op *api.Op, _ any) bool { return op.Caller.User == nil || op.Caller.AtLeast(role.Viewer) }}},
	}
}
