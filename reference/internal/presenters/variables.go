package presenters

import (
	"maps"
	"math"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Variables shows a pipeline's global variables as Mage's VariablePresenter does: an answer
// about one variable names it, its value and the pipeline's variable names; a list has one
// item, the pipeline's "global" block, whose variables are every variable with its type.
func Variables() api.Presenter {
	return api.Presenter{
		Formats: resources.VariableAttributes.Formats(),
		Present: func(op *api.Op, record any) map[string]any {
			r := record.(resources.VariableRecord)
			global, pipeline := map[string]any{"uuid": "global"}, map[string]any{"uuid": r.PipelineUUID}
			switch {
			case op.Action == api.ActionList:
				vars := make([]any, 0, len(r.List))
				for _, name := range slices.Sorted(maps.Keys(r.List)) {
					v := r.List[name]
					vars = append(vars, map[string]any{"uuid": name, "type": pythonType(v), "value": v})
				}
				return map[string]any{"block": global, "name": nil, "pipeline": pipeline, "value": nil, "variables": vars}
			case r.Deleted && op.Env.Compat.Has(compat.VariableDeleteNulls):
				return map[string]any{"block": nil, "name": r.Name, "pipeline": nil, "value": nil, "variables": nil}
			}
			return map[string]any{"block": global, "name": r.Name, "pipeline": pipeline, "value": r.Value,
				"variables": append([]string{}, r.Names...)}
		},
	}
}

// pythonType is the type Mage names for a value it read from JSON: str(type(value)).
func pythonType(v any) string {
	name := "NoneType"
	switch x := v.(type) {
	case string:
		name = "str"
	case bool:
		name = "bool"
	case float64:
		name = "float"
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			name = "int"
		}
	case map[string]any:
		name = "dict"
	case []any:
		name = "list"
	}
	return "<class '" + name + "'>"
}
