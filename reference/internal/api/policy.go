package api

import "github.com/mageconform/mageconform/reference/internal/policies/role"

// Scope says which callers an action rule admits: the public scope is a valid
// API key without a user token, the private scope is a logged-in user.
type Scope int

const (
	ScopePublic Scope = 1 << iota
	ScopePrivate
)

// Condition decides a rule for a caller and, for member actions, the record.
type Condition func(op *Op, record any) bool

// Rule is an action rule: the scopes it admits and a condition (nil: none).
type Rule struct {
	Scope Scope
	Allow Condition
}

// Policy says who may do what with a resource (C §6), one entry per action.
// An action without an entry is disabled: 403 for every caller, owners and
// servers without user authentication included.
type Policy map[Action]*ActionPolicy

// ActionPolicy is the rule of one action and, for non-owners, the attributes
// they may write and the query parameters they may send, each with the
// condition under which they may (nil: always).
type ActionPolicy struct {
	Rule  *Rule
	Write map[string]Condition
	Query map[string]Condition
}

// AtLeast is the condition "the caller's role is level or higher".
func AtLeast(level role.Level) Condition {
	return func(op *Op, _ any) bool { return op.Caller.AtLeast(level) }
}
