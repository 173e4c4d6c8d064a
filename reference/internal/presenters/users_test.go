package presenters

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// The users presenter's Fields give exactly what its Present map holds, in both modes.
func TestUserFieldsArePresentUser(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	name, legacy := "n", 1
	users := []store.User{
		{ID: 1, Email: "o@x.io", Username: &name, Owner: true, RoleIDs: []int{1}, CreatedAt: now, UpdatedAt: now.Add(time.Hour)},
		{ID: 2, Email: "a@x.io", LegacyRoles: &legacy, CreatedAt: now, UpdatedAt: now},
		{ID: 3, Email: "v@x.io", RoleIDs: []int{4, 3, 99}, FirstName: &name, CreatedAt: now, UpdatedAt: now},
		{ID: 4, Email: "<&>@x.io"},
	}
	for _, set := range []compat.Set{{}, compat.All()} {
		views := new(RoleViews)
		p := Users(views)
		op := &api.Op{Env: &api.Env{Store: store.New(now), Compat: set}}
		for _, u := range users {
			for _, record := range []any{u, resources.UserWithToken{User: u, JWT: "eyJ.x.y"}} {
				all := p.Present(op, record)
				fields := p.Fields(op, record)
				for k, want := range all {
					got, ok := fields.Field(k)
					w, _ := json.Marshal(want)
					g, _ := json.Marshal(got)
					if !ok || string(g) != string(w) {
						t.Errorf("%v %s: Fields gives %s (%v), Present %s", set.IDs(), k, g, ok, w)
					}
				}
				for _, k := range []string{"password_hash", "nope", ""} {
					if _, ok := fields.Field(k); ok {
						t.Errorf("Fields gives %q, which Present does not", k)
					}
				}
			}
		}
	}
}
