package resources

import (
	"maps"
	"slices"
	"unicode"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// VariableRecord is what a variables answer shows: one global variable of a pipeline
// (Name, Value) with the names the pipeline then has, or, in a list, every variable of it.
// Deleted marks the answer to a delete.
type VariableRecord struct {
	PipelineUUID string
	Name         string
	Value        any
	Names        []string       // the pipeline's variable names after the action
	List         map[string]any // a list's item: every variable
	Deleted      bool
}

// Variables are a pipeline's global variables, under /api/pipelines/{uuid}/variables, keyed by
// name. They are the pipeline's "variables" attribute.
func Variables() api.Logic {
	return api.Logic{
		Plural: "variables", Singular: "variable",
		Attributes: VariableAttributes,
		Actions: map[api.Action]api.Run{api.ActionList: listVariables, api.ActionCreate: createVariable,
			api.ActionUpdate: updateVariable, api.ActionDelete: deleteVariable},
		Lookup: lookupVariable,
	}
}

// variablesParent is the route's pipeline, or the refusal of a route without one.
func variablesParent(op *api.Op) (store.Pipeline, error) {
	p, ok := op.ParentRecord.(store.Pipeline)
	if !ok {
		return store.Pipeline{}, errNoPipelineParent("variables").
			InMage(compat.VariablesWithoutPipeline500, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'uuid'"))
	}
	return p, nil
}

// variablesOf is a pipeline's variables (nil: none yet).
func variablesOf(p store.Pipeline) map[string]any {
	v, _ := p.Attrs["variables"].(map[string]any)
	return v
}

func sortedNames(vars map[string]any) []string {
	return slices.Sorted(maps.Keys(vars))
}

// lookupVariable finds the URL's variable. Like Mage, a detail looks nothing up (it is refused
// for everyone); with compat.VariableUpdateByName an update does not either, and with
// compat.MissingVariableDelete500 a delete fails only when it runs.
func lookupVariable(op *api.Op) (any, error) {
	p, err := variablesParent(op)
	if err != nil {
		return nil, err
	}
	rec := VariableRecord{PipelineUUID: p.UUID, Name: op.PK}
	vars := variablesOf(p)
	value, ok := vars[op.PK]
	switch {
	case ok:
		rec.Value = value
	case op.Action == api.ActionDetail,
		op.Action == api.ActionUpdate && op.Env.Compat.Has(compat.VariableUpdateByName),
		op.Action == api.ActionDelete && op.Env.Compat.Has(compat.MissingVariableDelete500):
	default:
		return nil, apierr.NotFound("The pipeline has no such variable.")
	}
	return rec, nil
}

func listVariables(op *api.Op, _ any) (any, error) {
	p, err := variablesParent(op)
	if err != nil {
		return nil, err
	}
	// global_only changes nothing: the reference runs no blocks, so no block has outputs.
	item := VariableRecord{PipelineUUID: p.UUID, List: maps.Clone(variablesOf(p))}
	return api.Page{Items: []any{item}, Metadata: map[string]any{}}, nil
}

// isIdentifier is Python's str.isidentifier, as Mage checks a variable's name.
func isIdentifier(s string) bool {
	for i, r := range []rune(s) {
		start := unicode.IsLetter(r) || r == '_' || unicode.Is(unicode.Nl, r)
		if !start && (i == 0 || !(unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
			unicode.Is(unicode.Nd, r) || unicode.Is(unicode.Pc, r))) {
			return false
		}
	}
	return s != ""
}

// variableWrite checks the written name and value: the name must be an identifier, the value
// given and not null.
func variableWrite(op *api.Op, fallback string) (string, any, error) {
	name, ok := str(op.Attrs, "name")
	if !ok {
		if op.Env.Compat.Has(compat.UnnamedVariable500) || fallback == "" {
			return "", nil, apierr.Invalid("A variable needs a name.").WithErrors(map[string]any{"attribute": "name", "error": "required"}).
				InMage(compat.UnnamedVariable500, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'isidentifier'"))
		}
		name = fallback
	}
	if !isIdentifier(name) {
		return "", nil, apierr.Invalid("Invalid variable name syntax for variable name " + name + ".").
			WithErrors(map[string]any{"attribute": "name", "error": "must be an identifier"})
	}
	value := op.Attrs["value"]
	if value == nil {
		return "", nil, apierr.Invalid("Value is empty for variable name " + name + ".").
			WithErrors(map[string]any{"attribute": "value", "error": "required"})
	}
	return name, value, nil
}

// setVariables stores vars as the pipeline's variables.
func setVariables(op *api.Op, d *store.Data, p store.Pipeline, vars map[string]any) {
	attrs := maps.Clone(p.Attrs)
	attrs["variables"] = vars
	p.Attrs, p.UpdatedAt = attrs, op.Now()
	d.PutPipeline("", p)
}

// createVariable sets a variable, creating it or overwriting its value (an upsert, as Mage).
func createVariable(op *api.Op, _ any) (any, error) {
	p, err := variablesParent(op)
	if err != nil {
		return nil, err
	}
	name, value, err := variableWrite(op, "")
	if err != nil {
		return nil, err
	}
	return writeVariable(op, p.UUID, "", name, value)
}

// writeVariable sets name to value in a pipeline's variables, removing from (when not "" or
// name) first: a rename.
func writeVariable(op *api.Op, pipelineUUID, from, name string, value any) (any, error) {
	var rec VariableRecord
	err := op.Env.Store.Write(func(d *store.Data) error {
		p, ok := d.Pipeline(pipelineUUID)
		if !ok {
			return errPipelineMissing(pipelineUUID)
		}
		vars := maps.Clone(variablesOf(p))
		if vars == nil {
			vars = map[string]any{}
		}
		if from != "" && from != name {
			if _, taken := vars[name]; taken {
				return apierr.Invalid("The pipeline already has a variable with this name.").
					WithErrors(map[string]any{"attribute": "name"})
			}
			delete(vars, from)
		}
		vars[name] = value
		setVariables(op, d, p, vars)
		rec = VariableRecord{PipelineUUID: p.UUID, Name: name, Value: value, Names: sortedNames(vars)}
		return nil
	})
	return rec, err
}

// updateVariable sets the URL's variable (renaming it to a different name in the body). Mage
// sets the variable the body names instead (compat.VariableUpdateByName).
func updateVariable(op *api.Op, record any) (any, error) {
	old := record.(VariableRecord)
	name, value, err := variableWrite(op, old.Name)
	if err != nil {
		return nil, err
	}
	from := old.Name
	if op.Env.Compat.Has(compat.VariableUpdateByName) {
		from = ""
	}
	return writeVariable(op, old.PipelineUUID, from, name, value)
}

func deleteVariable(op *api.Op, record any) (any, error) {
	old := record.(VariableRecord)
	var rec VariableRecord
	err := op.Env.Store.Write(func(d *store.Data) error {
		p, ok := d.Pipeline(old.PipelineUUID)
		if !ok {
			return errPipelineMissing(old.PipelineUUID)
		}
		vars := maps.Clone(variablesOf(p))
		value, ok := vars[old.Name]
		if !ok {
			return apierr.NotFound("The pipeline has no such variable.").
				InMage(compat.MissingVariableDelete500, apierr.Unhandled("KeyError", "'%s'", old.Name))
		}
		delete(vars, old.Name)
		setVariables(op, d, p, vars)
		rec = VariableRecord{PipelineUUID: p.UUID, Name: old.Name, Value: value, Names: sortedNames(vars), Deleted: true}
		return nil
	})
	return rec, err
}
