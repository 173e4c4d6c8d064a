package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// ProjectAccess is a user's access bit for the project: 1 owner, 2 admin, 4 editor, 8 viewer,
// 0 for none. The reference derives it from the user's level (owner flag, legacy roles and
// roles_new); Mage ORs the access of the roles_new roles only (compat.UserRoleFields).
func ProjectAccess(op *api.Op, u store.User) int {
	s := op.Env.Store
	if !op.Env.Compat.Has(compat.UserRoleFields) {
		return accessBit(role.UserLevel(s, u))
	}
	access := 0
	for _, id := range u.RoleIDs {
		if r, ok := s.Role(id); ok {
			access |= r.Access
		}
	}
	return access
}

func accessBit(level role.Level) int {
	if level == role.None {
		return 0
	}
	return 1 << (role.Owner - level)
}

// RolesDisplay is a user's roles_display: the names of its roles (else its level's name). Mage
// reads only the owner flag and the legacy roles integer, and has null for the rest.
func RolesDisplay(op *api.Op, u store.User, roleNames []string) any {
	if text, ok := RolesDisplayText(op, u, roleNames); ok {
		return text
	}
	return nil
}

// RolesDisplayText is RolesDisplay as a string, false where it is null.
func RolesDisplayText(op *api.Op, u store.User, roleNames []string) (string, bool) {
	level := role.UserLevel(op.Env.Store, u)
	if op.Env.Compat.Has(compat.UserRoleFields) {
		if level == role.Owner {
			return "Owner", true
		}
		if u.LegacyRoles != nil {
			switch r := *u.LegacyRoles; {
			case r&1 != 0:
				return "Admin", true
			case r&2 != 0:
				return "Editor", true
			case r&4 != 0:
				return "Viewer", true
			}
		}
		return "", false
	}
	if len(roleNames) == 0 {
		return level.String(), true
	}
	out := roleNames[0]
	for _, n := range roleNames[1:] {
		out += ", " + n
	}
	return out, true
}

// visibleToAdmin: an admin who is not an owner lists only users below admin (C11 #70); Mage
// tests the owner and admin bits of ProjectAccess.
func visibleToAdmin(op *api.Op, u store.User) bool {
	if op.Env.Compat.Has(compat.UserRoleFields) {
		return ProjectAccess(op, u)&3 == 0
	}
	return role.UserLevel(op.Env.Store, u) < role.Admin
}
