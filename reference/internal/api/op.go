// Package api is the generic machinery of the reference: the operation every
// request goes through (Execute, in the order of checks of C §6) and the
// types each resource, policy and presenter provides. The resources live in
// internal/resources, the policies in internal/policies and the presenters in
// internal/presenters; internal/registry joins them per resource name.
package api

import (
	"time"

	"github.com/mageconform/mageconform/reference/internal/compat"
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
	// Compat is the set of Mage's deviations this server emulates; empty in the intended mode.
	Compat compat.Set
	Limits Limits
	// AdvanceRuns: each request that reads a pipeline run moves it one step (initial, running,
	// completed), its block runs with it (--runs advance); otherwise runs stay as they are.
	AdvanceRuns bool
	// DummyHash is a bcrypt hash at BcryptCost of no one's password: a login for an unknown
	// email is checked against it, so it takes the time a known email takes.
	DummyHash []byte
}

// Limits bound what a request may carry and what may be stored, in every mode (the README
// lists them). A value within them is always encoded in an answer any client decodes.
type Limits struct {
	BodyBytes  int64 // a request body
	JSONDepth  int   // nesting of arrays and objects in a JSON body
	ValueBytes int   // one written attribute value, encoded as JSON
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
	// PayloadFault is a payload Mage cannot read (compat.NonObjectBody); it is raised at the
	// step of a create or update where Mage first touches the payload.
	PayloadFault *PayloadFault
}

// PayloadFault is an unreadable payload and when Mage trips over it: before the action rule
// when the body itself is not an object, after it when only the wrapper is not.
type PayloadFault struct {
	Err        error
	BeforeRule bool
}

// Now is the request's clock reading.
func (op *Op) Now() time.Time { return op.Env.Now() }

// Page is the result of a list action.
type Page struct {
	Items    []any
	Metadata map[string]any
}

// Result is a success body: {Key: Object, "metadata": Metadata}, or for a list
// {Key: Items, "metadata": Metadata}.
type Result struct {
	Key      string
	List     bool
	Object   Object
	Items    []Object
	Metadata any
}

// Release hands the presented records back to their pools (see Releaser) once the result
// is written.
func (r *Result) Release() {
	if rel, ok := r.Object.Values.(Releaser); ok {
		rel.Release()
	}
	for _, o := range r.Items {
		if rel, ok := o.Values.(Releaser); ok {
			rel.Release()
		}
	}
}

// Releaser is Fields from a pool, to go back once written.
type Releaser interface{ Release() }
