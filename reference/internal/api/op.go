// Package api describes each resource once, as data (its action rules,
// writable attributes, query rules and presenter formats, spec A6/A7/C §6-7),
// and runs one generic operation over any of them (spec C §6 "order of checks").
package api

import (
	"encoding/json"
	"sync"
	"time"

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
	// Present returns every attribute of a record in a new map; the format filters them.
	Present func(op *Op, record any) map[string]any
}

// Result is a success body: {Key: Value, "metadata": Metadata}.
type Result struct {
	Key      string
	Value    any
	Metadata any
}
