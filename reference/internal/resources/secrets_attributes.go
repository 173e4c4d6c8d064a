package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// SecretAttributes: editors create a secret from a name and a value; answers show its id and
// name, never its value (A7).
var SecretAttributes = func() *api.Attributes {
	create := api.WrittenOn(api.AtLeast(role.Editor), api.ActionCreate)
	shown := []string{"default"}
	return api.Declare(
		api.Attribute{Name: "id", Shown: shown},
		api.Attribute{Name: "name", Kind: api.KindString, Write: create, Shown: shown},
		api.Attribute{Name: "value", Kind: api.KindString, Write: create, Sensitive: true},
	)
}()
