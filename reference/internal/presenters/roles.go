package presenters

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Roles shows the default roles with their one global permission. Mage's role presenter
// adds role_permissions and user, and on detail the users holding the role
// (compat.RoleShapes).
func Roles() api.Presenter {
	formats := resources.RoleAttributes.Formats()
	mage := withAttributes(formats["default"], "role_permissions", "user")
	return api.Presenter{
		Formats: formats,
		InMage: map[compat.ID]map[string][]string{compat.RoleShapes: {
			"default": mage, "detail": withAttributes(mage, "users"),
		}},
		Present: func(op *api.Op, record any) map[string]any {
			r := record.(store.Role)
			mage := op.Env.Compat.Has(compat.RoleShapes)
			out := presentRole(r, mage)
			if op.Action == api.ActionDetail && op.Env.Compat.Has(compat.PermissionDetailKeys) {
				withDetailKeys(out)
			}
			if !mage {
				return out
			}
			out["role_permissions"], out["user"] = []any{}, nil
			if op.Action == api.ActionDetail {
				out["users"] = usersWithRole(op, r.ID)
			}
			return out
		},
	}
}

// usersWithRole lists the holders of a role as Mage's role detail shows them.
func usersWithRole(op *api.Op, id int) []any {
	out := []any{}
	op.Env.Store.Read(func(d *store.Data) {
		for _, u := range d.Users.All() {
			if slices.Contains(u.RoleIDs, id) {
				out = append(out, map[string]any{"first_name": u.FirstName, "id": u.ID,
					"last_name": u.LastName, "username": u.Username})
			}
		}
	})
	return out
}

// presentRole is a role object: id, name, permissions, created_at, updated_at.
func presentRole(r store.Role, mage bool) map[string]any {
	return map[string]any{
		"id":          r.ID,
		"name":        r.Name,
		"permissions": []any{presentPermission(r, mage)},
		"created_at":  api.Datetime(r.CreatedAt),
		"updated_at":  api.Datetime(r.CreatedAt),
	}
}

// presentPermission is a role's one global permission; it shares the role's id. Mage does
// not show its role_id.
func presentPermission(r store.Role, mage bool) map[string]any {
	p := map[string]any{
		"id":          r.ID,
		"access":      r.Access,
		"entity":      "global",
		"entity_id":   nil,
		"entity_name": nil,
		"entity_type": nil,
		"role_id":     r.ID,
		"created_at":  api.Datetime(r.CreatedAt),
		"updated_at":  api.Datetime(r.CreatedAt),
	}
	if mage {
		delete(p, "role_id")
	}
	return p
}

// permissionDetailKeys are the keys Mage adds, all null, to a permission on the detail of a
// role or a user (compat.PermissionDetailKeys).
var permissionDetailKeys = []string{"conditions", "query_attributes", "read_attributes", "write_attributes"}

// withDetailKeys adds permissionDetailKeys to the permissions of a presented role.
func withDetailKeys(role map[string]any) map[string]any {
	for _, p := range role["permissions"].([]any) {
		for _, k := range permissionDetailKeys {
			p.(map[string]any)[k] = nil
		}
	}
	return role
}

// roleView is how one default role is shown inside other objects: in a user's roles_new (on
// the user's detail, roleDetail), as a user's permission, and in a session's user block.
type roleView struct {
	role, roleDetail, permission, sessionRole json.RawMessage
}

// roleIn is the role with the given id as a user's roles_new shows it in op's answer.
func roleIn(op *api.Op, views map[int]roleView, id int) json.RawMessage {
	if op.Action == api.ActionDetail && op.Env.Compat.Has(compat.PermissionDetailKeys) {
		return views[id].roleDetail
	}
	return views[id].role
}

// RoleViews holds the presented JSON of each default role, as the intended mode and as Mage
// show them. The default roles never change, so it is built once, on first use; every user
// and session shows them. One server uses one RoleViews.
type RoleViews struct {
	once     sync.Once
	intended map[int]roleView
	mage     map[int]roleView
}

func (v *RoleViews) get(op *api.Op) map[int]roleView {
	v.once.Do(func() {
		v.intended, v.mage = map[int]roleView{}, map[int]roleView{}
		for _, r := range op.Env.Store.Roles() {
			role := mustJSON(presentRole(r, false))
			v.intended[r.ID] = roleView{role: role, roleDetail: mustJSON(withDetailKeys(presentRole(r, false))),
				permission: mustJSON(presentPermission(r, false)), sessionRole: role}
			// A session's user block shows Mage's bare role rows, without permissions.
			v.mage[r.ID] = roleView{role: mustJSON(presentRole(r, true)), roleDetail: mustJSON(withDetailKeys(presentRole(r, true))),
				permission: mustJSON(presentPermission(r, true)),
				sessionRole: mustJSON(map[string]any{"created_at": api.Datetime(r.CreatedAt), "id": r.ID,
					"name": r.Name, "updated_at": api.Datetime(r.CreatedAt), "user_id": nil})}
		}
	})
	if op.Env.Compat.Has(compat.RoleShapes) {
		return v.mage
	}
	return v.intended
}

// mustJSON encodes values made only of strings, numbers, nil and maps, which cannot fail.
func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}
