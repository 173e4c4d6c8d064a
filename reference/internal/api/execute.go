package api

import (
	"encoding/json"
	"slices"
	"sync"
	"unsafe"

	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// Execute runs op through the checks of C §6 in Mage's order: lookup for member
// actions, the action rule, written attributes, query parameters, the action
// itself, and the presenter.
func Execute(op *Op) (Result, error) {
	res := op.Resource
	policy := res.Policy[op.Action]
	if op.Parent != nil {
		parent, err := lookupParent(op)
		if err != nil && res.MissingParent != nil {
			err = res.MissingParent(op, err)
		}
		if err != nil {
			return Result{}, err
		}
		op.ParentRecord = parent
	}
	var record any
	if op.Action.IsMember() {
		var err error
		if record, err = lookup(op); err != nil {
			return Result{}, err
		}
	}
	if res.Precheck != nil {
		if err := res.Precheck(op); err != nil {
			return Result{}, err
		}
	}
	if err := payloadFault(op, true); err != nil {
		return Result{}, err
	}
	run, err := authorizeAction(op, policy, record)
	if err != nil {
		return Result{}, err
	}
	if err := payloadFault(op, false); err != nil {
		return Result{}, err
	}
	if err := checkAttributes(op, policy, record); err != nil {
		return Result{}, err
	}
	if err := authorizeQuery(op, policy, record); err != nil {
		return Result{}, err
	}
	out, err := run(op, record)
	if err != nil {
		return Result{}, err
	}
	if page, ok := out.(Page); ok {
		items := make([]Object, 0, len(page.Items))
		for _, item := range page.Items {
			items = append(items, present(op, item))
		}
		return Result{Key: op.Segment, List: true, Items: items, Metadata: page.Metadata}, nil
	}
	return Result{Key: res.Singular, Object: present(op, out)}, nil
}

func lookupParent(op *Op) (any, error) {
	if !op.Parent.Children[op.Resource.Plural] || op.Parent.Lookup == nil {
		return nil, apierr.NotFound("Unknown nested resource.")
	}
	parentOp := *op
	parentOp.Resource, parentOp.PK, parentOp.Parent = op.Parent, op.ParentPK, nil
	if op.Parent.IntPK && !isInt(op.ParentPK) {
		return nil, errNotInteger("parent id")
	}
	return op.Parent.Lookup(&parentOp)
}

// errNotInteger: Mage looks a non-integer pk up as it is and finds nothing.
func errNotInteger(what string) *apierr.Error {
	return apierr.Invalid("The "+what+" must be an integer.").
		InMage(compat.NonIntegerPK404, apierr.NotFound("Record not found."))
}

func lookup(op *Op) (any, error) {
	if op.Resource.IntPK && !isInt(op.PK) {
		return nil, errNotInteger("id")
	}
	if op.Resource.Lookup == nil {
		// No member actions at all: the action rule check answers 403.
		return nil, nil
	}
	return op.Resource.Lookup(op)
}

// payloadFault raises a payload Mage cannot read at the step where Mage trips over it: the
// body before the action rule, the wrapper after it, and only on create and update.
func payloadFault(op *Op, beforeRule bool) error {
	if f := op.PayloadFault; f != nil && f.BeforeRule == beforeRule &&
		(op.Action == ActionCreate || op.Action == ActionUpdate) {
		return f.Err
	}
	return nil
}

// authorizeAction applies the action rule and returns the action to run. With user
// authentication off Mage lets every create, update and delete through before looking for a
// rule (compat.AuthOffWrites); the resource's Unruled actions are what Mage then does.
func authorizeAction(op *Op, policy *ActionPolicy, record any) (Run, error) {
	writes := op.Action == ActionCreate || op.Action == ActionUpdate || op.Action == ActionDelete
	if op.Caller.AuthOff && writes && op.Env.Compat.Has(compat.AuthOffWrites) {
		if run := op.Resource.Unruled[op.Action]; run != nil {
			return run, nil
		}
	}
	if policy == nil || policy.Rule == nil {
		return nil, apierr.Forbidden("The " + string(op.Action) + " action is disabled for " + op.Resource.Plural + ".")
	}
	run := op.Resource.Actions[op.Action]
	if op.Caller.AuthOff {
		return run, nil
	}
	if op.Caller.User == nil && policy.Rule.Scope&ScopePublic == 0 {
		return nil, apierr.Forbidden("Private access for " + string(op.Action) + " only, invalid scope.")
	}
	if op.Caller.User != nil && policy.Rule.Scope&ScopePrivate == 0 {
		return nil, apierr.Forbidden("Public access for " + string(op.Action) + " only, invalid scope.")
	}
	if policy.Rule.Allow != nil && !policy.Rule.Allow(op, record) {
		return nil, apierr.Forbidden("Unauthorized operation " + string(op.Action) + " on " + op.Resource.Plural + ", failed condition.")
	}
	return run, nil
}

// checkAttributes enforces the write allow-list for non-owners (403, never a
// silent drop), then the types of every attribute for everyone (400).
// Attributes that are presented but not writable are read-only and dropped,
// so a client may send back an object it received; anything else is unknown.
func checkAttributes(op *Op, policy *ActionPolicy, record any) error {
	if op.Action != ActionCreate && op.Action != ActionUpdate {
		op.Attrs = nil
		return nil
	}
	if !op.Caller.IsOwner() {
		for name := range op.Attrs {
			cond, ok := policy.Write[name]
			if !ok || (cond != nil && !cond(op, record)) {
				return apierr.Forbidden("Write of " + name + " on " + string(op.Action) + " is not permitted for " + op.Resource.Plural + ".")
			}
		}
	}
	checked := make(map[string]any, len(op.Attrs))
	for name, value := range op.Attrs {
		kind, ok := op.Resource.Attributes.Kind(name)
		if !ok {
			if op.Resource.Attributes.IsShown(name) {
				continue
			}
			if err := unknownAttribute(op, name); err != nil {
				return err
			}
			continue
		}
		v, err := coerce(kind, value)
		if err != nil {
			return apierr.Invalid("An attribute has the wrong type.").WithErrors(map[string]any{"attribute": name, "error": err.Error()})
		}
		if max := op.Env.Limits.ValueBytes; max > 0 && valueBytes(value) > max {
			return apierr.Invalid("An attribute value is too large.").WithErrors(map[string]any{"attribute": name, "max_bytes": max})
		}
		checked[name] = v
	}
	op.Attrs = checked
	return nil
}

// unknownAttribute refuses an attribute the resource does not know. Mage ignores it
// (compat.UnknownAttributesIgnored), except where it builds a model from the whole payload on
// create (Logic.ModelCreate), which raises (compat.ScheduleValues500).
func unknownAttribute(op *Op, name string) error {
	switch {
	case op.Resource.ModelCreate && op.Action == ActionCreate && op.Env.Compat.Has(compat.ScheduleValues500):
		return apierr.Unhandled("TypeError", "'%s' is an invalid keyword argument for %s", name, op.Resource.Singular)
	case op.Resource.UnknownOnCreate != "" && op.Action == ActionCreate && op.Env.Compat.Has(op.Resource.UnknownOnCreate):
		return apierr.Unhandled("TypeError", "'%s' is an invalid keyword argument for %s", name, op.Resource.Singular)
	case op.Env.Compat.Has(compat.UnknownAttributesIgnored):
		return nil
	}
	return apierr.Invalid("Unknown attribute.").WithErrors(map[string]any{"attribute": name, "error": "unknown attribute"})
}

func authorizeQuery(op *Op, policy *ActionPolicy, record any) error {
	if op.Caller.IsOwner() {
		return nil
	}
	for name := range op.Query {
		cond, ok := policy.Query[name]
		if !ok || (cond != nil && !cond(op, record)) {
			return apierr.Forbidden("Query parameter " + name + " is not permitted on " + string(op.Action) + " for " + op.Resource.Plural + ".")
		}
	}
	return nil
}

// present filters a record's attributes through the format: _format when the
// resource has it, else the action's format, else "default".
func present(op *Op, record any) Object {
	p := op.Resource.Presenter
	var all Fields
	if p.Fields != nil {
		all = p.Fields(op, record)
	} else {
		all = Map(p.Present(op, record))
	}
	formats := p.Formats
	for id, f := range p.InMage {
		if op.Env.Compat.Has(id) {
			formats = f
		}
	}
	keys, ok := formats[First(op.Meta["_format"])]
	if !ok {
		if keys, ok = formats[string(op.Action)]; !ok {
			keys = formats["default"]
		}
	}
	// The format is applied when the object is written: only its keys are shown, null when
	// Present does not give them, left out when Present gives Absent.
	return Object{Keys: formatOf(keys).sorted, Values: all}
}

// format is a format's keys in encoding/json's order.
type format struct {
	sorted []string
}

// formatCache holds each format by its slice (formats are built once, at startup, and never
// change).
var formatCache sync.Map // formatID -> *format

type formatID struct {
	first *string
	n     int
}

func formatOf(keys []string) *format {
	id := formatID{unsafe.SliceData(keys), len(keys)}
	if f, ok := formatCache.Load(id); ok {
		return f.(*format)
	}
	f := &format{sorted: slices.Clone(keys)}
	slices.Sort(f.sorted)
	f.sorted = slices.Compact(f.sorted)
	formatCache.Store(id, f)
	return f
}

// Object is a presented record: what Present gave, and the keys of the format that says what
// is shown, in the order encoding/json writes a map's keys. Only those keys are shown: as
// null when Values lacks them, not at all when Values has Absent for them.
type Object struct {
	Keys   []string
	Values Fields
}

// Shown is the object as the map it shows.
func (o Object) Shown() map[string]any {
	out := make(map[string]any, len(o.Keys))
	for _, k := range o.Keys {
		if o.Values == nil {
			out[k] = nil
		} else if v, ok := o.Values.Field(k); !ok {
			out[k] = nil
		} else if v != Absent {
			out[k] = v
		}
	}
	return out
}

// MarshalJSON encodes the object as the map it shows; the server writes the same bytes
// without building that map.
func (o Object) MarshalJSON() ([]byte, error) { return json.Marshal(o.Shown()) }

// First is the first of a query key's values, "" when there is none.
func First(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}
