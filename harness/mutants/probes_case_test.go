package mutants

import "strings"

// Probes of the mutants that match credentials without letter case.
var caseProbes = map[string]probe{
	"key-case-insensitive": {func(c client) string {
		o := c.owner()
		return c.do("GET", "/api/users/1", nil, apiKeyHeader, strings.ToUpper(defaultAPIKey), tokenHeader, o.token).outcome()
	}, "401 E(401,invalid_api_key)", "200 ok"},
	"login-email-case-insensitive": {func(c client) string {
		body := map[string]any{"session": map[string]any{"email": strings.ToUpper(ownerEmail), "password": ownerPassword}}
		return c.do("POST", "/api/sessions", body, apiKeyHeader, defaultAPIKey).outcome()
	}, "200 E(404,record_not_found)", "200 ok"},
}
