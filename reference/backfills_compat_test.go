package reference_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference/internal/compat"
)

// The battery's scenarios of backfills, logs and OAuth access tokens, and the claims of their
// compat entries.

// fullBackfill is a backfill of the fixture's pipeline over three days.
const fullBackfill = `{"backfill": {"name": "bf", "start_datetime": "2026-01-01 00:00:00", "end_datetime": "2026-01-03 00:00:00", "interval_type": "day", "interval_units": 1}}`

// owned sends requests as the fixture's owner, each of which must succeed.
func owned(f *fixture, method, path, raw string) {
	GinkgoHelper()
	res := f.c.do(method, path, raw, f.send(asOwner)...)
	Expect(res.Status).To(Equal(200), "setup: %s", res.Raw)
	Expect(res.Body).NotTo(HaveKey("error"), "setup: %s", res.Raw)
}

// withBackfills is a setup that creates backfills of the fixture's pipeline (ids from 1) and
// then sends the updates given (each a PUT of /api/backfills/1).
func withBackfills(bodies []string, updates ...string) func(*fixture) {
	return func(f *fixture) {
		for _, b := range bodies {
			owned(f, "POST", "/api/pipelines/kept/backfills", b)
		}
		for _, u := range updates {
			owned(f, "PUT", "/api/backfills/1", u)
		}
	}
}

const (
	startIt  = `{"backfill": {"status": "initial"}}`
	cancelIt = `{"backfill": {"status": "cancelled"}}`
)

var backfillScenarios = []scenario{
	// Controls (sqlite-datetimes aside).
	{name: "backfill start", runs: true, setup: withBackfills([]string{fullBackfill}), steps: []step{
		req(asOwner, "PUT", "/api/backfills/1", `{"backfill": {"status": "initial", "name": "ignored"}}`).
			expect(hasValues("backfill", map[string]any{"status": "initial", "name": "bf", "pipeline_schedule_id": 3.0}),
				hasValues("backfill", map[string]any{"status": "initial", "name": "bf", "pipeline_schedule_id": 3.0})),
		req(asViewer, "GET", "/api/pipeline_runs/2", "").
			expect(hasValues("pipeline_run", map[string]any{"backfill_id": 1.0, "pipeline_schedule_id": 3.0, "status": "initial"}),
				hasValues("pipeline_run", map[string]any{"backfill_id": 1.0, "pipeline_schedule_id": 3.0, "status": "initial"})),
		req(asViewer, "GET", "/api/backfills/1?include_run_count=1", "").
			expect(hasValues("backfill", map[string]any{"total_run_count": 3.0, "run_status_counts": map[string]any{"initial": 3.0}}),
				hasValues("backfill", map[string]any{"total_run_count": 3.0, "run_status_counts": map[string]any{"initial": 3.0}}))}},
	{name: "backfill restart", runs: true, setup: withBackfills([]string{fullBackfill}, startIt, cancelIt), steps: []step{
		req(asOwner, "PUT", "/api/backfills/1", startIt),
		req(asViewer, "GET", "/api/backfills/1?include_run_count=true", "").
			expect(hasValues("backfill", map[string]any{"run_status_counts": map[string]any{"initial": 3.0}, "pipeline_schedule_id": 3.0}),
				hasValues("backfill", map[string]any{"run_status_counts": map[string]any{"initial": 3.0}, "pipeline_schedule_id": 3.0}))}},
	{name: "backfill delete", runs: true, setup: withBackfills([]string{fullBackfill}, startIt), steps: []step{
		req(asOwner, "DELETE", "/api/backfills/1", "").expect(hasValues("backfill", map[string]any{"id": 1.0}), hasValues("backfill", map[string]any{"id": 1.0})),
		req(asOwner, "GET", "/api/pipeline_runs/2", "").
			expect(hasValues("pipeline_run", map[string]any{"backfill_id": nil}), hasValues("pipeline_run", map[string]any{"backfill_id": nil})),
		req(asOwner, "GET", "/api/backfills/1", "").expect(isFailure(404, "record_not_found"), isFailure(404, "record_not_found"))}},
	{name: "backfills list", setup: withBackfills([]string{`{"backfill": {"name": "a"}}`, `{"backfill": {"name": "b"}}`}), steps: []step{
		req(asViewer, "GET", "/api/backfills?_limit=1&pipeline_uuid=kept", "").
			expect(hasValues("backfills", map[string]any{"id": 2.0, "total_run_count": absent}), hasValues("backfills", map[string]any{"id": 2.0, "total_run_count": absent}))}},
	{name: "viewer creates a backfill", steps: []step{req(asViewer, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "v"}}`).
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},
	{name: "admin creates a backfill with dates", steps: []step{
		req(asAdmin, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "a", "start_datetime": "2026-01-01"}}`).
			expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},

	// Deviations.
	{name: "backfill cancel", runs: true, setup: withBackfills([]string{fullBackfill}, startIt), steps: []step{
		req(asOwner, "PUT", "/api/backfills/1", cancelIt).
			expect(hasValues("backfill", map[string]any{"status": "cancelled"}), hasValues("backfill", map[string]any{"status": "cancelled"})),
		req(asOwner, "GET", "/api/pipeline_runs/2", "").
			expect(hasValues("pipeline_run.block_runs", map[string]any{"status": "cancelled"}), hasValues("pipeline_run.block_runs", map[string]any{"status": "initial"}))}},
	{name: "backfill create without a pipeline", steps: []step{req(asOwner, "POST", "/api/backfills", `{"backfill": {"name": "x"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "backfills")))}},
	{name: "backfills under a schedule", steps: []step{req(asOwner, "GET", "/api/pipeline_schedules/1/backfills", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_schedules", "pk", "1", "child", "backfills")))}},
	{name: "backfills under a missing pipeline", steps: []step{req(asOwner, "GET", "/api/pipelines/nosuch/backfills", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch", "child", "backfills")))}},
	{name: "backfill with a bad datetime", steps: []step{
		req(asViewer, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "x", "start_datetime": "soon"}}`).
			expect(isFailure(403, "unauthorized_access"), isFault(url("resource", "pipelines", "pk", "kept", "child", "backfills"))),
		req(asOwner, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "x", "end_datetime": "soon"}}`).
			expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "backfills"))),
		req(asOwner, "GET", "/api/backfills", "").expect(isSuccess("backfills"), isSuccess("backfills"))}},
	{name: "backfill with a bad interval_type", steps: []step{
		req(asOwner, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "x", "interval_type": "fortnight"}}`).
			expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "backfills"))),
		req(asOwner, "GET", "/api/backfills", "").expect(isSuccess("backfills"), isFault(url("resource", "backfills"))),
		req(asOwner, "DELETE", "/api/backfills/1", "").expect(isFailure(404, "record_not_found"), isFault(url("resource", "backfills", "pk", "1")))}},
	{name: "backfill with interval_units abc", steps: []step{
		req(asOwner, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "x", "interval_units": "abc"}}`).
			expect(isFailure(400, "record_invalid"), hasValues("backfill", map[string]any{"interval_units": "abc"}))}},
	{name: "backfill start without dates", setup: withBackfills([]string{`{"backfill": {"name": "x"}}`}), steps: []step{
		req(asOwner, "PUT", "/api/backfills/1", startIt).expect(isFailure(400, "record_invalid"), isFault(url("resource", "backfills", "pk", "1"))),
		req(asOwner, "GET", "/api/backfills/1", "").
			expect(hasValues("backfill", map[string]any{"status": nil}), hasValues("backfill", map[string]any{"status": nil}))}},
	{name: "cancel of a never-started backfill", setup: withBackfills([]string{`{"backfill": {"name": "x"}}`}), steps: []step{
		req(asOwner, "PUT", "/api/backfills/1", cancelIt).
			expect(hasValues("backfill", map[string]any{"status": "cancelled"}), isFault(url("resource", "backfills", "pk", "1"))),
		req(asOwner, "GET", "/api/backfills/1", "").
			expect(hasValues("backfill", map[string]any{"status": "cancelled"}), hasValues("backfill", map[string]any{"status": "cancelled"}))}},
	{name: "backfills of another pipeline", setup: func(f *fixture) {
		owned(f, "POST", "/api/pipelines", `{"pipeline": {"name": "other"}}`)
		withBackfills([]string{`{"backfill": {"name": "x"}}`})(f)
	}, steps: []step{
		req(asOwner, "GET", "/api/pipelines/other/backfills", "").
			expect(isSuccess("backfills"), hasValues("backfills", map[string]any{"pipeline_uuid": "kept"})),
		req(asOwner, "GET", "/api/pipelines/other/backfills/1", "").
			expect(isFailure(404, "record_not_found"), hasValues("backfill", map[string]any{"pipeline_uuid": "kept"}))}},
	{name: "backfill preview", setup: withBackfills([]string{fullBackfill}), steps: []step{
		req(asViewer, "GET", "/api/backfills/1?include_preview_runs=1&_limit=1", "").
			expect(hasValues("backfill", map[string]any{"pipeline_run_dates": HaveLen(1), "total_run_count": 3.0}),
				hasValues("backfill", map[string]any{"pipeline_run_dates": HaveLen(2), "total_run_count": 3.0}))}},
	{name: "backfill with a zone offset", steps: []step{
		req(asOwner, "POST", "/api/pipelines/kept/backfills", `{"backfill": {"start_datetime": "2026-01-31T00:00:00+02:00"}}`).
			expect(hasValues("backfill", map[string]any{"start_datetime": "2026-01-30 22:00:00.000000+00:00", "created_at": "2026-01-02 03:04:05.000000+00:00"}),
				hasValues("backfill", map[string]any{"start_datetime": "2026-01-31 00:00:00", "created_at": "2026-01-02 03:04:05"}))}},

	// Logs.
	{name: "pipeline logs", runs: true, steps: []step{req(asViewer, "GET", "/api/pipelines/kept/logs", "").
		expect(hasValues("logs", map[string]any{"total_pipeline_run_log_count": 1.0, "total_block_run_log_count": 2.0, "pipeline_run_logs": HaveLen(2)}),
			hasValues("logs", map[string]any{"total_pipeline_run_log_count": 1.0, "total_block_run_log_count": 2.0, "pipeline_run_logs": HaveLen(2)}))}},
	{name: "logs with a bad timestamp", steps: []step{req(asViewer, "GET", "/api/pipelines/kept/logs?end_timestamp=soon", "").
		expect(isFailure(400, "record_invalid"), isFailure(400, "record_invalid"))}},
	{name: "log detail", steps: []step{req(asOwner, "GET", "/api/pipelines/kept/logs/1", "").
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},
	{name: "logs with _offset", runs: true, setup: func(f *fixture) {
		owned(f, "POST", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, `{"pipeline_run": {"execution_date": "2026-01-01 00:00:00"}}`)
	}, steps: []step{req(asViewer, "GET", "/api/pipelines/kept/logs?_limit=1&_offset=1", "").
		expect(hasValues("logs", map[string]any{"total_pipeline_run_log_count": 2.0, "pipeline_run_logs": HaveLen(2)}),
			hasValues("logs", map[string]any{"total_pipeline_run_log_count": 2.0, "pipeline_run_logs": HaveLen(2)}))}},
	{name: "logs of a block run", runs: true, steps: []step{req(asViewer, "GET", "/api/block_runs/1/logs", "").
		expect(hasValues("logs", map[string]any{"total_block_run_log_count": 1.0, "block_run_logs": HaveLen(1)}),
			hasValues("logs", map[string]any{"block_run_logs": BeAssignableToTypeOf("")}))}},
	{name: "logs of a missing block run", steps: []step{req(asViewer, "GET", "/api/block_runs/99/logs", "").
		expect(isFailure(404, "record_not_found"), isSuccess("logs"))}},
	{name: "logs of a missing pipeline", steps: []step{req(asViewer, "GET", "/api/pipelines/nosuch/logs", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch", "child", "logs")))}},

	// OAuth access tokens.
	{name: "own tokens", steps: []step{req(asViewer, "GET", "/api/oauth_access_tokens", "").
		expect(hasValues("oauth_access_tokens", map[string]any{"user_id": positive}), hasValues("oauth_access_tokens", map[string]any{"user_id": positive}))}},
	{name: "token detail", steps: []step{
		req(asOwner, "GET", "/api/oauth_access_tokens/1", "").expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access")),
		req(asOwner, "DELETE", "/api/oauth_access_tokens/999", "").expect(isFailure(404, "record_not_found"), isFailure(404, "record_not_found"))}},
	{name: "tokens with show_all=0", setup: func(f *fixture) {
		second := f.c.login("viewer@example.com", "password1")
		Expect(f.c.put("/api/sessions/current", `{"session": {}}`, second.as()).Status).To(Equal(200))
	}, steps: []step{req(asViewer, "GET", "/api/oauth_access_tokens?show_all=0", "").
		expect(hasValues("oauth_access_tokens", map[string]any{"user_id": positive}), hasValues("oauth_access_tokens", map[string]any{"user_id": positive}))}},
	{name: "tokens with auth off", authOff: true, steps: []step{req(asOwner, "GET", "/api/oauth_access_tokens", "").
		expect(isSuccess("oauth_access_tokens"), isFault(url("resource", "oauth_access_tokens")))}},
	{name: "tokens of another user", steps: []step{
		req(asViewer, "GET", "/api/users/{admin}/oauth_access_tokens", "").
			expect(isFailure(403, "unauthorized_access"), hasValues("oauth_access_tokens", map[string]any{"user_id": positive})),
		req(asViewer, "GET", "/api/users/999/oauth_access_tokens", "").
			expect(isFailure(404, "record_not_found"), hasValues("oauth_access_tokens", map[string]any{"user_id": positive}))}},
	{name: "runs of a non-integer backfill", steps: []step{req(asViewer, "GET", "/api/pipeline_runs?backfill_id=abc", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_runs")))}},
}

// backfillClaims are the claims of this part's entries.
var backfillClaims = map[compat.ID][]string{
	compat.BackfillWithoutPipeline500:   {"backfill create without a pipeline", "backfills under a schedule"},
	compat.BackfillDatetime500:          {"backfill with a bad datetime"},
	compat.BackfillBadValuesStored:      {"backfill with a bad interval_type", "backfill with interval_units abc"},
	compat.BackfillStartIncomplete500:   {"backfill start without dates"},
	compat.BackfillCancelUnstarted500:   {"cancel of a never-started backfill"},
	compat.BackfillCancelKeepsBlockRuns: {"backfill cancel"},
	compat.BackfillParentIgnored:        {"backfills of another pipeline"},
	compat.BackfillPreviewExtraDate:     {"backfill preview"},
	compat.SQLiteDatetimes: {"backfill start", "backfill restart", "backfill delete", "backfills list", "backfill cancel",
		"backfill start without dates", "cancel of a never-started backfill", "backfill preview", "backfill with a zone offset",
		"own tokens", "tokens with show_all=0"},
	compat.LogsOffsetIgnored:       {"logs with _offset"},
	compat.BlockRunLogsJunk:        {"logs of a block run"},
	compat.MissingLogParentEmpty:   {"logs of a missing block run"},
	compat.TokensShowAllZero:       {"tokens with show_all=0"},
	compat.TokensAuthOff500:        {"tokens with auth off"},
	compat.UserTokensParentIgnored: {"tokens of another user"},
	compat.RunsBackfillID500:       {"runs of a non-integer backfill"},
}

// backfillClaimsOfOthers are this part's scenarios that other entries change.
var backfillClaimsOfOthers = map[compat.ID][]string{
	compat.MissingPipeline500: {"backfills under a missing pipeline", "logs of a missing pipeline"},
}

var _ = func() bool {
	scenarios = append(scenarios, backfillScenarios...)
	for _, m := range []map[compat.ID][]string{backfillClaims, backfillClaimsOfOthers} {
		for id, names := range m {
			claims[id] = append(claims[id], names...)
		}
	}
	return true
}()
