package api

import "github.com/mageconform/mageconform/reference/internal/compat"

// Resource joins, for one resource name, the three parts the contract keeps
// apart (C §6-§8): what the resource does, who may do it, and what is shown.
type Resource struct {
	Logic
	Policy    Policy
	Presenter Presenter
}

// Logic is a resource's data and behaviour: how records are found, written and
// listed.
type Logic struct {
	Plural, Singular string
	// IntPK: the pk must be an integer, else E(400, record_invalid).
	IntPK   bool
	Actions map[Action]Run
	// Attributes are the resource's declared attributes: what a client writes and its type,
	// who may write it, what is shown. The policy and the presenter read theirs from the same
	// declaration (internal/resources/<plural>_attributes.go).
	Attributes *Attributes
	// Children are the resources nested under this one.
	Children map[string]bool
	// Lookup finds a record by op.PK (and op.ParentRecord for nested routes).
	Lookup func(op *Op) (any, error)
	// Unruled are actions no policy admits, which Mage still performs when user
	// authentication is off, because it lets writes through before looking for a rule
	// (compat.AuthOffWrites). Only consulted in that deviation.
	Unruled map[Action]Run
	// ModelCreate: Mage builds the record from the whole payload on create, so an attribute
	// it does not know raises instead of being ignored (compat.ScheduleValues500).
	ModelCreate bool
	// UnknownOnCreate, when set, is the deviation under which Mage builds this resource's
	// record from the whole payload on create, so an attribute it does not know raises.
	UnknownOnCreate compat.ID
	// MissingParent, when set, decides a nested route whose parent lookup failed with err:
	// it returns err, or nil to run the action without a parent record (where Mage ignores
	// a parent it does not find).
	MissingParent func(op *Op, err error) error
	// Precheck, when set, runs once the parent and the record are found, before the policy:
	// for what Mage refuses before any policy runs.
	Precheck func(op *Op) error
}

// Run performs an action; record is the looked-up record for member actions.
// List returns a Page; the others return the record to present.
type Run func(op *Op, record any) (any, error)

// absentValue is the type of Absent.
type absentValue struct{}

// Absent is the value a Presenter gives an attribute the record does not have at the moment:
// it is left out of the response instead of being shown as null, as Mage leaves out some
// attributes while they are unset.
var Absent any = absentValue{}

// Presenter says what a response shows of a record (C §7).
type Presenter struct {
	// Formats are attribute allow-lists by format name ("default", an action, or a _format):
	// the resource's Attributes.Formats().
	Formats map[string][]string
	// InMage are the formats Mage uses instead, under the deviation that names them.
	InMage map[compat.ID]map[string][]string
	// Present returns every attribute of a record in a new map; the format filters them.
	Present func(op *Op, record any) map[string]any
	// Fields, when set, is used instead of Present on the hot paths: the same attributes, each
	// computed when the answer is written, without building a map.
	Fields func(op *Op, record any) Fields
}

// Fields are a presented record's attributes by name: false for one it does not give.
type Fields interface {
	Field(name string) (any, bool)
}

// Map is Fields held in a map, as Present gives them.
type Map map[string]any

// Field is the attribute called name.
func (m Map) Field(name string) (any, bool) {
	v, ok := m[name]
	return v, ok
}
