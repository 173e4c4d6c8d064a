package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// sessionUserAttributes is the user block inside a session (C11 #36): a nested object, not a
// format of the session, so it is listed here; each is one of resources.UserAttributes
// (TestTheSessionUserBlockShowsDeclaredUserAttributes).
var sessionUserAttributes = []string{"avatar", "first_name", "id", "last_name", "owner",
	"project_access", "roles", "roles_display", "roles_new", "username"}

// Sessions shows the token (the JWT), its expiry and the user it belongs to.
func Sessions(views *RoleViews) api.Presenter {
	return api.Presenter{
		Formats: resources.SessionAttributes.Formats(),
		Present: func(op *api.Op, record any) map[string]any {
			s := record.(resources.Session)
			return map[string]any{"expires": api.Datetime(s.Token.Expires), "token": s.Token.JWT,
				"user": sessionUser(op, views, s.User)}
		},
	}
}

// sessionUser is the user block of a session.
func sessionUser(op *api.Op, views *RoleViews, u store.User) map[string]any {
	all := presentUser(op, views, u, "")
	out := make(map[string]any, len(sessionUserAttributes))
	for _, k := range sessionUserAttributes {
		out[k] = all[k]
	}
	shown := views.get(op)
	roles := make([]any, 0, len(u.RoleIDs))
	for _, id := range u.RoleIDs {
		if v, ok := shown[id]; ok {
			roles = append(roles, v.sessionRole)
		}
	}
	out["roles_new"] = roles
	return out
}
