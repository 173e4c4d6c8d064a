package api

import (
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

func UsersLogic() Logic {
	return Logic{
		Plural: "users", Singular: "user", IntPK: true,
		Fields: map[string]Kind{
			"avatar": KindNullString, "email": KindString, "first_name": KindNullString,
			"last_name": KindNullString, "password": KindString, "password_confirmation": KindString,
			"password_current": KindString, "username": KindNullString, "roles": KindNullInt,
			"roles_new": KindIntList, "role_ids": KindIntList, "owner": KindBool,
		},
		Actions: map[Action]Run{ActionList: listUsers, ActionDetail: withCallerToken,
			ActionCreate: createUser, ActionUpdate: updateUser, ActionDelete: deleteUser},
		Lookup: lookupUser,
	}
}

func lookupUser(op *Op) (any, error) {
	var u store.User
	var ok bool
	op.Env.Store.Read(func(d *store.Data) { u, ok = d.Users.Get(atoi(op.PK)) })
	if !ok {
		return nil, apierr.NotFound("Record not found.")
	}
	return u, nil
}

// callerJWT is the caller's own session JWT, which Mage shows as a user's token.
func callerJWT(op *Op) string {
	if op.Caller.Token == nil {
		return ""
	}
	return op.Caller.Token.JWT
}

func withCallerToken(op *Op, record any) (any, error) {
	return UserWithToken{User: record.(store.User), JWT: callerJWT(op)}, nil
}

// listUsers lists users by id; an admin who is not an owner sees only users
// below admin (C11 #70).
func listUsers(op *Op, _ any) (any, error) {
	var page Page
	var err error
	s := op.Env.Store
	op.Env.Store.Read(func(d *store.Data) {
		if op.Caller.IsOwner() {
			p, perr := parsePaging(op, DefaultPageSize)
			if perr != nil {
				err = perr
				return
			}
			rows := d.Users.Page(p.Offset, p.Limit)
			items := make([]any, len(rows))
			for i, r := range rows {
				items[i] = r
			}
			page = Page{Items: items, Metadata: databaseMetadata(p, d.Users.Len(), len(items))}
			return
		}
		var visible []store.User
		for _, u := range d.Users.All() {
			if role.UserLevel(s, u) < role.Admin {
				visible = append(visible, u)
			}
		}
		page, err = databasePage(op, visible)
	})
	return page, err
}

func deleteUser(op *Op, record any) (any, error) {
	u := record.(store.User)
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Users.Get(u.ID); !ok {
			return apierr.NotFound("Record not found.")
		}
		d.DeleteUser(u.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return UserWithToken{User: u, JWT: callerJWT(op)}, nil
}

// UserWithToken is a user as an action returns it: with the JWT its "token"
// attribute shows (the caller's own on detail/update/delete, the new user's on create).
type UserWithToken struct {
	User store.User
	JWT  string
}
