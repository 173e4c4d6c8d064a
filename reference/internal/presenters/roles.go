package presenters

import (
	"encoding/json"
	"sync"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Roles shows the default roles with their one global permission.
func Roles() api.Presenter {
	return api.Presenter{
		Formats: map[string][]string{"default": {"id", "name", "permissions", "created_at", "updated_at"}},
		Present: func(_ *api.Op, record any) map[string]any { return presentRole(record.(store.Role)) },
	}
}

// presentRole is a role object: id, name, permissions, created_at, updated_at.
func presentRole(r store.Role) map[string]any {
	return map[string]any{
		"id":          r.ID,
		"name":        r.Name,
		"permissions": []any{presentPermission(r)},
		"created_at":  api.Datetime(r.CreatedAt),
		"updated_at":  api.Datetime(r.CreatedAt),
	}
}

// presentPermission is a role's one global permission; it shares the role's id.
func presentPermission(r store.Role) map[string]any {
	return map[string]any{
		"id":          r.ID,
		"access":      r.Access,
		"entity":      "global",
		"entity_id":   nil,
		"entity_name": nil,
		"entity_type": nil,
		"role_id":     r.ID,
		"created_at":  api.Datetime(r.CreatedAt),
		"updated_at":  api.Datetime(r.CreatedAt),
	}
}

// RoleViews holds the presented JSON of each default role and of its
// permission. The default roles never change, so it is built once, on first
// use; every user and session shows them. One server uses one RoleViews.
type RoleViews struct {
	once        sync.Once
	roles       map[int]json.RawMessage
	permissions map[int]json.RawMessage
}

func (v *RoleViews) get(s *store.Store) (roles, permissions map[int]json.RawMessage) {
	v.once.Do(func() {
		v.roles, v.permissions = map[int]json.RawMessage{}, map[int]json.RawMessage{}
		for _, r := range s.Roles() {
			v.roles[r.ID] = mustJSON(presentRole(r))
			v.permissions[r.ID] = mustJSON(presentPermission(r))
		}
	})
	return v.roles, v.permissions
}

// mustJSON encodes values made only of strings, numbers, nil and maps, which cannot fail.
func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}
