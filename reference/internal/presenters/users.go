package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// userAttributes is UserPresenter.default_attributes (C §7). Password material
// is in no format, so it is never shown.
var userAttributes = []string{"avatar", "created_at", "email", "first_name", "id", "last_name",
	"owner", "project_access", "roles", "roles_display", "roles_new", "updated_at", "username"}

// Users shows the default attributes in lists, and adds permissions and the
// token on the member actions and create (C §7).
func Users(views *RoleViews) api.Presenter {
	member := withAttributes(userAttributes, "permissions", "token")
	return api.Presenter{
		Formats: map[string][]string{"default": userAttributes, "list": userAttributes,
			"detail": member, "create": member, "update": member, "delete": member},
		Present: func(op *api.Op, record any) map[string]any {
			if v, ok := record.(resources.UserWithToken); ok {
				return presentUser(op, views, v.User, v.JWT)
			}
			return presentUser(op, views, record.(store.User), "")
		},
	}
}

// presentUser returns every attribute a user may show.
func presentUser(op *api.Op, views *RoleViews, u store.User, jwt string) map[string]any {
	s := op.Env.Store
	level := role.UserLevel(s, u)
	roles := make([]any, 0, len(u.RoleIDs))
	names := make([]string, 0, len(u.RoleIDs))
	permissions := make([]any, 0, len(u.RoleIDs))
	shown := views.get(op)
	for _, id := range u.RoleIDs {
		if r, ok := s.Role(id); ok {
			roles = append(roles, shown[id].role)
			names = append(names, r.Name)
			permissions = append(permissions, shown[id].permission)
		}
	}
	if op.Env.Compat.Has(compat.UserRoleFields) {
		permissions = []any{} // Mage links the default roles' permissions in a way this list does not read
	}
	var token any
	if jwt != "" {
		token = jwt
	}
	return map[string]any{
		"avatar":         u.Avatar,
		"created_at":     api.Datetime(u.CreatedAt),
		"email":          u.Email,
		"first_name":     u.FirstName,
		"id":             u.ID,
		"last_name":      u.LastName,
		"owner":          level == role.Owner,
		"project_access": resources.ProjectAccess(op, u),
		"roles":          u.LegacyRoles,
		"roles_display":  resources.RolesDisplay(op, u, names),
		"roles_new":      roles,
		"updated_at":     api.Datetime(u.UpdatedAt),
		"username":       u.Username,
		"permissions":    permissions,
		"token":          token,
	}
}
