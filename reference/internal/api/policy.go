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

// atLeast is the condition "the caller's role is level or higher".
func atLeast(level role.Level) Condition {
	return func(op *Op, _ any) bool { return op.Caller.AtLeast(level) }
}

// Rule is an action rule: the scopes it admits and a condition (nil: none).
type Rule struct {
	Scope Scope
	Allow Condition
}

// private is the usual rule: logged-in users meeting cond.
func private(cond Condition) *Rule { return &Rule{Scope: ScopePrivate, Allow: cond} }

// attributes gives every name the same condition, for allow-lists.
func attributes(cond Condition, names ...string) map[string]Condition {
	m := make(map[string]Condition, len(names))
	for _, n := range names {
		m[n] = cond
	}
	return m
}

// merge combines allow-lists; later entries win.
func merge(lists ...map[string]Condition) map[string]Condition {
	m := map[string]Condition{}
	for _, l := range lists {
		for k, v := range l {
			m[k] = v
		}
	}
	return m
}
