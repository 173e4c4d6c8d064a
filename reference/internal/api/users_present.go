package api

import (
	"encoding/json"
	"strings"

	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// userAttributes is UserPresenter.default_attributes (C §7).
var userAttributes = []string{"avatar", "created_at", "email", "first_name", "id", "last_name",
	"owner", "project_access", "roles", "roles_display", "roles_new", "updated_at", "username"}

// sessionUserAttributes is the user block inside a session (C11 #36).
var sessionUserAttributes = []string{"avatar", "first_name", "id", "last_name", "owner",
	"project_access", "roles", "roles_display", "roles_new", "username"}

// userWithToken is a user as an action returns it: with the JWT its "token"
// attribute shows (the caller's own on detail/update/delete, the new user's on create).
type userWithToken struct {
	User store.User
	JWT  string
}

// projectAccess is the access bit of the user's level (1 owner ... 8 viewer), 0 for none.
func projectAccess(level role.Level) int {
	if level == role.None {
		return 0
	}
	return 1 << (role.Owner - level)
}

// presentUser returns every attribute a user may show. Password material is
// never part of it.
func presentUser(op *Op, u store.User, jwt string) map[string]any {
	s := op.Env.Store
	level := role.UserLevel(s, u)
	roles := make([]any, 0, len(u.RoleIDs))
	names := make([]string, 0, len(u.RoleIDs))
	permissions := make([]any, 0, len(u.RoleIDs))
	roleJSON, permissionJSON := op.Env.roleViews()
	for _, id := range u.RoleIDs {
		if r, ok := s.Role(id); ok {
			roles = append(roles, roleJSON[id])
			names = append(names, r.Name)
			permissions = append(permissions, permissionJSON[id])
		}
	}
	display := strings.Join(names, ", ")
	if display == "" {
		display = level.String()
	}
	var token any
	if jwt != "" {
		token = jwt
	}
	return map[string]any{
		"avatar":         u.Avatar,
		"created_at":     datetime(u.CreatedAt),
		"email":          u.Email,
		"first_name":     u.FirstName,
		"id":             u.ID,
		"last_name":      u.LastName,
		"owner":          level == role.Owner,
		"project_access": projectAccess(level),
		"roles":          u.LegacyRoles,
		"roles_display":  display,
		"roles_new":      roles,
		"updated_at":     datetime(u.UpdatedAt),
		"username":       u.Username,
		"permissions":    permissions,
		"token":          token,
	}
}

// sessionUser is the user block of a session.
func sessionUser(op *Op, u store.User) map[string]any {
	all := presentUser(op, u, "")
	out := make(map[string]any, len(sessionUserAttributes))
	for _, k := range sessionUserAttributes {
		out[k] = all[k]
	}
	return out
}

// roleViews returns the presented JSON of each default role and of its permission.
func (e *Env) roleViews() (roles, permissions map[int]json.RawMessage) {
	e.rolesOnce.Do(func() {
		e.roleJSON, e.permissionJSON = map[int]json.RawMessage{}, map[int]json.RawMessage{}
		for _, r := range e.Store.Roles() {
			e.roleJSON[r.ID] = mustJSON(presentRole(r))
			e.permissionJSON[r.ID] = mustJSON(presentPermission(r))
		}
	})
	return e.roleJSON, e.permissionJSON
}

// mustJSON encodes values made only of strings, numbers, nil and maps, which cannot fail.
func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// presentRole is a role object: id, name, permissions, created_at, updated_at.
func presentRole(r store.Role) map[string]any {
	return map[string]any{
		"id":          r.ID,
		"name":        r.Name,
		"permissions": []any{presentPermission(r)},
		"created_at":  datetime(r.CreatedAt),
		"updated_at":  datetime(r.CreatedAt),
	}
}

// presentPermission is a role's one global permission; it shares the role's id.
func presentPermission(r store.Role) map[string]any {
	return map[string]any{
		"id":          r.ID,
		"access":      r.Access,
		"entity":      "global",
		"entity_id":   nil,
		"entity_name": nil,
		"entity_type": nil,
		"role_id":     r.ID,
		"created_at":  datetime(r.CreatedAt),
		"updated_at":  datetime(r.CreatedAt),
	}
}
