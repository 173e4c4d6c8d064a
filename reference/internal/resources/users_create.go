package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// validateNewUser applies C §8's create rules in Mage's order.
func validateNewUser(op *api.Op, d *store.Data) error {
	a := op.Attrs
	ids, _ := roleIDs(a)
	if err := checkRolesExist(op.Env.Store, ids); err != nil {
		return err
	}
	email, _ := str(a, "email")
	password, _ := str(a, "password")
	if email == "" || password == "" {
		return apierr.Invalid("Missing required values: email, password.")
	}
	if err := checkNames(op, nameShown, "username"); err != nil {
		return err
	}
	username, _ := nullStr(a, "username")
	if err := checkUnique(d, 0, email, username); err != nil {
		return err
	}
	if err := checkPassword(a); err != nil {
		return err
	}
	return checkEmail(op, 0, email)
}

func createUser(op *api.Op, _ any) (any, error) {
	var err error
	op.Env.Store.Read(func(d *store.Data) { err = validateNewUser(op, d) })
	if err != nil {
		return nil, err
	}
	password, _ := str(op.Attrs, "password")
	// Hash outside the lock: at Mage's cost it takes a second.
	hash, err := hashPassword(op, password)
	if err != nil {
		return nil, err
	}
	now := op.Now()
	var created UserWithToken
	err = op.Env.Store.Write(func(d *store.Data) error {
		if err := validateNewUser(op, d); err != nil {
			return err // another request took the email or username meanwhile
		}
		u := d.InsertUser(func(id int) store.User {
			u := store.User{ID: id, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
			applyProfile(op, &u, op.Attrs)
			return u
		})
		token, err := issueToken(op, d, u.ID)
		if err != nil {
			return err
		}
		created = UserWithToken{User: u, JWT: token.JWT}
		return nil
	})
	return created, err
}
