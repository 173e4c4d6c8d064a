package api

import (
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Caller is who sends the request.
type Caller struct {
	User  *store.User  // nil in the public scope and with authentication off
	Token *store.Token // the access token the request authenticated with
	Level role.Level
	// AuthOff: user authentication is disabled, so every caller is an anonymous owner.
	AuthOff bool
}

// IsOwner is true for owners and for everyone when authentication is off.
func (c Caller) IsOwner() bool { return c.AuthOff || c.Level == role.Owner }

// AtLeast is true when the caller's role is level or higher.
func (c Caller) AtLeast(level role.Level) bool { return c.AuthOff || c.Level >= level }

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
