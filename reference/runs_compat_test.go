package reference_test

import (
	"net/http"

	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference/internal/compat"
)

// The battery's scenarios of the run API, and the claims of its compat entries.

// runToken is the token of the fixture's API schedule (id 2), written on create so that
// answers compare between servers.
const runToken = "0123456789abcdef0123456789abcdef"

// setupRuns gives the fixture's pipeline two blocks, an API schedule (id 2) and one
// triggered run (id 1, block runs 1 and 2). Its answers are not part of the outcome.
func setupRuns(f *fixture) {
	own := f.send(asOwner)
	for _, res := range []response{
		f.c.put("/api/pipelines/kept", body("pipeline", map[string]any{"blocks": []any{
			map[string]any{"uuid": "load"}, map[string]any{"uuid": "transform", "upstream_blocks": []any{"load"}}}}), own...),
		f.c.post("/api/pipelines/kept/pipeline_schedules", body("pipeline_schedule", map[string]any{
			"name": "api", "schedule_type": "api", "token": runToken, "settings": map[string]any{}, "variables": map[string]any{},
		}), own...),
		f.c.post("/api/pipeline_schedules/2/pipeline_runs/"+runToken, `{"pipeline_run": {"variables": {"n": 1}}}`),
	} {
		Expect(res.Status).To(Equal(200), "fixture: %s", res.Raw)
		Expect(res.Body).NotTo(HaveKey("error"), "fixture: %s", res.Raw)
	}
}

// isEmpty405 is Mage's answer on the trigger's routes to a method they do not take.
func isEmpty405(_ *fixture, res response) {
	Expect(res.Status).To(Equal(http.StatusMethodNotAllowed))
	Expect(res.Raw).To(BeEmpty())
}

// noMetadata is the trigger's success in Mage: the run alone.
func noMetadata(_ *fixture, res response) {
	Expect(res.Status).To(Equal(200), "body %s", res.Raw)
	Expect(res.Body).To(HaveKey("pipeline_run"))
	Expect(res.Body).To(HaveLen(1), "body %s", res.Raw)
	Expect(res.Body["pipeline_run"]).To(HaveKeyWithValue("status", "initial"))
}

// listed is the owner's list of every run, to show what a step created.
var listed = req(asOwner, "GET", "/api/pipeline_runs", "")

var runScenarios = []scenario{
	// Controls.
	{name: "run detail", runs: true, steps: []step{req(asViewer, "GET", "/api/pipeline_runs/1", "").
		expect(hasValues("pipeline_run.block_runs", map[string]any{"status": "initial", "pipeline_schedule_id": 2.0}),
			hasValues("pipeline_run.block_runs", map[string]any{"status": "initial", "pipeline_schedule_id": 2.0}))}},
	{name: "runs list", runs: true, steps: []step{req(asViewer, "GET", "/api/pipeline_runs?status[]=initial,running&_limit=1", "").
		expect(hasValues("pipeline_runs", map[string]any{"block_runs_count": 2.0, "pipeline_schedule_token": runToken}),
			hasValues("pipeline_runs", map[string]any{"block_runs_count": 2.0, "pipeline_schedule_token": runToken}))}},
	{name: "run cancel", runs: true, steps: []step{req(asOwner, "PUT", "/api/pipeline_runs/1", `{"pipeline_run": {"status": "cancelled"}}`).
		expect(hasValues("pipeline_run", map[string]any{"status": "cancelled"}), hasValues("pipeline_run", map[string]any{"status": "cancelled"})),
		req(asOwner, "GET", "/api/pipeline_runs/1", "")}},
	{name: "viewer cancels a run", runs: true, steps: []step{req(asViewer, "PUT", "/api/pipeline_runs/1", `{"pipeline_run": {"status": "cancelled"}}`).
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},
	{name: "run delete", runs: true, steps: []step{req(asOwner, "DELETE", "/api/pipeline_runs/1", "").
		expect(isSuccess("pipeline_run"), isSuccess("pipeline_run")),
		req(asOwner, "GET", "/api/pipeline_runs/1", "").expect(isFailure(404, "record_not_found"), isFailure(404, "record_not_found")),
		req(asOwner, "GET", "/api/block_runs", "")}},
	{name: "run create under a schedule", runs: true, steps: []step{
		req(asOwner, "POST", "/api/pipeline_schedules/2/pipeline_runs", `{"pipeline_run": {"variables": {"x": "y"}}}`).
			expect(hasValues("pipeline_run", map[string]any{"status": "initial", "variables": map[string]any{"x": "y", "execution_partition": "2/20260102T030405_000000"}}),
				hasValues("pipeline_run", map[string]any{"status": "initial"}))}},

	// The trigger.
	{name: "trigger", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, `{"pipeline_run": {"variables": {"env": "ci"}}, "source": "ci"}`).
			expect(hasValues("pipeline_run", map[string]any{"status": "initial", "event_variables": map[string]any{"source": "ci"},
				"variables": map[string]any{"env": "ci", "execution_partition": "2/20260102T030405_000000"}}), noMetadata),
		listed}},
	{name: "trigger with a bearer token", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/api_trigger", "").with("Authorization", "Bearer "+runToken).
			expect(hasValues("pipeline_run", map[string]any{"status": "initial", "event_variables": nil}), noMetadata)}},
	{name: "trigger with a wrong token", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/pipeline_runs/wrong", `{}`).
			expect(isAuthFailure("invalid_oauth_token"), isFault(url("pipeline_schedule_id", "2", "token", "wrong"))), listed}},
	{name: "trigger without a bearer token", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/api_trigger", `{}`).
			expect(isAuthFailure("invalid_oauth_token"), isFault(url("pipeline_schedule_id", "2"))), listed}},
	{name: "trigger of a time schedule", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/1/pipeline_runs/"+runToken, `{}`).
			expect(isFailure(400, "record_invalid"), isFault(url("pipeline_schedule_id", "1", "token", runToken))), listed}},
	{name: "trigger of a missing schedule", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/99/pipeline_runs/"+runToken, `{}`).
			expect(isFailure(404, "record_not_found"), isFault(url("pipeline_schedule_id", "99", "token", runToken)))}},
	{name: "trigger of a non-integer schedule id", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/abc/api_trigger", `{}`).with("Authorization", "Bearer "+runToken).
			expect(isFailure(400, "record_invalid"), isFault(url("pipeline_schedule_id", "abc")))}},
	{name: "trigger with a body that is not JSON", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, `{"pipeline_run"`).
			expect(isFailure(400, "record_invalid"), isFault(url("pipeline_schedule_id", "2", "token", runToken))), listed}},
	{name: "trigger with a list body", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, `[1]`).
			expect(isFailure(400, "record_invalid"), isFault(url("pipeline_schedule_id", "2", "token", runToken))), listed}},
	{name: "trigger with an unknown run attribute", runs: true, steps: []step{
		req(asNobody, "POST", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, `{"pipeline_run": {"colour": "red"}}`).
			expect(isFailure(400, "record_invalid"), isFault(url("pipeline_schedule_id", "2", "token", runToken))), listed}},
	{name: "GET on the trigger route", runs: true, steps: []step{req(asOwner, "GET", "/api/pipeline_schedules/2/pipeline_runs/1", "").
		expect(isFailure(404, "record_not_found"), isEmpty405)}},
	{name: "DELETE on the trigger route", runs: true, steps: []step{req(asOwner, "DELETE", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, "").
		expect(isFailure(404, "record_not_found"), isEmpty405), listed}},
	{name: "GET on api_trigger", runs: true, steps: []step{req(asOwner, "GET", "/api/pipeline_schedules/2/api_trigger", "").
		expect(isFailure(404, "record_not_found"), isEmpty405)}},

	// Framework routes.
	{name: "run create without a schedule", runs: true, steps: []step{req(asOwner, "POST", "/api/pipeline_runs", `{"pipeline_run": {}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_runs"))), listed}},
	{name: "run create under a pipeline", runs: true, steps: []step{req(asOwner, "POST", "/api/pipelines/kept/pipeline_runs", `{"pipeline_run": {}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "pipeline_runs"))), listed}},
	{name: "run create under a missing schedule", runs: true, steps: []step{req(asOwner, "POST", "/api/pipeline_schedules/99/pipeline_runs", `{"pipeline_run": {}}`).
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipeline_schedules", "pk", "99", "child", "pipeline_runs"))), listed}},
	{name: "run create with an unknown attribute", runs: true, steps: []step{req(asOwner, "POST", "/api/pipeline_schedules/2/pipeline_runs", `{"pipeline_run": {"colour": "red"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_schedules", "pk", "2", "child", "pipeline_runs"))), listed}},
	{name: "runs of a pipeline", runs: true, steps: []step{req(asOwner, "GET", "/api/pipelines/kept/pipeline_runs", "").
		expect(hasValues("pipeline_runs", map[string]any{"pipeline_uuid": "kept"}), isFault(url("resource", "pipelines", "pk", "kept", "child", "pipeline_runs")))}},
	{name: "runs of a missing schedule", runs: true, steps: []step{req(asOwner, "GET", "/api/pipeline_schedules/99/pipeline_runs", "").
		expect(isFailure(404, "record_not_found"), hasValues("pipeline_runs", map[string]any{"id": 1.0}))}},
	{name: "block runs of a missing run", runs: true, steps: []step{req(asOwner, "GET", "/api/pipeline_runs/99/block_runs", "").
		expect(isFailure(404, "record_not_found"), hasValues("block_runs", map[string]any{"pipeline_run_id": 1.0}))}},
	{name: "unknown order_by[] on runs", runs: true, steps: []step{req(asOwner, "GET", "/api/pipeline_runs?order_by[]=colour%20asc", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_runs")))}},
	{name: "unknown order_by on block runs", runs: true, steps: []step{req(asOwner, "GET", "/api/block_runs?order_by=colour", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "block_runs")))}},
	{name: "block runs of a run", runs: true, steps: []step{req(asViewer, "GET", "/api/pipeline_runs/1/block_runs", "").
		expect(hasValues("block_runs", map[string]any{"created_at": "2026-01-02 03:04:05.000000+00:00", "pipeline_schedule_id": 2.0, "pipeline_schedule_name": "api"}),
			hasValues("block_runs", map[string]any{"created_at": "2026-01-02T03:04:05", "pipeline_schedule_id": nil, "pipeline_schedule_name": nil}))}},
	{name: "block runs list", runs: true, steps: []step{req(asViewer, "GET", "/api/block_runs?pipeline_run_id=1", "").
		expect(hasValues("block_runs", map[string]any{"created_at": "2026-01-02 03:04:05.000000+00:00", "pipeline_schedule_id": 2.0, "metrics": absent}),
			hasValues("block_runs", map[string]any{"created_at": "2026-01-02T03:04:05", "pipeline_schedule_id": 2.0, "metrics": absent}))}},
	{name: "block run detail", runs: true, steps: []step{req(asOwner, "GET", "/api/block_runs/1", "").
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access")),
		req(asOwner, "GET", "/api/block_runs/99", "").expect(isFailure(404, "record_not_found"), isFailure(404, "record_not_found"))}},
	{name: "non-integer run id", runs: true, steps: []step{req(asOwner, "GET", "/api/pipeline_runs/abc", "").
		expect(isFailure(400, "record_invalid"), isFailure(404, "record_not_found"))}},
	{name: "run ids after deleting the newest run", runs: true, steps: []step{
		req(asOwner, "DELETE", "/api/pipeline_runs/1", ""),
		req(asOwner, "POST", "/api/pipeline_schedules/2/pipeline_runs", `{"pipeline_run": {}}`)}},
}

// runClaims are the claims of the run API's entries, and the run scenarios other entries
// change.
var runClaims = map[compat.ID][]string{
	compat.TriggerErrors500: {"trigger with a wrong token", "trigger without a bearer token", "trigger of a time schedule",
		"trigger of a missing schedule", "trigger of a non-integer schedule id", "trigger with a body that is not JSON",
		"trigger with a list body", "trigger with an unknown run attribute"},
	compat.TriggerLegacyEnvelope:        {"trigger", "trigger with a bearer token"},
	compat.TriggerRoute405:              {"GET on the trigger route", "DELETE on the trigger route", "GET on api_trigger"},
	compat.RunCreateParent500:           {"run create without a schedule", "run create under a pipeline", "run create under a missing schedule"},
	compat.RunCreateUnknownAttribute500: {"run create with an unknown attribute"},
	compat.RunsUnderPipeline500:         {"runs of a pipeline"},
	compat.MissingRunParentListsAll:     {"runs of a missing schedule", "block runs of a missing run"},
	compat.RunOrderBy500:                {"unknown order_by[] on runs", "unknown order_by on block runs"},
	compat.BlockRunListDates:            {"block runs of a run", "block runs list"},
	compat.NestedBlockRunsScheduleNull:  {"block runs of a run"},
}

// runClaimsOfOthers are the run scenarios that entries outside the run API change.
var runClaimsOfOthers = map[compat.ID][]string{
	compat.UnknownAttributesIgnored: {"run create with an unknown attribute"},
	compat.NonIntegerPK404:          {"non-integer run id"},
	compat.IDsReused:                {"run ids after deleting the newest run"},
}

var _ = func() bool {
	scenarios = append(scenarios, runScenarios...)
	for id, names := range runClaims {
		claims[id] = append(claims[id], names...)
	}
	for id, names := range runClaimsOfOthers {
		claims[id] = append(claims[id], names...)
	}
	return true
}()
