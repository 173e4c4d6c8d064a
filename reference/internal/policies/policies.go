// Package policies says who may do what with each resource (C §6): one file
// per resource with its action rules (scopes and conditions) and the
// attributes non-owners may write and query on each action. The operation
// in internal/api applies them; owners and servers without user
// authentication skip the attribute and query checks.
package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// atLeast is the condition "the caller's role is level or higher".
func atLeast(level role.Level) api.Condition {
	return func(op *api.Op, _ any) bool { return op.Caller.AtLeast(level) }
}

// private is the usual rule: logged-in users meeting cond.
func private(cond api.Condition) *api.Rule { return &api.Rule{Scope: api.ScopePrivate, Allow: cond} }

// attributes gives every name the same condition, for allow-lists.
func attributes(cond api.Condition, names ...string) map[string]api.Condition {
	m := make(map[string]api.Condition, len(names))
	for _, n := range names {
		m[n] = cond
	}
	return m
}

// merge combines allow-lists; later entries win.
func merge(lists ...map[string]api.Condition) map[string]api.Condition {
	m := map[string]api.Condition{}
	for _, l := range lists {
		for k, v := range l {
			m[k] = v
		}
	}
	return m
}
