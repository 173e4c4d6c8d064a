package mutants

import "fmt"

// Probes of the CRUD (B4) and validation (B5) mutants.
var recordProbes = map[string]probe{
	"update-not-saved": {updateThenDetail,
		"update:200 ok answered:after detail:after", "update:200 ok answered:after detail:before"},
	"update-answer-stale": {updateThenDetail,
		"update:200 ok answered:after detail:after", "update:200 ok answered:before detail:after"},
	"delete-not-deleted": {deleteThenDetail,
		"delete:200 ok detail:200 E(404,record_not_found) never:200 E(404,record_not_found)",
		"delete:200 ok detail:200 ok never:200 E(404,record_not_found)"},
	"deleted-detail-record-invalid": {deleteThenDetail,
		"delete:200 ok detail:200 E(404,record_not_found) never:200 E(404,record_not_found)",
		"delete:200 ok detail:200 E(400,record_invalid) never:200 E(404,record_not_found)"},
	"create-differs-from-detail": {createThenDetail,
		"create:Ada detail:Ada", "create:Ada detail:Adax"},
	"create-answer-altered": {createThenDetail,
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
	"invalid-create-500-block": {func(c client) string {
		o := c.owner()
		c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
		return c.do("POST", "/api/pipelines/p1/blocks", map[string]any{"block": map[string]any{"name": "b", "type": "no_such_type", "language": "python"}}, o.auth()...).outcome()
	}, "200 E(400,record_invalid)", "200 E(500,<none>)"},
	"invalid-create-claimed-variable": {func(c client) string {
		o := c.owner()
		c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
		return c.do("POST", "/api/pipelines/p1/variables", map[string]any{"variable": map[string]any{"name": "1bad", "value": 1}}, o.auth()...).outcome()
	}, "200 E(400,record_invalid)", "200 ok"},
	"missing-required-filled-secret": {secretWithoutValue, "200 E(400,record_invalid)", "200 ok"},
	"missing-required-500-secret":    {secretWithoutValue, "200 E(400,record_invalid)", "200 E(500,<none>)"},
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
}

func secretWithoutValue(c client) string {
	return c.do("POST", "/api/secrets", map[string]any{"secret": map[string]any{"name": "novalue"}}, c.owner().auth()...).outcome()
}
