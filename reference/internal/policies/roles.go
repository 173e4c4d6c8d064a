package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// Roles: owners and admins read the default roles.
func Roles() api.Policy {
	admin := api.AtLeast(role.Admin)
	return api.Policy{
		api.ActionList:   {Rule: private(admin)},
		api.ActionDetail: {Rule: private(admin)},
	}
}
