package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
)

// Roles are the four default roles, created with the store; they never change.
func Roles() api.Logic {
	return api.Logic{
		Plural: "roles", Singular: "role", IntPK: true, Attributes: RoleAttributes,
		Actions: map[api.Action]api.Run{api.ActionDetail: found,
			api.ActionList: func(op *api.Op, _ any) (any, error) { return databasePage(op, op.Env.Store.Roles()) }},
		Lookup: func(op *api.Op) (any, error) {
			role, ok := op.Env.Store.Role(atoi(op.PK))
			if !ok {
				return nil, apierr.NotFound("Record not found.")
			}
			return role, nil
		},
	}
}
