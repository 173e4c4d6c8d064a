// Package role is the role hierarchy of C §6: owner > admin > editor > viewer,
// and how a user's owner flag, legacy roles bits and roles_new give its level.
// It is a package of its own because the operation machinery (owners skip the
// attribute checks), the policies, the presenters and the users resource all
// need it, and the policies import the machinery.
package role

import "github.com/mageconform/mageconform/reference/internal/store"

// Level orders the roles: owner > admin > editor > viewer > none.
type Level int

const (
	None Level = iota
	Viewer
	Editor
	Admin
	Owner
)

var levelNames = [...]string{"", "Viewer", "Editor", "Admin", "Owner"}

func (l Level) String() string { return levelNames[l] }

// accessLevel maps a role's global permission access bit to its level.
func accessLevel(access int) Level {
	switch access {
	case 1:
		return Owner
	case 2:
		return Admin
	case 4:
		return Editor
	case 8:
		return Viewer
	}
	return None
}

// UserLevel is the highest of the owner flag, the legacy roles bits and the
// roles_new roles.
func UserLevel(s *store.Store, u store.User) Level {
	if u.Owner {
		return Owner
	}
	level := None
	if u.LegacyRoles != nil {
		switch r := *u.LegacyRoles; {
		case r&1 != 0:
			level = Admin
		case r&2 != 0:
			level = Editor
		case r&4 != 0:
			level = Viewer
		}
	}
	for _, id := range u.RoleIDs {
		if r, ok := s.Role(id); ok {
			level = max(level, accessLevel(r.Access))
		}
	}
	return level
}
