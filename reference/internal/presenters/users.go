package presenters

import (
	"encoding/json"
	"sync"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Users shows the default attributes in lists, and adds permissions and the
// token on the member actions and create (resources.UserAttributes, C §7).
func Users(views *RoleViews) api.Presenter {
	return api.Presenter{
		Formats: resources.UserAttributes.Formats(),
		Present: func(op *api.Op, record any) map[string]any {
			if v, ok := record.(resources.UserWithToken); ok {
				return presentUser(op, views, v.User, v.JWT)
			}
			return presentUser(op, views, record.(store.User), "")
		},
		Fields: func(op *api.Op, record any) api.Fields {
			f := userFieldsPool.Get().(*userFields)
			f.op, f.views = op, views
			if v, ok := record.(resources.UserWithToken); ok {
				f.u, f.jwt = v.User, v.JWT
			} else {
				f.u = record.(store.User)
			}
			return f
		},
	}
}

// userFields are presentUser's attributes, each computed when it is written: every
// authenticated request presents a user or two, and a map of fifteen is most of that work.
// TestUserFieldsArePresentUser holds the two together.
type userFields struct {
	op    *api.Op
	views *RoleViews
	u     store.User
	jwt   string
	roles userRoles // computed on first use
}

// userRoles are the user's roles as shown; a user has a role or two, held in the arrays.
type userRoles struct {
	done               bool
	shown, permissions []json.RawMessage
	names              []string
	display            string
	shownA, permA      [4]json.RawMessage
	namesA             [4]string
}

var userFieldsPool = sync.Pool{New: func() any { return new(userFields) }}

// Release zeroes f and returns it to the pool (api.Releaser).
func (f *userFields) Release() {
	*f = userFields{}
	userFieldsPool.Put(f)
}

func (f *userFields) rolesOf() *userRoles {
	r := &f.roles
	if r.done {
		return r
	}
	r.done, r.shown, r.permissions, r.names = true, r.shownA[:0], r.permA[:0], r.namesA[:0]
	shown := f.views.get(f.op)
	for _, id := range f.u.RoleIDs {
		if role, ok := f.op.Env.Store.Role(id); ok {
			r.shown = append(r.shown, roleIn(f.op, shown, id))
			r.names = append(r.names, role.Name)
			r.permissions = append(r.permissions, shown[id].permission)
		}
	}
	if f.op.Env.Compat.Has(compat.UserRoleFields) {
		r.permissions = r.permissions[:0]
	}
	return r
}

func (f *userFields) Field(name string) (any, bool) {
	u := &f.u
	switch name {
	case "avatar":
		return u.Avatar, true
	case "created_at":
		return (*api.DatetimeValue)(&u.CreatedAt), true
	case "email":
		return &u.Email, true
	case "first_name":
		return u.FirstName, true
	case "id":
		return u.ID, true
	case "last_name":
		return u.LastName, true
	case "owner":
		return role.UserLevel(f.op.Env.Store, *u) == role.Owner, true
	case "project_access":
		return resources.ProjectAccess(f.op, *u), true
	case "roles":
		return u.LegacyRoles, true
	case "roles_display":
		r := f.rolesOf()
		text, ok := resources.RolesDisplayText(f.op, *u, r.names)
		if !ok {
			return nil, true
		}
		r.display = text
		return &r.display, true
	case "roles_new":
		return &f.rolesOf().shown, true
	case "updated_at":
		return (*api.DatetimeValue)(&u.UpdatedAt), true
	case "username":
		return u.Username, true
	case "permissions":
		return &f.rolesOf().permissions, true
	case "token":
		if f.jwt == "" {
			return nil, true
		}
		return &f.jwt, true
	}
	return nil, false
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
			roles = append(roles, roleIn(op, shown, id))
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
