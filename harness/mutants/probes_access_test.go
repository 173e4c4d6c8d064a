package mutants

import "fmt"

// Probes of the policy (B6), presenter (B7), list (B8) and header (B9, B10) mutants.
var accessProbes = map[string]probe{
	"non-owner-writes-as-owner": {
		func(c client) string {
			p := map[string]any{"pipeline": map[string]any{"name": "by viewer", "type": "python"}}
			return c.do("POST", "/api/pipelines", p, viewer(c).auth()...).outcome()
		},
		"200 E(403,unauthorized_access)", "200 ok"},
	"forbidden-write-done-anyway": {
		func(c client) string {
			v := viewer(c)
			p := map[string]any{"pipeline": map[string]any{"name": "by viewer", "type": "python"}}
			refused := c.do("POST", "/api/pipelines", p, v.auth()...).outcome()
			return "create:" + refused + " then:" + c.do("GET", "/api/pipelines/by_viewer", nil, c.owner().auth()...).outcome()
		},
		"create:200 E(403,unauthorized_access) then:200 E(404,record_not_found)",
		"create:200 E(403,unauthorized_access) then:200 ok"},
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
	"non-owner-creates-refused": {
		func(c client) string {
			c.createUser(c.owner(), "editor@example.com", 3, nil)
			e := c.login("editor@example.com", "password1")
			p := map[string]any{"pipeline": map[string]any{"name": "by editor", "type": "python"}}
			return c.do("POST", "/api/pipelines", p, e.auth()...).outcome() + " then:" +
				c.do("GET", "/api/pipelines/by_editor", nil, c.owner().auth()...).outcome()
		},
		"200 ok then:200 ok", "200 E(403,unauthorized_access) then:200 E(404,record_not_found)"},
	"own-record-refused": {
		func(c client) string {
			v := viewer(c)
			return c.do("GET", "/api/users/"+v.id, nil, v.auth()...).outcome()
		},
		"200 ok", "200 E(403,unauthorized_access)"},
	"unknown-query-ignored": {
		func(c client) string { return c.do("GET", "/api/pipelines?foo=1", nil, viewer(c).auth()...).outcome() },
		"200 E(403,unauthorized_access)", "200 ok"},
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
	"options-needs-key": {
		func(c client) string {
			return fmt.Sprint(c.do("OPTIONS", "/api/users", nil).status, " ", c.do("OPTIONS", "/api/users", nil, apiKeyHeader, defaultAPIKey).status)
		},
		"204 204", "401 204"},
	"unknown-resource-500": {
		func(c client) string { return c.do("GET", "/api/nosuchthing", nil, c.owner().auth()...).outcome() },
		"200 E(404,record_not_found)", "200 E(500,<none>)"},
}
