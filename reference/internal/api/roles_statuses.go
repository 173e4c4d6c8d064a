package api

import (
	"github.com/mageconform/mageconform/reference/internal/apierr"
)

// rolesResource lists the four default roles to owners and admins.
func RolesLogic() Logic {
	return Logic{
		Plural: "roles", Singular: "role", IntPK: true,
		Actions: map[Action]Run{ActionDetail: found,
			ActionList: func(op *Op, _ any) (any, error) { return databasePage(op, op.Env.Store.Roles()) }},
		Lookup: func(op *Op) (any, error) {
			role, ok := op.Env.Store.Role(atoi(op.PK))
			if !ok {
				return nil, apierr.NotFound("Record not found.")
			}
			return role, nil
		},
	}
}

// statusesResource is the health check: a list of one object, open to the
// public scope; the server lets it through without a key or token.
func StatusesLogic() Logic {
	return Logic{
		Plural: "statuses", Singular: "status",
		Actions: map[Action]Run{ActionList: func(*Op, any) (any, error) {
			return Page{Items: []any{nil}, Metadata: map[string]any{}}, nil
		}},
	}
}
