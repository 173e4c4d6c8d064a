// Package policies says who may do what with each resource (C §6): one file
// per resource with its action rules (scopes and conditions) and the
// attributes non-owners may write (read from the resource's declared attributes) and query on
// each action. The operation
// in internal/api applies them; owners and servers without user
// authentication skip the attribute and query checks.
package policies

import "github.com/mageconform/mageconform/reference/internal/api"

// private is the usual rule: logged-in users meeting cond.
func private(cond api.Condition) *api.Rule { return &api.Rule{Scope: api.ScopePrivate, Allow: cond} }

// attributes gives every name the same condition, for query allow-lists. The write
// allow-lists are read from the resource's attributes (Attributes.Writes).
func attributes(cond api.Condition, names ...string) map[string]api.Condition {
	m := make(map[string]api.Condition, len(names))
	for _, n := range names {
		m[n] = cond
	}
	return m
}
