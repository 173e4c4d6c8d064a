package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// VariableAttributes: editors write a global variable's name and value (VariablePolicy); an
// answer shows it with its pipeline, the "global" block and the pipeline's variables.
var VariableAttributes = func() *api.Attributes {
	write := api.WrittenOn(api.AtLeast(role.Editor), api.ActionCreate, api.ActionUpdate)
	shown := []string{"default"}
	return api.Declare(
		api.Attribute{Name: "name", Kind: api.KindString, Write: write, Shown: shown},
		api.Attribute{Name: "value", Kind: api.KindAny, Write: write, Shown: shown},
		api.Attribute{Name: "block", Shown: shown},
		api.Attribute{Name: "pipeline", Shown: shown},
		api.Attribute{Name: "variables", Shown: shown},
	)
}()
