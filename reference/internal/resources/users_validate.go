package resources

import (
	"errors"
	"fmt"
	"regexp"

	"golang.org/x/crypto/bcrypt"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// MinPasswordLength is Mage's password rule.
const MinPasswordLength = 8

var emailPattern = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// mageEmailPattern is the pattern of Mage's User.validate_email (C §5.6), matched in full: dot
// atoms or a quoted local part, then dot atoms or a bracketed literal. A domain needs no dot.
var mageEmailPattern = regexp.MustCompile(`^(?:[-!#-'*+/-9=?A-Z^-~]+(?:\.[-!#-'*+/-9=?A-Z^-~]+)*|"(?:[]!#-[^-~ \t]|\\[\t -~])+")@(?:[-!#-'*+/-9=?A-Z^-~]+(?:\.[-!#-'*+/-9=?A-Z^-~]+)*|\[[\t -Z^-~]*\])$`)

// roleIDs returns roles_new, or its alias role_ids.
func roleIDs(attrs map[string]any) ([]int, bool) {
	for _, key := range []string{"roles_new", "role_ids"} {
		if ids, ok := attrs[key].([]int); ok {
			return ids, true
		}
	}
	return nil, false
}

func checkRolesExist(s *store.Store, ids []int) error {
	var missing []int
	for _, id := range ids {
		if _, ok := s.Role(id); !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return apierr.Invalid(fmt.Sprintf("Roles with ids: %v do not exist.", missing))
	}
	return nil
}

// checkUnique: no other user has the email or username. On an update Mage finds a taken
// email in the model's validator and a taken username in the database, both raising.
func checkUnique(d *store.Data, selfID int, email string, username *string) error {
	if u, ok := d.UserByEmail(email); ok && u.ID != selfID {
		return onUpdate(selfID, apierr.Invalid("Account with same email is already taken."),
			apierr.Unhandled("ValidationError", "Email address is already in use. Please choose a different one."))
	}
	if username != nil && *username != "" {
		if u, ok := d.UserByUsername(*username); ok && u.ID != selfID {
			return onUpdate(selfID, apierr.Invalid("Account with same username is already taken."),
				apierr.Unhandled("IntegrityError", "UNIQUE constraint failed: user.username"))
		}
	}
	return nil
}

// onUpdate: a check Mage makes explicitly on create raises from the model on an update
// (selfID is the updated user, 0 on create).
func onUpdate(selfID int, e *apierr.Error, raised *apierr.Fault) *apierr.Error {
	if selfID == 0 {
		return e
	}
	return e.InMage(compat.UserUpdateValidation500, raised)
}

func checkPassword(attrs map[string]any) error {
	password, _ := str(attrs, "password")
	if len(password) < MinPasswordLength {
		return apierr.Invalid("Password must be 8 characters or longer.")
	}
	if confirmation, _ := str(attrs, "password_confirmation"); confirmation != password {
		return apierr.Invalid("Password and password confirmation do not match.")
	}
	return nil
}

// checkEmail applies the email pattern (Mage's own with compat.EmailPattern). Mage's model
// validator refuses a bad one with code 200 on create and raises on an update.
func checkEmail(op *api.Op, selfID int, email string) error {
	pattern := emailPattern
	if op.Env.Compat.Has(compat.EmailPattern) {
		pattern = mageEmailPattern
	}
	if pattern.MatchString(email) {
		return nil
	}
	details := map[string]any{"error": "Email address is invalid.", "metadata": map[string]any{"key": "email", "value": email}}
	e := apierr.Invalid("Email address is invalid.").WithErrors(details)
	if selfID == 0 {
		return e.InMage(compat.ValidationCode200, apierr.Invalid("Record is invalid.").WithCode(200).WithErrors(details))
	}
	return onUpdate(selfID, e, apierr.Unhandled("ValidationError", "Email address is invalid."))
}

func hashPassword(op *api.Op, password string) ([]byte, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), op.Env.BcryptCost)
	if errors.Is(err, bcrypt.ErrPasswordTooLong) {
		return nil, apierr.Invalid("Password must be 72 bytes or shorter.")
	}
	return hash, err
}

// applyProfile sets the plain attributes present in attrs. Mage drops owner from an update
// (compat.OwnerWriteIgnored).
func applyProfile(op *api.Op, u *store.User, attrs map[string]any) {
	if v, ok := str(attrs, "email"); ok {
		u.Email = v
	}
	for key, field := range map[string]**string{"username": &u.Username, "first_name": &u.FirstName,
		"last_name": &u.LastName, "avatar": &u.Avatar} {
		if v, ok := nullStr(attrs, key); ok {
			*field = v
		}
	}
	if v, ok := attrs["roles"]; ok {
		u.LegacyRoles = v.(*int)
	}
	if ids, ok := roleIDs(attrs); ok {
		u.RoleIDs = ids
	}
	if v, ok := attrs["owner"].(bool); ok && !(op.Action == api.ActionUpdate && op.Env.Compat.Has(compat.OwnerWriteIgnored)) {
		u.Owner = v
	}
}
