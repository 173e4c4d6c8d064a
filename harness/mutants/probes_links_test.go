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
	"unlink-one-sided": {func(c client) string {
		o := twoLinkedBlocks(c)
		c.do("PUT", "/api/pipelines/p1/blocks/down", map[string]any{"block": map[string]any{"upstream_blocks": []any{}}}, o.auth()...)
		up := c.do("GET", "/api/pipelines/p1/blocks/up", nil, o.auth()...).object("block")
		return fmt.Sprint(up["downstream_blocks"])
	}, "[]", "[down]"},
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

// Probes of the backfill, token and logs mutants.
var startProbes = map[string]probe{
	"preview-miscounts": {func(c client) string {
		o, id := plannedBackfill(c)
		b := c.do("GET", fmt.Sprint("/api/backfills/", id, "?include_run_count=1"), nil, o.auth()...).object("backfill")
		return fmt.Sprint(b["total_run_count"])
	}, "3", "4"},
	"start-makes-nothing": {func(c client) string {
		o, id := plannedBackfill(c)
		c.do("PUT", fmt.Sprint("/api/backfills/", id), map[string]any{"backfill": map[string]any{"status": "initial"}}, o.auth()...)
		return fmt.Sprint(len(backfillRuns(c, o, id)), " runs")
	}, "3 runs", "0 runs"},
	"stop-leaves-made": {func(c client) string {
		o, id := plannedBackfill(c)
		c.do("PUT", fmt.Sprint("/api/backfills/", id), map[string]any{"backfill": map[string]any{"status": "initial"}}, o.auth()...)
		c.do("PUT", fmt.Sprint("/api/backfills/", id), map[string]any{"backfill": map[string]any{"status": "cancelled"}}, o.auth()...)
		runs := backfillRuns(c, o, id)
		if len(runs) == 0 {
			return "no runs"
		}
		return fmt.Sprint(runs[0].(map[string]any)["status"])
	}, "cancelled", "initial"},
	"delete-removes-made": {func(c client) string {
		o, id := plannedBackfill(c)
		c.do("PUT", fmt.Sprint("/api/backfills/", id), map[string]any{"backfill": map[string]any{"status": "initial"}}, o.auth()...)
		runs := backfillRuns(c, o, id)
		c.do("DELETE", fmt.Sprint("/api/backfills/", id), nil, o.auth()...)
		if len(runs) == 0 {
			return "no runs"
		}
		return c.do("GET", fmt.Sprint("/api/pipeline_runs/", runs[0].(map[string]any)["id"]), nil, o.auth()...).outcome()
	}, "200 ok", "200 E(404,record_not_found)"},
	"own-list-shows-others": {func(c client) string {
		tokens, _ := c.do("GET", "/api/oauth_access_tokens", nil, c.owner().auth()...).body["oauth_access_tokens"].([]any)
		users := map[string]bool{}
		for _, t := range tokens {
			users[fmt.Sprint(t.(map[string]any)["user_id"])] = true
		}
		return fmt.Sprint(len(users), " users")
	}, "1 users", "2 users"},
	"own-list-shows-ended": {func(c client) string {
		o := c.owner()
		ended := c.owner()
		c.do("PUT", "/api/sessions/current", map[string]any{"session": map[string]any{}}, ended.auth()...)
		tokens, _ := c.do("GET", "/api/oauth_access_tokens", nil, o.auth()...).body["oauth_access_tokens"].([]any)
		return fmt.Sprint(len(tokens), " listed")
	}, "1 listed", "2 listed"},
	"started-never-completes": {func(c client) string {
		o, id := plannedBackfill(c)
		c.do("PUT", fmt.Sprint("/api/backfills/", id), map[string]any{"backfill": map[string]any{"status": "initial"}}, o.auth()...)
		var seen []any
		for range 4 {
			seen = append(seen, c.do("GET", fmt.Sprint("/api/backfills/", id), nil, o.auth()...).object("backfill")["status"])
		}
		return fmt.Sprint(seen)
	}, "[running completed completed completed]", "[running running running running]"},
	"own-records-made": {func(c client) string {
		return c.do("POST", "/api/oauth_access_tokens", map[string]any{"oauth_access_token": map[string]any{"user_id": 1}}, c.owner().auth()...).outcome()
	}, "200 E(403,unauthorized_access)", "200 ok"},
	"finished-without-stamps": {func(c client) string {
		o, id := plannedBackfill(c)
		c.do("PUT", fmt.Sprint("/api/backfills/", id), map[string]any{"backfill": map[string]any{"status": "initial"}}, o.auth()...)
		var b map[string]any
		for range 3 {
			b = c.do("GET", fmt.Sprint("/api/backfills/", id), nil, o.auth()...).object("backfill")
		}
		return fmt.Sprint(b["status"], " ", b["completed_at"] != nil)
	}, "completed true", "completed false"},
	"own-records-made-anyway": {func(c client) string {
		o := c.owner()
		c.do("POST", "/api/oauth_access_tokens", map[string]any{"oauth_access_token": map[string]any{"user_id": 1}}, o.auth()...)
		tokens, _ := c.do("GET", "/api/oauth_access_tokens", nil, o.auth()...).body["oauth_access_tokens"].([]any)
		return fmt.Sprint(len(tokens), " listed")
	}, "1 listed", "2 listed"},
	"listed-token-dead": {func(c client) string {
		o := c.owner()
		tokens, _ := c.do("GET", "/api/oauth_access_tokens", nil, o.auth()...).body["oauth_access_tokens"].([]any)
		dead := 0
		for _, t := range tokens {
			token, _ := t.(map[string]any)["token"].(string)
			if c.do("GET", "/api/users/1", nil, apiKeyHeader, defaultAPIKey, tokenHeader, token).outcome() != "200 ok" {
				dead++
			}
		}
		return fmt.Sprint(dead, " dead")
	}, "0 dead", "1 dead"},
	"summary-miscounts": {func(c client) string {
		o, _ := plannedBackfill(c)
		s := c.do("POST", "/api/pipelines/p1/pipeline_schedules", map[string]any{"pipeline_schedule": map[string]any{
			"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"}}, o.auth()...).object("pipeline_schedule")
		c.do("POST", fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs", s["id"]), map[string]any{"pipeline_run": map[string]any{}}, o.auth()...)
		logs, _ := c.do("GET", "/api/pipelines/p1/logs", nil, o.auth()...).body["logs"].([]any)
		if len(logs) == 0 {
			return "no summary"
		}
		return fmt.Sprint(logs[0].(map[string]any)["total_pipeline_run_log_count"])
	}, "1", "2"},
}

// plannedBackfill makes pipeline p1 and a backfill of it planned over three days, as the owner.
func plannedBackfill(c client) (session, any) {
	o := c.owner()
	c.do("POST", "/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p1", "type": "python"}}, o.auth()...)
	b := c.do("POST", "/api/pipelines/p1/backfills", map[string]any{"backfill": map[string]any{"name": "b"}}, o.auth()...).object("backfill")
	c.do("PUT", fmt.Sprint("/api/backfills/", b["id"]), map[string]any{"backfill": map[string]any{
		"start_datetime": "2026-11-01 00:00:00", "end_datetime": "2026-11-03 00:00:00", "interval_type": "day", "interval_units": 1}}, o.auth()...)
	return o, b["id"]
}

func backfillRuns(c client, o session, id any) []any {
	runs, _ := c.do("GET", fmt.Sprint("/api/pipeline_runs?backfill_id=", id), nil, o.auth()...).body["pipeline_runs"].([]any)
	return runs
}

// Probes of the session-token mutants.
var sessionShownProbes = map[string]probe{
	"detail-shows-other-session": {func(c client) string {
		first, second := c.owner(), c.owner()
		c.do("GET", "/api/users/1", nil, first.auth()...)
		u := c.do("GET", "/api/users/1", nil, second.auth()...).object("user")
		return fmt.Sprint(u["last_session"] == first.token)
	}, "false", "true"},
}
