package policies

import "github.com/mageconform/mageconform/reference/internal/api"

// Statuses is StatusPolicy: the health check is listed by anyone, with or
// without a user (the server even lets it through without a key).
func Statuses() api.Policy {
	return api.Policy{
		api.ActionList: {Rule: &api.Rule{Scope: api.ScopePublic | api.ScopePrivate}},
	}
}
