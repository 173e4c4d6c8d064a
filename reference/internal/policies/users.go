package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Users is UserPolicy: owners create and delete, admins list, users see and
// edit themselves; only admins change roles and only owners the owner flag
// (resources.UserAttributes). There are no query rules, so any query parameter
// from a non-owner is 403.
func Users() api.Policy {
	owner, admin := api.AtLeast(role.Owner), api.AtLeast(role.Admin)
	attrs := resources.UserAttributes
	return api.Policy{
		api.ActionList:   {Rule: private(admin)},
		api.ActionDetail: {Rule: private(resources.SelfOrAdmin)},
		api.ActionCreate: {Rule: private(owner), Write: attrs.Writes(api.ActionCreate)},
		api.ActionUpdate: {Rule: private(resources.SelfOrAdmin), Write: attrs.Writes(api.ActionUpdate)},
		api.ActionDelete: {Rule: private(owner)},
	}
}
