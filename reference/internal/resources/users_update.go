package resources

import (
	"golang.org/x/crypto/bcrypt"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// checkAdminLimits: an admin who is not an owner cannot edit owners or other
// admins, nor grant admin or owner (C §8 users update).
func checkAdminLimits(op *api.Op, target store.User) error {
	if op.Caller.IsOwner() || op.Caller.User == nil {
		return nil
	}
	s := op.Env.Store
	if target.ID != op.Caller.User.ID && role.UserLevel(s, target) >= role.Admin {
		return apierr.Invalid("Admins cannot edit owners or other admins.")
	}
	granted := target
	applyProfile(op, &granted, op.Attrs)
	if role.UserLevel(s, granted) > max(role.UserLevel(s, target), op.Caller.Level-1) {
		return apierr.Invalid("Admins cannot grant the admin or owner role.")
	}
	return nil
}

// needsCurrentPassword: changing one's own password, or being neither an
// owner nor an admin, requires password_current.
func needsCurrentPassword(op *api.Op, target store.User) bool {
	self := op.Caller.User != nil && op.Caller.User.ID == target.ID
	return self || !op.Caller.AtLeast(role.Admin)
}

// callerFault is where Mage's update reads a caller that is not there: the admin check of a
// roles_new change, and the password check, which also reads the caller's legacy roles
// integer (None & 1) when a non-owner changes another user's password.
func callerFault(op *api.Op, target store.User) error {
	caller := op.Caller.User
	if _, ok := op.Attrs["roles_new"]; ok && caller == nil {
		return apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'is_admin'")
	}
	if password, _ := str(op.Attrs, "password"); password != "" {
		switch {
		case caller == nil:
			return apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'id'")
		case caller.ID != target.ID && !op.Caller.IsOwner() && caller.LegacyRoles == nil:
			return apierr.Unhandled("TypeError", "unsupported operand type(s) for &: 'NoneType' and 'int'")
		}
	}
	return nil
}

// validateUserUpdate checks everything that does not need bcrypt.
func validateUserUpdate(op *api.Op, d *store.Data, target store.User) error {
	a := op.Attrs
	if err := checkAdminLimits(op, target); err != nil {
		return err
	}
	if ids, ok := roleIDs(a); ok {
		if err := checkRolesExist(op.Env.Store, ids); err != nil {
			return err
		}
	}
	if op.Env.Compat.Has(compat.MissingCaller500) {
		if err := callerFault(op, target); err != nil {
			return err
		}
	}
	email := target.Email
	if v, ok := str(a, "email"); ok {
		if v == "" {
			return onUpdate(target.ID, apierr.Invalid("Missing required values: email."),
				apierr.Unhandled("ValidationError", "Email address cannot be blank."))
		}
		if err := checkEmail(op, target.ID, v); err != nil {
			return err
		}
		email = v
	}
	if err := checkNames(op, nameShown, "username"); err != nil {
		return err
	}
	username := target.Username
	if v, ok := nullStr(a, "username"); ok {
		username = v
	}
	if err := checkUnique(d, target.ID, email, username); err != nil {
		return err
	}
	if err := checkOwnerRemains(op, d, target); err != nil {
		return err
	}
	if _, ok := a["password"]; ok {
		return checkPassword(a)
	}
	return nil
}

// checkOwnerRemains refuses an update that would leave no owner: the target is an owner, the
// update takes that away, and nobody else is one. Mage does not check (compat.LastOwnerUnprotected).
func checkOwnerRemains(op *api.Op, d *store.Data, target store.User) error {
	after := target
	applyProfile(op, &after, op.Attrs)
	if role.UserLevel(op.Env.Store, after) == role.Owner || !isLastOwner(op, d, target) {
		return nil
	}
	return apierr.Invalid("The last owner cannot give up the owner role.")
}

// isLastOwner: u is an owner and no other user is. With user authentication off nobody logs
// in, so no owner is needed.
func isLastOwner(op *api.Op, d *store.Data, u store.User) bool {
	if !op.Env.RequireUserAuthentication || op.Env.Compat.Has(compat.LastOwnerUnprotected) ||
		role.UserLevel(op.Env.Store, u) != role.Owner {
		return false
	}
	for _, other := range d.Users.All() {
		if other.ID != u.ID && role.UserLevel(op.Env.Store, other) == role.Owner {
			return false
		}
	}
	return true
}

func updateUser(op *api.Op, record any) (any, error) {
	target := record.(store.User)
	var err error
	op.Env.Store.Read(func(d *store.Data) { err = validateUserUpdate(op, d, target) })
	if err != nil {
		return nil, err
	}
	var hash []byte
	if password, ok := str(op.Attrs, "password"); ok {
		if needsCurrentPassword(op, target) {
			current, _ := str(op.Attrs, "password_current")
			if bcrypt.CompareHashAndPassword(target.PasswordHash, []byte(current)) != nil {
				return nil, apierr.Invalid("Current password is incorrect.")
			}
		}
		if hash, err = hashPassword(op, password); err != nil {
			return nil, err
		}
	}
	var updated store.User
	err = op.Env.Store.Write(func(d *store.Data) error {
		current, ok := d.Users.Get(target.ID)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		if err := validateUserUpdate(op, d, current); err != nil {
			return err
		}
		applyProfile(op, &current, op.Attrs)
		if hash != nil {
			current.PasswordHash = hash
		}
		current.UpdatedAt = op.Now()
		d.ReplaceUser(current)
		updated = current
		return nil
	})
	if err != nil {
		return nil, err
	}
	return UserWithToken{User: updated, JWT: callerJWT(op)}, nil
}
