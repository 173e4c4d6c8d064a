package mutants

import "fmt"

// Probes of the trigger and nested-list mutants.
var runProbes = map[string]probe{
	"trigger-needs-key":     {func(c client) string { return triggerOutcome(c, true) }, "200 ok", "200 E(401,invalid_api_key)"},
	"trigger-ignores-token": {func(c client) string { return triggerOutcome(c, false) }, "401 E(401,invalid_oauth_token)", "200 ok"},
	"trigger-refusal-500":   {func(c client) string { return triggerOutcome(c, false) }, "401 E(401,invalid_oauth_token)", "200 E(500,<none>)"},
	"runs-never-complete": {func(c client) string {
		o := c.owner()
		c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
		s := c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
			"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...).object("pipeline_schedule")
		run := c.do("POST", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs", s["id"]), map[string]any{"pipeline_run": map[string]any{}}, o.auth()...).object("pipeline_run")
		var seen []any
		for range 4 {
			seen = append(seen, c.do("GET", fmt.Sprint("/api/pipeline_runs/", run["id"]), nil, o.auth()...).object("pipeline_run")["status"])
		}
		return fmt.Sprint(seen)
	}, "[running completed completed completed]", "[running running running running]"},
	"run-update-claims-completed": {func(c client) string {
		o := c.owner()
		c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
		s := c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
			"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...).object("pipeline_schedule")
		run := c.do("POST", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs", s["id"]), map[string]any{"pipeline_run": map[string]any{}}, o.auth()...).object("pipeline_run")
		path := fmt.Sprint("/api/pipeline_runs/", run["id"])
		answered := c.do("PUT", path, map[string]any{"pipeline_run": map[string]any{"status": "cancelled"}}, o.auth()...).object("pipeline_run")["status"]
		return fmt.Sprintf("answer:%v detail:%v", answered, c.do("GET", path, nil, o.auth()...).object("pipeline_run")["status"])
	}, "answer:cancelled detail:cancelled", "answer:completed detail:initial"},
	"format-ignored": {func(c client) string {
		o := c.owner()
		c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
		s := c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
			"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...).object("pipeline_schedule")
		c.do("POST", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs", s["id"]), map[string]any{"pipeline_run": map[string]any{}}, o.auth()...)
		items, _ := c.do("GET", "/api/pipeline_runs?_format=with_basic_details", nil, o.auth()...).body["pipeline_runs"].([]any)
		if len(items) != 1 {
			return fmt.Sprintf("items:%d", len(items))
		}
		return fmt.Sprintf("keys:%d", len(items[0].(map[string]any)))
	}, "keys:3", "keys:24"},
	"nested-create-first-parent": {func(c client) string {
		o := c.owner()
		for _, p := range []string{"p1", "p2"} {
			c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": p, "type": "python"}}, o.auth()...)
		}
		var under []string
		for _, p := range []string{"p1", "p2"} {
			s := c.do("POST", "/api/pipelines/"+p+"/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
				"name": "t" + p, "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...)
			under = append(under, fmt.Sprint(s.object("pipeline_schedule")["pipeline_uuid"]))
		}
		return fmt.Sprint(under)
	}, "[p1 p2]", "[p1 p1]"},
	"nested-list-unfiltered": {func(c client) string { return nestedCounts(c, "p2") },
		"nested:0", "nested:1"},
	"nested-missing-parent-lists-all": {func(c client) string { return nestedCounts(c, "nosuch") },
		"nested:E(404,record_not_found)", "nested:1"},
}

// triggerOutcome makes an API schedule and triggers it without credentials, with its token
// (right) or another one.
func triggerOutcome(c client, right bool) string {
	o := c.owner()
	c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
	s := c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
		"name": "t", "schedule_type": "api", "status": "inactive"}}, o.auth()...).object("pipeline_schedule")
	token := fmt.Sprint(s["token"])
	if !right {
		token = "0123456789abcdef0123456789abcdef"
	}
	return c.do("POST", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs/%s", s["id"], token), map[string]any{}).outcome()
}

// nestedCounts makes one schedule under pipeline p1 and lists the schedules under parent.
func nestedCounts(c client, parent string) string {
	o := c.owner()
	for _, p := range []string{"p1", "p2"} {
		c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": p, "type": "python"}}, o.auth()...)
	}
	c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
		"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...)
	r := c.do("GET", "/api/pipelines/"+parent+"/pipeline_schedules", nil, o.auth()...)
	if items, ok := r.body["pipeline_schedules"].([]any); ok {
		return fmt.Sprintf("nested:%d", len(items))
	}
	return "nested:" + r.outcome()[4:]
}
