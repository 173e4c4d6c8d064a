// Package api describes each resource once, as data (its action rules,
// writable attributes, query rules and presenter formats, spec A6/A7/C §6-7),
// and runs one generic operation over any of them (spec C §6 "order of checks").
package api

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Action is what a request does to a resource.
type Action string

const (
	ActionList   Action = "list"
	ActionDetail Action = "detail"
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionDelete Action = "delete"
)

// IsMember is true for the actions that look a record up first.
func (a Action) IsMember() bool {
	return a == ActionDetail || a == ActionUpdate || a == ActionDelete
}

// Env is the server configuration the resources need.
type Env struct {
	Store                     *store.Store
	Now                       func() time.Time
	JWTSecret                 string
	TokenLifetime             time.Duration
	BcryptCost                int
	RequireUserAuthentication bool
	ProjectUUID               string
	ProcessID                 int

	// The default roles never change, so their presented JSON is built once.
	rolesOnce      sync.Once
	roleJSON       map[int]json.RawMessage
	permissionJSON map[int]json.RawMessage
}

// Op is one request, routed, authenticated and parsed.
type Op struct {
	Env      *Env
	Caller   Caller
	Action   Action
	Resource *Resource
	// Segment is the resource name as it appeared in the URL: the list key.
	Segment string
	PK      string
	// Parent is set for nested routes /api/{parent}/{pid}/{child}.
	Parent   *Resource
	ParentPK string
	// ParentRecord is the looked-up parent, set before the action runs.
	ParentRecord any
	// Attrs is the payload's wrapper object, checked and coerced.
	Attrs map[string]any
	Meta  map[string][]string // query keys starting with "_"
	Query map[string][]string // other query keys except api_key
}

// Now is the request's clock reading.
func (op *Op) Now() time.Time { return op.Env.Now() }

// ActionSpec is one action of a resource: who may do it, what non-owners may
// write and query, and what it does.
type ActionSpec struct {
	Rule  *Rule
	Write map[string]Condition
	Query map[string]Condition
	// Run performs the action; record is the looked-up record for member actions.
	// List returns a Page; the others return the record to present.
	Run func(op *Op, record any) (any, error)
}

// Page is the result of a list action.
type Page struct {
	Items    []any
	Metadata map[string]any
}

// Resource describes one resource of the API.
type Resource struct {
	Plural, Singular string
	// IntPK: the pk must be an integer, else E(400, record_invalid).
	IntPK   bool
	Actions map[Action]*ActionSpec
	// Fields is the vocabulary of writable attributes and their types.
	Fields map[string]Kind
	// Formats are presenter allow-lists by format name ("default", an action, or a _format).
	Formats map[string][]string
	// Children are the resources nested under this one.
	Children map[string]bool
	// Lookup finds a record by op.PK (and op.ParentRecord for nested routes).
	Lookup func(op *Op) (any, error)
	// Present returns every attribute of a record; the format filters them.
	Present func(op *Op, record any) map[string]any
}

// Result is a success body: {Key: Value, "metadata": Metadata}.
type Result struct {
	Key      string
	Value    any
	Metadata any
}

// Execute runs op through the checks of C §6 in Mage's order: lookup for member
// actions, the action rule, written attributes, query parameters, the action
// itself, and the presenter.
func Execute(op *Op) (*Result, error) {
	res := op.Resource
	spec := res.Actions[op.Action]
	if op.Parent != nil {
		parent, err := lookupParent(op)
		if err != nil {
			return nil, err
		}
		op.ParentRecord = parent
	}
	var record any
	if op.Action.IsMember() {
		var err error
		if record, err = lookup(op); err != nil {
			return nil, err
		}
	}
	if err := authorizeAction(op, spec, record); err != nil {
		return nil, err
	}
	if err := checkAttributes(op, spec, record); err != nil {
		return nil, err
	}
	if err := authorizeQuery(op, spec, record); err != nil {
		return nil, err
	}
	out, err := spec.Run(op, record)
	if err != nil {
		return nil, err
	}
	if page, ok := out.(Page); ok {
		items := make([]map[string]any, 0, len(page.Items))
		for _, item := range page.Items {
			items = append(items, present(op, item))
		}
		return &Result{Key: op.Segment, Value: items, Metadata: page.Metadata}, nil
	}
	return &Result{Key: res.Singular, Value: present(op, out)}, nil
}

func lookupParent(op *Op) (any, error) {
	if !op.Parent.Children[op.Resource.Plural] || op.Parent.Lookup == nil {
		return nil, apierr.NotFound("Unknown nested resource.")
	}
	parentOp := *op
	parentOp.Resource, parentOp.PK, parentOp.Parent = op.Parent, op.ParentPK, nil
	if op.Parent.IntPK && !isInt(op.ParentPK) {
		return nil, apierr.Invalid("The parent id must be an integer.")
	}
	return op.Parent.Lookup(&parentOp)
}

func lookup(op *Op) (any, error) {
	if op.Resource.IntPK && !isInt(op.PK) {
		return nil, apierr.Invalid("The id must be an integer.")
	}
	if op.Resource.Lookup == nil {
		// No member actions at all: the action rule check answers 403.
		return nil, nil
	}
	return op.Resource.Lookup(op)
}

func authorizeAction(op *Op, spec *ActionSpec, record any) error {
	if spec == nil || spec.Rule == nil {
		return apierr.Forbidden("The " + string(op.Action) + " action is disabled for " + op.Resource.Plural + ".")
	}
	if op.Caller.AuthOff {
		return nil
	}
	if op.Caller.User == nil && spec.Rule.Scope&ScopePublic == 0 {
		return apierr.Forbidden("Private access for " + string(op.Action) + " only, invalid scope.")
	}
	if op.Caller.User != nil && spec.Rule.Scope&ScopePrivate == 0 {
		return apierr.Forbidden("Public access for " + string(op.Action) + " only, invalid scope.")
	}
	if spec.Rule.Allow != nil && !spec.Rule.Allow(op, record) {
		return apierr.Forbidden("Unauthorized operation " + string(op.Action) + " on " + op.Resource.Plural + ", failed condition.")
	}
	return nil
}

// checkAttributes enforces the write allow-list for non-owners (403, never a
// silent drop), then the types of every attribute for everyone (400).
// Attributes that are presented but not writable are read-only and dropped,
// so a client may send back an object it received; anything else is unknown.
func checkAttributes(op *Op, spec *ActionSpec, record any) error {
	if op.Action != ActionCreate && op.Action != ActionUpdate {
		op.Attrs = nil
		return nil
	}
	if !op.Caller.IsOwner() {
		for name := range op.Attrs {
			cond, ok := spec.Write[name]
			if !ok || (cond != nil && !cond(op, record)) {
				return apierr.Forbidden("Write of " + name + " on " + string(op.Action) + " is not permitted for " + op.Resource.Plural + ".")
			}
		}
	}
	checked := make(map[string]any, len(op.Attrs))
	for name, value := range op.Attrs {
		kind, ok := op.Resource.Fields[name]
		if !ok {
			if op.Resource.isPresented(name) {
				continue
			}
			return apierr.Invalid("Unknown attribute.").WithErrors(map[string]any{"attribute": name, "error": "unknown attribute"})
		}
		v, err := coerce(kind, value)
		if err != nil {
			return apierr.Invalid("An attribute has the wrong type.").WithErrors(map[string]any{"attribute": name, "error": err.Error()})
		}
		checked[name] = v
	}
	op.Attrs = checked
	return nil
}

func authorizeQuery(op *Op, spec *ActionSpec, record any) error {
	if op.Caller.IsOwner() {
		return nil
	}
	for name := range op.Query {
		cond, ok := spec.Query[name]
		if !ok || (cond != nil && !cond(op, record)) {
			return apierr.Forbidden("Query parameter " + name + " is not permitted on " + string(op.Action) + " for " + op.Resource.Plural + ".")
		}
	}
	return nil
}

func (r *Resource) isPresented(name string) bool {
	for _, keys := range r.Formats {
		for _, k := range keys {
			if k == name {
				return true
			}
		}
	}
	return false
}

// present filters a record's attributes through the format: _format when the
// resource has it, else the action's format, else "default".
func present(op *Op, record any) map[string]any {
	all := op.Resource.Present(op, record)
	keys, ok := op.Resource.Formats[first(op.Meta["_format"])]
	if !ok {
		if keys, ok = op.Resource.Formats[string(op.Action)]; !ok {
			keys = op.Resource.Formats["default"]
		}
	}
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		out[k] = all[k]
	}
	return out
}

func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}
