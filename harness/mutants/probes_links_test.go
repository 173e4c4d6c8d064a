package mutants

import "fmt"

// Probes of the linked-records mutants: a pipeline with a block and one downstream of it.
var linkProbes = map[string]probe{
	"project-version-public": {func(c client) string {
		items, _ := c.do("GET", "/api/projects", nil, apiKeyHeader, defaultAPIKey).body["projects"].([]any)
		if len(items) == 0 {
			return "no projects"
		}
		return fmt.Sprint(len(items[0].(map[string]any)), " keys")
	}, "1 keys", "3 keys"},
	"links-one-sided": {func(c client) string {
		o := twoLinkedBlocks(c)
		up := c.do("GET", "/api/pipelines/p1/blocks/up", nil, o.auth()...).object("block")
		return fmt.Sprint(up["downstream_blocks"])
	}, "[down]", "[]"},
	"linked-delete-forced": {func(c client) string {
		return c.do("DELETE", "/api/pipelines/p1/blocks/up", nil, twoLinkedBlocks(c).auth()...).outcome()
	}, "200 E(400,record_invalid)", "200 ok"},
	"linked-delete-500": {func(c client) string {
		return c.do("DELETE", "/api/pipelines/p1/blocks/up", nil, twoLinkedBlocks(c).auth()...).outcome()
	}, "200 E(400,record_invalid)", "200 E(500,<none>)"},
}

// twoLinkedBlocks makes pipeline p1 with block "up" upstream of block "down", as the owner.
func twoLinkedBlocks(c client) session {
	o := c.owner()
	c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
	for _, b := range []map[string]any{{"name": "up"}, {"name": "down", "upstream_blocks": []any{"up"}}} {
		b["type"], b["language"] = "transformer", "python"
		c.do("POST", "/api/pipelines/p1/blocks", map[string]any{"block": b}, o.auth()...)
	}
	return o
}

// Probes of the nested-record mutants: a run of a schedule of pipeline p1.
var nestedProbes = map[string]probe{
	"limit-capped-100": {func(c client) string {
		o := c.owner()
		for i := range 101 {
			c.do("POST", "/api/secrets", map[string]any{"secret": map[string]any{"name": fmt.Sprint("s", i), "value": "v"}}, o.auth()...)
		}
		secrets, _ := c.do("GET", "/api/secrets?_limit=101", nil, o.auth()...).body["secrets"].([]any)
		return fmt.Sprint(len(secrets), " listed")
	}, "101 listed", "100 listed"},
	"foreign-parent-ignored": {func(c client) string {
		o, _, run := scheduledRun(c)
		return c.do("GET", fmt.Sprint("/api/pipeline_schedules/2147483000/pipeline_runs/", run), nil, o.auth()...).outcome()
	}, "200 E(404,record_not_found)", "200 ok"},
	"delete-leaves-nested": {func(c client) string {
		o, schedule, run := scheduledRun(c)
		c.do("DELETE", fmt.Sprint("/api/pipeline_runs/", run), nil, o.auth()...)
		runs, _ := c.do("GET", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs", schedule), nil, o.auth()...).body["pipeline_runs"].([]any)
		return fmt.Sprint(len(runs), " listed")
	}, "0 listed", "1 listed"},
}

// scheduledRun makes pipeline p1, a schedule of it and a run of that, as the owner.
func scheduledRun(c client) (o session, schedule, run any) {
	o = c.owner()
	c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
	s := c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
		"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...).object("pipeline_schedule")
	r := c.do("POST", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs", s["id"]), map[string]any{"pipeline_run": map[string]any{}}, o.auth()...).object("pipeline_run")
	return o, s["id"], r["id"]
}
