package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// SelfOrAdmin: the caller is the user in question, or at least an admin (UserPolicy's rule for
// a user's own record, and who may write its profile).
func SelfOrAdmin(op *api.Op, record any) bool {
	if op.Caller.AtLeast(role.Admin) {
		return true
	}
	u, ok := record.(store.User)
	return ok && op.Caller.User != nil && op.Caller.User.ID == u.ID
}

// UserAttributes are a user's attributes (UserPresenter.default_attributes, C §7, and
// UserPolicy's write rules): every answer shows the profile and roles, the member actions and
// create add permissions and the token. Owners create users; users edit their own profile,
// admins the roles, owners the owner flag. Password material is never shown.
var UserAttributes = func() *api.Attributes {
	owner, admin := api.AtLeast(role.Owner), api.AtLeast(role.Admin)
	all := []string{"default", "list", "detail", "create", "update", "delete"}
	member := []string{"detail", "create", "update", "delete"}
	profile := api.WrittenOn(owner, api.ActionCreate).And(SelfOrAdmin, api.ActionUpdate)
	roles := api.WrittenOn(owner, api.ActionCreate).And(admin, api.ActionUpdate)
	return api.Declare(
		api.Attribute{Name: "id", Shown: all},
		api.Attribute{Name: "email", Kind: api.KindString, Write: profile, Shown: all},
		api.Attribute{Name: "username", Kind: api.KindNullString, Write: profile, Shown: all},
		api.Attribute{Name: "first_name", Kind: api.KindNullString, Write: profile, Shown: all},
		api.Attribute{Name: "last_name", Kind: api.KindNullString, Write: profile, Shown: all},
		api.Attribute{Name: "avatar", Kind: api.KindNullString, Write: profile, Shown: all},
		api.Attribute{Name: "password", Kind: api.KindString, Write: profile, Sensitive: true},
		api.Attribute{Name: "password_confirmation", Kind: api.KindString, Write: profile, Sensitive: true},
		api.Attribute{Name: "password_current", Kind: api.KindString, Write: api.WrittenOn(SelfOrAdmin, api.ActionUpdate), Sensitive: true},
		// The stored password columns of Mage's user, never written by a client.
		api.Attribute{Name: "password_hash", Sensitive: true},
		api.Attribute{Name: "password_salt", Sensitive: true},
		api.Attribute{Name: "owner", Kind: api.KindBool, Write: api.WrittenOn(owner, api.ActionUpdate), Shown: all},
		api.Attribute{Name: "roles", Kind: api.KindNullInt, Write: roles, Shown: all},
		api.Attribute{Name: "roles_new", Kind: api.KindIntList, Write: roles, Shown: all},
		api.Attribute{Name: "role_ids", Kind: api.KindIntList, Write: roles},
		api.Attribute{Name: "roles_display", Shown: all},
		api.Attribute{Name: "project_access", Shown: all},
		api.Attribute{Name: "permissions", Shown: member},
		api.Attribute{Name: "token", Shown: member},
		api.Attribute{Name: "created_at", Shown: all},
		api.Attribute{Name: "updated_at", Shown: all},
	)
}()
