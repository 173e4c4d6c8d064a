package mutants

import "fmt"

// Probes of the envelope (B1, B2) and authentication (B3) mutants.
var envelopeAuthProbes = map[string]probe{
	"error-without-type": {noKey, "401 E(401,invalid_api_key)", "401 E(401,<none>)"},
	"error-without-message": {
		func(c client) string {
			_, has := c.do("GET", "/api/users", nil).body["error"].(map[string]any)["message"]
			return fmt.Sprintf("message:%v", has)
		},
		"message:true", "message:false"},
	"detail-metadata-empty-object": {
		func(c client) string {
			return fmt.Sprintf("metadata:%v", c.do("GET", "/api/users/1", nil, c.owner().auth()...).body["metadata"])
		},
		"metadata:<nil>", "metadata:map[]"},
	"delete-answer-null": {
		func(c client) string {
			o := c.owner()
			id := c.createUser(o, "gone@example.com", 4, nil)
			r := c.do("DELETE", "/api/users/"+id, nil, o.auth()...)
			return fmt.Sprintf("%s user:%v", r.outcome(), r.object("user") != nil)
		},
		"200 ok user:true", "200 ok user:false"},
	"auth-failures-http-200": {
		func(c client) string {
			r := c.do("GET", "/api/users", nil)
			return fmt.Sprintf("%s status:%v", r.outcome(), r.body["status"])
		},
		"401 E(401,invalid_api_key) status:200", "200 E(401,invalid_api_key) status:200"},
	"auth-failures-body-status-401": {
		func(c client) string {
			r := c.do("GET", "/api/users", nil)
			return fmt.Sprintf("%s status:%v", r.outcome(), r.body["status"])
		},
		"401 E(401,invalid_api_key) status:200", "401 E(401,invalid_api_key) status:401"},
	"error-code-as-string":    {noKey, "401 E(401,invalid_api_key)", `401 E("401",invalid_api_key)`},
	"error-http-status-500":   {ownerMissingUser(""), "200 E(404,record_not_found)", "500 E(404,record_not_found)"},
	"success-with-status":     {ownerKeys("/api/users"), "metadata,users", "metadata,status,users"},
	"list-key-singular":       {ownerKeys("/api/users"), "metadata,users", "metadata,user"},
	"detail-without-metadata": {ownerKeys("/api/users/1"), "metadata,user", "user"},
	"validation-envelope-status-500": {
		func(c client) string {
			r := c.do("POST", "/api/users", map[string]any{"user": map[string]any{}}, c.owner().auth()...)
			return fmt.Sprintf("%s status:%v", r.outcome(), r.body["status"])
		},
		"200 E(400,record_invalid) status:200", "200 E(400,record_invalid) status:500"},
	"http-error-codes-body-status-200": {
		func(c client) string {
			r := c.do("GET", "/api/users/999999?_http_error_codes=1", nil, c.owner().auth()...)
			return fmt.Sprintf("%s status:%v", r.outcome(), r.body["status"])
		},
		"404 E(404,record_not_found) status:404", "404 E(404,record_not_found) status:200",
	},
	"http-error-codes-ignored": {ownerMissingUser("?_http_error_codes=1"), "404 E(404,record_not_found)", "200 E(404,record_not_found)"},

	"key-header-ignored": {tokenPlacements,
		"oauth:200 ok bearer:200 ok cookie:200 ok",
		"oauth:200 ok bearer:401 E(401,invalid_api_key) cookie:401 E(401,invalid_api_key)"},
	"key-body-ignored": {keyPlacements,
		"header:200 ok query:200 ok body:200 E(400,record_invalid)",
		"header:200 ok query:200 ok body:401 E(401,invalid_api_key)"},
	"key-query-ignored": {keyPlacements,
		"header:200 ok query:200 ok body:200 E(400,record_invalid)",
		"header:200 ok query:401 E(401,invalid_api_key) body:200 E(400,record_invalid)"},
	"token-oauth-header-ignored": {keyPlacements,
		"header:200 ok query:200 ok body:200 E(400,record_invalid)",
		"header:200 ok query:200 E(403,unauthorized_access) body:200 E(403,unauthorized_access)"},
	"token-bearer-ignored": {tokenPlacements,
		"oauth:200 ok bearer:200 ok cookie:200 ok",
		"oauth:200 ok bearer:200 E(403,unauthorized_access) cookie:200 ok"},
	"token-cookie-ignored": {tokenPlacements,
		"oauth:200 ok bearer:200 ok cookie:200 ok",
		"oauth:200 ok bearer:200 ok cookie:200 E(403,unauthorized_access)"},
	"missing-key-accepted": {
		func(c client) string { return c.do("GET", "/api/users", nil, tokenHeader, c.owner().token).outcome() },
		"401 E(401,invalid_api_key)", "200 ok"},
	"wrong-key-accepted": {
		func(c client) string {
			t := c.owner().token
			return c.do("GET", "/api/users", nil, apiKeyHeader, "wrong", tokenHeader, t).outcome() + " " +
				c.do("GET", "/api/users?api_key=wrong", nil, tokenHeader, t).outcome()
		},
		"401 E(401,invalid_api_key) 401 E(401,invalid_api_key)", "200 ok 200 ok"},
	"garbage-token-accepted": {
		func(c client) string {
			return c.do("GET", "/api/users", nil, apiKeyHeader, defaultAPIKey, tokenHeader, "garbage").outcome()
		},
		"401 E(401,invalid_oauth_token)", "200 ok"},
	"jwt-in-header-accepted": {
		func(c client) string {
			return c.do("GET", "/api/users", nil, apiKeyHeader, defaultAPIKey, "Authorization", "Bearer "+c.owner().jwt).outcome()
		},
		"401 E(401,invalid_oauth_token)", "200 ok"},
	"logout-keeps-token":          {logoutThenUse, "logout:200 ok after:401 E(401,expired_oauth_token)", "logout:200 ok after:200 ok"},
	"expired-token-typed-invalid": {logoutThenUse, "logout:200 ok after:401 E(401,expired_oauth_token)", "logout:200 ok after:401 E(401,invalid_oauth_token)"},
	"public-scope-is-owner": {
		func(c client) string { return c.do("GET", "/api/users", nil, apiKeyHeader, defaultAPIKey).outcome() },
		"200 E(403,unauthorized_access)", "200 ok"},
	"login-wrong-password-succeeds": {badLogin, "200 E(404,record_not_found)", "200 ok"},
	"login-failure-401":             {badLogin, "200 E(404,record_not_found)", "401 E(401,record_not_found)"},
	"login-with-token-allowed": {
		func(c client) string {
			body := map[string]any{"session": map[string]any{"email": ownerEmail, "password": ownerPassword}}
			return c.do("POST", "/api/sessions", body, c.owner().auth()...).outcome()
		},
		"200 E(403,unauthorized_access)", "200 ok"},

	"open-server-requires-key": {
		func(c client) string { return c.do("GET", "/api/users", nil).outcome() },
		"200 ok", "401 E(401,invalid_api_key)"},
	"status-needs-key": {
		func(c client) string { return c.do("GET", "/api/status", nil).outcome() },
		"200 ok", "401 E(401,invalid_api_key)"},
	"login-by-username-refused": {
		func(c client) string {
			body := map[string]any{"session": map[string]any{"username": "admin", "password": ownerPassword}}
			return c.do("POST", "/api/sessions", body, apiKeyHeader, defaultAPIKey).outcome()
		},
		"200 ok", "200 E(404,record_not_found)"},
	"deleted-user-token-invalid": {
		func(c client) string {
			o := c.owner()
			id := c.createUser(o, "leaving@example.com", 4, nil)
			u := c.login("leaving@example.com", "password1")
			c.do("DELETE", "/api/users/"+id, nil, o.auth()...)
			return "deleted:" + c.do("GET", "/api/users/"+id, nil, u.auth()...).outcome() + " " + logoutThenUse(c)
		},
		"deleted:401 E(401,expired_oauth_token) logout:200 ok after:401 E(401,expired_oauth_token)",
		"deleted:401 E(401,invalid_oauth_token) logout:200 ok after:401 E(401,expired_oauth_token)"},
}
