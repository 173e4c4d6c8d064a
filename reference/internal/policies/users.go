package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// selfOrAdmin: the caller is the user in question, or at least an admin.
func selfOrAdmin(op *api.Op, record any) bool {
	if op.Caller.AtLeast(role.Admin) {
		return true
	}
	u, ok := record.(store.User)
	return ok && op.Caller.User != nil && op.Caller.User.ID == u.ID
}

// userProfileWrites are what users may change about themselves.
var userProfileWrites = []string{"avatar", "email", "first_name", "last_name", "password",
	"password_confirmation", "password_current", "username"}

// Users is UserPolicy: owners create and delete, admins list, users see and
// edit themselves; only admins change roles and only owners the owner flag.
// There are no query rules, so any query parameter from a non-owner is 403.
func Users() api.Policy {
	owner, admin := atLeast(role.Owner), atLeast(role.Admin)
	return api.Policy{
		api.ActionList:   {Rule: private(admin)},
		api.ActionDetail: {Rule: private(selfOrAdmin)},
		api.ActionCreate: {Rule: private(owner),
			Write: attributes(owner, "avatar", "email", "first_name", "last_name", "password",
				"password_confirmation", "role_ids", "roles", "roles_new", "username")},
		api.ActionUpdate: {Rule: private(selfOrAdmin),
			Write: merge(attributes(selfOrAdmin, userProfileWrites...),
				attributes(admin, "role_ids", "roles", "roles_new"),
				attributes(owner, "owner"))},
		api.ActionDelete: {Rule: private(owner)},
	}
}
