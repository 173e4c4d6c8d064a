package mutants

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mageconform/mageconform/reference"
	"github.com/onsi/ginkgo/v2/types"
)

// probe shows what one mutant changes: observe runs the same scenario on a fresh server and
// describes what it saw; the reference must show `reference`, the mutant `mutant`.
type probe struct {
	observe           func(c client) string
	reference, mutant string
}

// Scenarios shared by several probes.
var (
	noKey = func(c client) string { return c.do("GET", "/api/users", nil).outcome() }

	ownerMissingUser = func(query string) func(c client) string {
		return func(c client) string {
			return c.do("GET", "/api/users/999999"+query, nil, c.owner().auth()...).outcome()
		}
	}

	ownerKeys = func(path string) func(c client) string {
		return func(c client) string { return c.do("GET", path, nil, c.owner().auth()...).keys() }
	}

	// tokenPlacements reads the owner's own record with the key in the header and the token in
	// each of the three placements.
	tokenPlacements = func(c client) string {
		o := c.owner()
		path := "/api/users/" + o.id
		return fmt.Sprintf("oauth:%s bearer:%s cookie:%s",
			c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, tokenHeader, o.token).outcome(),
			c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, "Authorization", "Bearer "+o.token).outcome(),
			c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, "Cookie", tokenCookie+"="+o.jwt).outcome())
	}

	// keyPlacements does the same with the token in OAUTH-TOKEN and the key in each placement
	// (the body key on a create the owner may try: an empty user, refused as invalid).
	keyPlacements = func(c client) string {
		o := c.owner()
		path := "/api/users/" + o.id
		return fmt.Sprintf("header:%s query:%s body:%s",
			c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, tokenHeader, o.token).outcome(),
			c.do("GET", path+"?api_key="+defaultAPIKey, nil, tokenHeader, o.token).outcome(),
			c.do("POST", "/api/users", map[string]any{"api_key": defaultAPIKey, "user": map[string]any{}}, tokenHeader, o.token).outcome())
	}

	logoutThenUse = func(c client) string {
		o := c.owner()
		logout := c.do("PUT", "/api/sessions/1", nil, o.auth()...).outcome()
		return fmt.Sprintf("logout:%s after:%s", logout, c.do("GET", "/api/users/"+o.id, nil, o.auth()...).outcome())
	}

	badLogin = func(c client) string {
		return c.do("POST", "/api/sessions", map[string]any{"session": map[string]any{"email": ownerEmail, "password": "wrong-password"}}, apiKeyHeader, defaultAPIKey).outcome()
	}

	emptyUser = func(c client) string {
		return c.do("POST", "/api/users", map[string]any{"user": map[string]any{}}, c.owner().auth()...).outcome()
	}

	createUserWith = func(password, confirmation string) func(c client) string {
		return func(c client) string {
			u := map[string]any{"email": "new@example.com", "password": password, "password_confirmation": confirmation}
			return c.do("POST", "/api/users", map[string]any{"user": u}, c.owner().auth()...).outcome()
		}
	}

	// deleteThenDetail deletes a user and reads it again; a never-existing id is read too.
	deleteThenDetail = func(c client) string {
		o := c.owner()
		id := c.createUser(o, "gone@example.com", 4, nil)
		del := c.do("DELETE", "/api/users/"+id, nil, o.auth()...).outcome()
		return fmt.Sprintf("delete:%s detail:%s never:%s", del,
			c.do("GET", "/api/users/"+id, nil, o.auth()...).outcome(),
			c.do("GET", "/api/users/999999", nil, o.auth()...).outcome())
	}

	// page lists users one at a time at an offset, with three users present.
	page = func(offset int) func(c client) string {
		return func(c client) string {
			o := c.owner()
			c.createUser(o, "two@example.com", 4, nil)
			c.createUser(o, "three@example.com", 4, nil)
			r := c.do("GET", fmt.Sprintf("/api/users?_limit=1&_offset=%d", offset), nil, o.auth()...)
			items, _ := r.body["users"].([]any)
			first := ""
			if len(items) > 0 {
				first = fmt.Sprint(items[0].(map[string]any)["email"])
			}
			meta, _ := r.body["metadata"].(map[string]any)
			return fmt.Sprintf("items:%d first:%s count:%v next:%v", len(items), first, meta["count"], meta["next"])
		}
	}

	statusHeader = func(name string) func(c client) string {
		return func(c client) string { return name + ":" + c.do("GET", "/api/status", nil).header.Get(name) }
	}
)

// viewer is a logged-in user with the Viewer role.
func viewer(c client) session {
	c.createUser(c.owner(), "viewer@example.com", 4, nil)
	return c.login("viewer@example.com", "password1")
}

var probes = map[string]probe{
	"error-without-type":      {noKey, "401 E(401,invalid_api_key)", "401 E(401,<none>)"},
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

	"update-not-saved": {
		func(c client) string {
			o := c.owner()
			id := c.createUser(o, "upd@example.com", 4, map[string]any{"username": "before"})
			upd := c.do("PUT", "/api/users/"+id, map[string]any{"user": map[string]any{"username": "after"}}, o.auth()...)
			after := c.do("GET", "/api/users/"+id, nil, o.auth()...).object("user")["username"]
			return fmt.Sprintf("update:%s answered:%v detail:%v", upd.outcome(), upd.object("user")["username"], after)
		},
		"update:200 ok answered:after detail:after", "update:200 ok answered:after detail:before"},
	"delete-not-deleted": {deleteThenDetail,
		"delete:200 ok detail:200 E(404,record_not_found) never:200 E(404,record_not_found)",
		"delete:200 ok detail:200 ok never:200 E(404,record_not_found)"},
	"deleted-detail-record-invalid": {deleteThenDetail,
		"delete:200 ok detail:200 E(404,record_not_found) never:200 E(404,record_not_found)",
		"delete:200 ok detail:200 E(400,record_invalid) never:200 E(404,record_not_found)"},
	"create-differs-from-detail": {
		func(c client) string {
			o := c.owner()
			u := map[string]any{"email": "ada@example.com", "first_name": "Ada", "password": "password1", "password_confirmation": "password1"}
			created := c.do("POST", "/api/users", map[string]any{"user": u}, o.auth()...).object("user")
			detail := c.do("GET", fmt.Sprint("/api/users/", created["id"]), nil, o.auth()...).object("user")
			return fmt.Sprintf("create:%v detail:%v", created["first_name"], detail["first_name"])
		},
		"create:Ada detail:Ada", "create:Ada detail:Adax"},
	"create-answer-altered": {
		func(c client) string {
			o := c.owner()
			u := map[string]any{"email": "ada@example.com", "first_name": "Ada", "password": "password1", "password_confirmation": "password1"}
			created := c.do("POST", "/api/users", map[string]any{"user": u}, o.auth()...).object("user")
			detail := c.do("GET", fmt.Sprint("/api/users/", created["id"]), nil, o.auth()...).object("user")
			return fmt.Sprintf("create:%v detail:%v", created["first_name"], detail["first_name"])
		},
		"create:Ada detail:Ada", "create:Adax detail:Ada"},
	"list-omits-created": {
		func(c client) string {
			o := c.owner()
			c.createUser(o, "listed@example.com", 4, nil)
			items, _ := c.do("GET", "/api/users", nil, o.auth()...).body["users"].([]any)
			listed := false
			for _, it := range items {
				listed = listed || it.(map[string]any)["email"] == "listed@example.com"
			}
			return fmt.Sprintf("listed:%v", listed)
		},
		"listed:true", "listed:false"},

	"detail-alters-strings": {
		func(c client) string {
			o := c.owner()
			u := map[string]any{"email": "ada@example.com", "first_name": "Ada", "password": "password1", "password_confirmation": "password1"}
			created := c.do("POST", "/api/users", map[string]any{"user": u}, o.auth()...).object("user")
			detail := c.do("GET", fmt.Sprint("/api/users/", created["id"]), nil, o.auth()...).object("user")
			return fmt.Sprintf("create:%v detail:%v email:%v", created["first_name"], detail["first_name"], detail["email"])
		},
		"create:Ada detail:Ada email:ada@example.com", "create:Ada detail:Adax email:ada@example.com"},
	"uuid-not-derived": {
		func(c client) string {
			o := c.owner()
			p := c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "My Pipe", "type": "python"}}, o.auth()...).object("pipeline")
			return fmt.Sprintf("uuid:%v detail:%s", p["uuid"], c.do("GET", fmt.Sprint("/api/pipelines/", p["uuid"]), nil, o.auth()...).outcome())
		},
		"uuid:my_pipe detail:200 ok", "uuid:v2_my_pipe detail:200 ok"},
	"nested-list-empty": {
		func(c client) string {
			o := c.owner()
			c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
			sched := map[string]any{"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}
			c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": sched}, o.auth()...)
			nested, _ := c.do("GET", "/api/pipelines/p1/pipeline_schedules", nil, o.auth()...).body["pipeline_schedules"].([]any)
			top, _ := c.do("GET", "/api/pipeline_schedules", nil, o.auth()...).body["pipeline_schedules"].([]any)
			return fmt.Sprintf("nested:%d top:%d", len(nested), len(top))
		},
		"nested:1 top:1", "nested:0 top:1"},
	"secret-detail-allowed": {
		func(c client) string {
			o := c.owner()
			c.do("POST", "/api/secrets", map[string]any{"secret": map[string]any{"name": "s1", "value": "v1"}}, o.auth()...)
			return c.do("GET", "/api/secrets/s1", nil, o.auth()...).outcome() + " missing:" + c.do("GET", "/api/secrets/s2", nil, o.auth()...).outcome()
		},
		"200 E(403,unauthorized_access) missing:200 E(404,record_not_found)", "200 ok missing:200 E(404,record_not_found)"},
	"deleted-detail-success": {deleteThenDetail,
		"delete:200 ok detail:200 E(404,record_not_found) never:200 E(404,record_not_found)",
		"delete:200 ok detail:200 ok never:200 E(404,record_not_found)"},
	"missing-pipeline-500": {
		func(c client) string { return c.do("GET", "/api/pipelines/nosuch", nil, c.owner().auth()...).outcome() },
		"200 E(404,record_not_found)", "200 E(500,server_error)"},

	"validation-typed-api-resource-error": {emptyUser, "200 E(400,record_invalid)", "200 E(400,api_resource_error)"},
	"validation-code-200":                 {emptyUser, "200 E(400,record_invalid)", "200 E(200,record_invalid)"},
	"short-password-accepted":             {createUserWith("short", "short"), "200 E(400,record_invalid)", "200 ok"},
	"mismatched-confirmation-accepted":    {createUserWith("password1", "password2"), "200 E(400,record_invalid)", "200 ok"},
	"missing-fields-filled":               {emptyUser, "200 E(400,record_invalid)", "200 ok"},
	"duplicate-username-accepted": {
		func(c client) string {
			o := c.owner()
			c.createUser(o, "first@example.com", 4, map[string]any{"username": "same"})
			u := map[string]any{"email": "second@example.com", "username": "same", "password": "password1", "password_confirmation": "password1"}
			return c.do("POST", "/api/users", map[string]any{"user": u}, o.auth()...).outcome()
		},
		"200 E(400,record_invalid)", "200 ok"},
	"invalid-user-created-anyway": {
		func(c client) string {
			o := c.owner()
			refused := c.do("POST", "/api/users", map[string]any{"user": map[string]any{"email": "x@example.com"}}, o.auth()...).outcome()
			users, _ := c.do("GET", "/api/users", nil, o.auth()...).body["users"].([]any)
			return fmt.Sprintf("create:%s users:%d", refused, len(users))
		},
		"create:200 E(400,record_invalid) users:1", "create:200 E(400,record_invalid) users:2"},
	"malformed-email-accepted": {
		func(c client) string {
			u := map[string]any{"email": "nodomain", "password": "password1", "password_confirmation": "password1"}
			return c.do("POST", "/api/users", map[string]any{"user": u}, c.owner().auth()...).outcome()
		},
		"200 E(400,record_invalid)", "200 ok"},
	"malformed-input-500": {
		func(c client) string {
			o := c.owner()
			return c.do("POST", "/api/users", `{"user": {`, o.auth()...).outcome() + " " +
				c.do("GET", "/api/users?_limit=abc", nil, o.auth()...).outcome() + " " +
				c.do("GET", "/api/users?_limit=1", nil, o.auth()...).outcome()
		},
		"200 E(400,record_invalid) 200 E(400,record_invalid) 200 ok", "200 E(500,<none>) 200 E(500,<none>) 200 ok"},
	"duplicate-email-accepted": {
		func(c client) string {
			o := c.owner()
			c.createUser(o, "twice@example.com", 4, nil)
			u := map[string]any{"email": "twice@example.com", "password": "password1", "password_confirmation": "password1"}
			return c.do("POST", "/api/users", map[string]any{"user": u}, o.auth()...).outcome()
		},
		"200 E(400,record_invalid)", "200 ok"},

	"non-owner-writes-as-owner": {
		func(c client) string {
			p := map[string]any{"pipeline": map[string]any{"name": "by viewer", "type": "python"}}
			return c.do("POST", "/api/pipelines", p, viewer(c).auth()...).outcome()
		},
		"200 E(403,unauthorized_access)", "200 ok"},
	"forbidden-attribute-dropped": {
		func(c client) string {
			v := viewer(c)
			u := map[string]any{"user": map[string]any{"owner": true, "first_name": "Vera"}}
			return c.do("PUT", "/api/users/"+v.id, u, v.auth()...).outcome()
		},
		"200 E(403,unauthorized_access)", "200 ok"},
	"non-owner-lists-refused": {
		func(c client) string {
			return c.do("GET", "/api/pipelines", nil, viewer(c).auth()...).outcome() + " owner:" + c.do("GET", "/api/pipelines", nil, c.owner().auth()...).outcome()
		},
		"200 ok owner:200 ok", "200 E(403,unauthorized_access) owner:200 ok"},
	"own-record-refused": {
		func(c client) string {
			v := viewer(c)
			return c.do("GET", "/api/users/"+v.id, nil, v.auth()...).outcome()
		},
		"200 ok", "200 E(403,unauthorized_access)"},
	"permission-before-existence": {
		func(c client) string {
			return c.do("DELETE", "/api/users/999999", nil, viewer(c).auth()...).outcome() + " owner:" +
				c.do("DELETE", "/api/users/999999", nil, c.owner().auth()...).outcome()
		},
		"200 E(404,record_not_found) owner:200 E(404,record_not_found)",
		"200 E(403,unauthorized_access) owner:200 E(404,record_not_found)"},

	"user-detail-leaks-password-hash": {
		func(c client) string {
			return fmt.Sprint(sensitive(c.do("GET", "/api/users/1", nil, c.owner().auth()...).body))
		},
		"[]", "[password_hash]"},
	"session-leaks-password-salt": {
		func(c client) string {
			body := map[string]any{"session": map[string]any{"email": ownerEmail, "password": ownerPassword}}
			return fmt.Sprint(sensitive(c.do("POST", "/api/sessions", body, apiKeyHeader, defaultAPIKey).body))
		},
		"[]", "[password_salt]"},
	"user-create-echoes-password": {
		func(c client) string {
			u := map[string]any{"email": "echo@example.com", "password": "password1", "password_confirmation": "password1"}
			return fmt.Sprint(sensitive(c.do("POST", "/api/users", map[string]any{"user": u}, c.owner().auth()...).body))
		},
		"[]", "[password]"},
	"user-list-shows-preferences": {
		func(c client) string {
			items, _ := c.do("GET", "/api/users", nil, c.owner().auth()...).body["users"].([]any)
			_, shown := items[0].(map[string]any)["preferences"]
			return fmt.Sprintf("preferences:%v", shown)
		},
		"preferences:false", "preferences:true"},
	"user-detail-without-token": {
		func(c client) string {
			u := c.do("GET", "/api/users/1", nil, c.owner().auth()...).object("user")
			_, token := u["token"]
			_, permissions := u["permissions"]
			return fmt.Sprintf("token:%v permissions:%v", token, permissions)
		},
		"token:true permissions:true", "token:false permissions:false"},
	"secret-value-in-list": {
		func(c client) string {
			o := c.owner()
			c.do("POST", "/api/secrets", map[string]any{"secret": map[string]any{"name": "s1", "value": "hunter2-value"}}, o.auth()...)
			return fmt.Sprint(sensitive(c.do("GET", "/api/secrets", nil, o.auth()...).body, "hunter2-value"))
		},
		"[]", "[value]"},

	"limit-ignored":             {page(0), "items:1 first:admin@admin.com count:3 next:true", "items:3 first:admin@admin.com count:3 next:false"},
	"offset-ignored":            {page(2), "items:1 first:three@example.com count:3 next:false", "items:1 first:admin@admin.com count:3 next:true"},
	"offset-beyond-end-clamped": {page(5), "items:0 first: count:3 next:false", "items:1 first:three@example.com count:3 next:false"},
	"no-default-page": {
		func(c client) string {
			o := c.owner()
			for i := range 41 {
				c.createUser(o, fmt.Sprintf("many%d@example.com", i), 4, nil)
			}
			r := c.do("GET", "/api/users", nil, o.auth()...)
			items, _ := r.body["users"].([]any)
			return fmt.Sprintf("items:%d next:%v", len(items), r.body["metadata"].(map[string]any)["next"])
		},
		"items:40 next:true", "items:42 next:false"},
	"count-off-by-one":  {page(0), "items:1 first:admin@admin.com count:3 next:true", "items:1 first:admin@admin.com count:4 next:true"},
	"next-always-false": {page(0), "items:1 first:admin@admin.com count:3 next:true", "items:1 first:admin@admin.com count:3 next:false"},

	"no-cors-headers":         {statusHeader("Access-Control-Allow-Origin"), "Access-Control-Allow-Origin:*", "Access-Control-Allow-Origin:"},
	"content-type-text-plain": {statusHeader("Content-Type"), "Content-Type:application/json", "Content-Type:text/plain; charset=utf-8"},
	"options-405": {
		func(c client) string { return fmt.Sprint(c.do("OPTIONS", "/api/users", nil).status) },
		"204", "405"},
	"unknown-resource-500": {
		func(c client) string { return c.do("GET", "/api/nosuchthing", nil, c.owner().auth()...).outcome() },
		"200 E(404,record_not_found)", "200 E(500,<none>)"},
}

// newReference is a fresh reference server, as the mutant expects it.
func newReference(m Mutant) http.Handler {
	cfg := reference.DefaultConfig()
	cfg.RequireUserAuthentication = !m.UserAuthOff
	return reference.New(cfg)
}

// Each mutant really changes the behaviour it claims to, and nothing in its probe is a
// difference the reference shows too: otherwise a "caught" verdict would mean nothing.
func TestEachMutantChangesWhatItClaims(t *testing.T) {
	for _, m := range Catalogue() {
		t.Run(m.Name, func(t *testing.T) {
			p, ok := probes[m.Name]
			if !ok {
				t.Fatalf("mutant %s has no probe", m.Name)
			}
			if p.reference == p.mutant {
				t.Fatalf("probe of %s expects no difference", m.Name)
			}
			if got := p.observe(client{t, newReference(m)}); got != p.reference {
				t.Errorf("reference:\n got  %s\n want %s", got, p.reference)
			}
			if got := p.observe(client{t, m.Wrap(newReference(m))}); got != p.mutant {
				t.Errorf("mutant:\n got  %s\n want %s", got, p.mutant)
			}
		})
	}
}

func TestCatalogueIsWellFormed(t *testing.T) {
	names := map[string]bool{}
	for _, m := range Catalogue() {
		if names[m.Name] {
			t.Errorf("mutant %s listed twice", m.Name)
		}
		names[m.Name] = true
		if len(m.Breaks) == 0 || m.Wrap == nil || m.Fault == "" {
			t.Errorf("mutant %s: must name its fault and the rules it breaks, and wrap a handler", m.Name)
		}
		if _, err := types.ParseLabelFilter(m.Labels); err != nil || m.Labels == "" {
			t.Errorf("mutant %s: label filter %q: %v", m.Name, m.Labels, err)
		}
	}
	for name := range probes {
		if !names[name] {
			t.Errorf("probe %s has no mutant", name)
		}
	}
}

// The mutants log in on their own with the reference's defaults; they must not drift.
func TestDefaultsMatchTheReference(t *testing.T) {
	cfg := reference.DefaultConfig()
	if cfg.APIKey != defaultAPIKey || cfg.OwnerEmail != ownerEmail || cfg.OwnerPassword != ownerPassword {
		t.Fatalf("reference defaults %q %q %q differ from the mutants' constants", cfg.APIKey, cfg.OwnerEmail, cfg.OwnerPassword)
	}
}
