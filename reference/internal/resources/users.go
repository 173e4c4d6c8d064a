package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Users have integer ids; detail, update and delete return the user with the
// caller's own session JWT as its token, as Mage does (C §7).
func Users() api.Logic {
	return api.Logic{
		Plural: "users", Singular: "user", IntPK: true,
		Attributes: UserAttributes,
		Actions: map[api.Action]api.Run{api.ActionList: listUsers, api.ActionDetail: withCallerToken,
			api.ActionCreate: createUser, api.ActionUpdate: updateUser, api.ActionDelete: deleteUser},
		Children: map[string]bool{"oauth_access_tokens": true},
		Lookup:   lookupUser,
	}
}

func lookupUser(op *api.Op) (any, error) {
	var u store.User
	var ok bool
	op.Env.Store.Read(func(d *store.Data) { u, ok = d.Users.Get(atoi(op.PK)) })
	if !ok {
		return nil, apierr.NotFound("Record not found.")
	}
	return u, nil
}

// callerJWT is the caller's own session JWT, which Mage shows as a user's token.
func callerJWT(op *api.Op) string {
	if op.Caller.Token == nil {
		return ""
	}
	return op.Caller.Token.JWT
}

func withCallerToken(op *api.Op, record any) (any, error) {
	return UserWithToken{User: record.(store.User), JWT: callerJWT(op)}, nil
}

// listUsers lists users by id; an admin who is not an owner sees only users
// below admin (C11 #70).
func listUsers(op *api.Op, _ any) (any, error) {
	var page api.Page
	var err error
	op.Env.Store.Read(func(d *store.Data) {
		if op.Caller.IsOwner() {
			p, perr := parsePaging(op, DefaultPageSize)
			if perr != nil {
				err = perr
				return
			}
			page = tablePage(op, p, &d.Users.Table)
			return
		}
		var visible []store.User
		for _, u := range d.Users.All() {
			if visibleToAdmin(op, u) {
				visible = append(visible, u)
			}
		}
		page, err = databasePage(op, visible)
	})
	return page, err
}

func deleteUser(op *api.Op, record any) (any, error) {
	u := record.(store.User)
	err := op.Env.Store.Write(func(d *store.Data) error {
		current, ok := d.Users.Get(u.ID)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		if isLastOwner(op, d, current) {
			return apierr.Invalid("The last owner cannot be deleted.")
		}
		d.DeleteUser(u.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if op.Env.Compat.Has(compat.DeleteShowsAfter) {
		u.RoleIDs = nil // Mage presents the deleted row, whose user_role rows are gone
	}
	return UserWithToken{User: u, JWT: callerJWT(op)}, nil
}

// UserWithToken is a user as an action returns it: with the JWT its "token"
// attribute shows (the caller's own on detail/update/delete, the new user's on create).
type UserWithToken struct {
	User store.User
	JWT  string
}
