package reference_test

import (
	"strings"

	"github.com/mageconform/mageconform/reference/internal/compat"
)

const form = "application/x-www-form-urlencoded"

// scenarios is the battery. Each step that probes a deviation says what the intended mode and
// the full mage-0.9.79 mode answer; the claims below say which deviations change which scenario.
var scenarios = []scenario{
	// Controls: no deviation changes these.
	{name: "secrets list", steps: []step{req(asOwner, "GET", "/api/secrets", "").
		expect(isSuccess("secrets"), isSuccess("secrets"))}},
	{name: "unknown resource without a key", steps: []step{req(asNobody, "GET", "/api/nosuchthings", "").
		expect(isAuthFailure("invalid_api_key"), isAuthFailure("invalid_api_key"))}},
	{name: "malformed JSON without a key", steps: []step{req(asNobody, "POST", "/api/pipelines", `{"pipeline"`).
		expect(isAuthFailure("invalid_api_key"), isAuthFailure("invalid_api_key"))}},
	{name: "cookie without a token claim", steps: []step{req(asKey, "GET", "/api/secrets", "").
		with("Cookie", "oauth_token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHBpcmVzIjoxfQ.XS9BvnG7YyWHmLidJTK7YecSCJkXWS3DsnFHxX0qr1c").
		expect(isAuthFailure("invalid_oauth_token"), isAuthFailure("invalid_oauth_token"))}},
	{name: "secret detail", steps: []step{req(asOwner, "GET", "/api/secrets/kept", "").
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},
	{name: "secret detail with auth off", authOff: true, steps: []step{req(asOwner, "GET", "/api/secrets/kept", "").
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},
	{name: "schedule under another pipeline", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "other"}}`),
		req(asOwner, "GET", "/api/pipelines/other/pipeline_schedules/1", "").
			expect(isFailure(404, "record_not_found"), isSuccess("pipeline_schedule"))}},
	{name: "schedule update", steps: []step{req(asOwner, "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"status": "active"}}`)}},
	{name: "a body nested too deeply", steps: []step{req(asOwner, "PUT", "/api/pipelines/kept",
		`{"pipeline": {"variables": {"v": `+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`}}}`).
		expect(isFailure(400, "record_invalid"), isFailure(400, "record_invalid"))}},
	{name: "a value over the size limit", steps: []step{req(asOwner, "PUT", "/api/pipelines/kept",
		`{"pipeline": {"description": "`+strings.Repeat("x", 70_000)+`"}}`).
		expect(isFailure(400, "record_invalid"), isFailure(400, "record_invalid"))}},
	{name: "a secret named like a path", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "a b%2F..c", "value": "v"}}`),
		req(asOwner, "DELETE", "/api/secrets/a%20b%252F..c", "").expect(isSuccess("secret"), isSuccess("secret"))}},

	// Unhandled exceptions.
	{name: "unknown resource", steps: []step{req(asOwner, "GET", "/api/nosuchthings", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "nosuchthings")))}},
	{name: "unknown parent resource", steps: []step{req(asOwner, "GET", "/api/nosuchthings/1/pipeline_schedules", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "nosuchthings", "pk", "1", "child", "pipeline_schedules")))}},
	{name: "missing pipeline detail", steps: []step{req(asOwner, "GET", "/api/pipelines/nosuch?_http_error_codes=1", "").
		expect(func(_ *fixture, res response) { expectError(res, 404, 404, "record_not_found") }, isFault(url("resource", "pipelines", "pk", "nosuch")))}},
	{name: "viewer deletes a missing pipeline", steps: []step{req(asViewer, "DELETE", "/api/pipelines/nosuch", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch")))}},
	{name: "public scope updates a missing pipeline", steps: []step{req(asKey, "PUT", "/api/pipelines/nosuch", `{"pipeline": {}}`).
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch")))}},
	{name: "schedules of a missing pipeline", steps: []step{req(asOwner, "GET", "/api/pipelines/nosuch/pipeline_schedules", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch", "child", "pipeline_schedules")))}},
	{name: "clone of a missing pipeline", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "c", "clone_pipeline_uuid": "nosuch"}}`).
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines")))}},
	{name: "duplicate pipeline", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "Kept"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "rename onto a taken uuid", steps: []step{
		req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "other"}}`),
		req(asOwner, "PUT", "/api/pipelines/other", `{"pipeline": {"name": "kept"}}`).
			expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "other")))}},
	{name: "unnamed pipeline", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {}}`).
		expect(isSuccess("pipeline"), isFault(url("resource", "pipelines")))}},
	{name: "pipeline named $$", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "$$"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "top-level schedule create", steps: []step{req(asOwner, "POST", "/api/pipeline_schedules", `{"pipeline_schedule": {"name": "t"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_schedules")))}},
	{name: "bad schedule interval on update", steps: []step{req(asOwner, "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"schedule_interval": "soon"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_schedules", "pk", "1")))}},
	{name: "bad schedule_type on create", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/pipeline_schedules", `{"pipeline_schedule": {"name": "t", "schedule_type": "nope"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "pipeline_schedules")))}},
	{name: "unknown attribute on schedule create", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/pipeline_schedules", `{"pipeline_schedule": {"name": "t", "colour": "red"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "pipeline_schedules")))}},
	{name: "empty schedule name on update", steps: []step{req(asOwner, "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"name": ""}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipeline_schedules", "pk", "1")))}},
	{name: "secret without a value", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "n"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "secrets")))}},
	{name: "taken secret name", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "kept", "value": "w"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "secrets")))}},
	{name: "empty secret name", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "", "value": "w"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("secret"))}},
	{name: "malformed email on user update", steps: []step{req(asOwner, "PUT", "/api/users/{viewer}", `{"user": {"email": "bad"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "users", "pk", "{viewer}")))}},
	{name: "taken username on user update", steps: []step{req(asOwner, "PUT", "/api/users/{viewer}", `{"user": {"username": "admin"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "users", "pk", "{viewer}")))}},
	{name: "admin changes another user's password", steps: []step{req(asAdmin, "PUT", "/api/users/{viewer}", `{"user": {"password": "password2", "password_confirmation": "password2"}}`).
		expect(isSuccess("user"), isFault(url("resource", "users", "pk", "{viewer}")))}},
	{name: "logout with auth off", authOff: true, steps: []step{req(asOwner, "PUT", "/api/sessions/1", `{}`).
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "sessions", "pk", "1")))}},
	{name: "password update with auth off", authOff: true, steps: []step{req(asOwner, "PUT", "/api/users/{plain}", `{"user": {"password": "password2", "password_confirmation": "password2"}}`).
		expect(isSuccess("user"), isFault(url("resource", "users", "pk", "{plain}")))}},

	// Owners.
	{name: "owner deletes itself", steps: []step{req(asOwner, "DELETE", "/api/users/1", "").
		expect(isFailure(400, "record_invalid"), isSuccess("user"))}},
	{name: "owner demotes itself", steps: []step{req(asOwner, "PUT", "/api/users/1", `{"user": {"owner": false, "roles_new": [4]}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("user"))}},
	{name: "owner makes a viewer an owner", steps: []step{req(asOwner, "PUT", "/api/users/{viewer}", `{"user": {"owner": true}}`).
		expect(isSuccess("user"), isSuccess("user"))}},

	// Names and what a body may hold.
	{name: "secret named ..", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "..", "value": "v"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("secret"))}},
	{name: "secret name with a slash", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "../x", "value": "v"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("secret"))}},
	{name: "pipeline name with a control character", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "a\u0001b"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("pipeline"))}},
	{name: "schedule name with a line break", steps: []step{req(asOwner, "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"name": "a\nb"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("pipeline_schedule"))}},
	{name: "username with NUL", steps: []step{req(asOwner, "PUT", "/api/users/{viewer}", `{"user": {"username": "a\u0000b"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("user"))}},
	{name: "a body that is not UTF-8", steps: []step{req(asOwner, "POST", "/api/secrets", "{\"secret\": {\"name\": \"s\xff\", \"value\": \"v\"}}").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "secrets")))}},
	{name: "an unpaired surrogate escape", steps: []step{req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "s\ud800", "value": "v"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "secrets")))}},

	// Validation.
	{name: "malformed email on user create", steps: []step{req(asOwner, "POST", "/api/users", `{"user": {"email": "bad", "password": "password1", "password_confirmation": "password1"}}`).
		expect(isFailure(400, "record_invalid"), isFailure(200, "record_invalid"))}},
	{name: "empty schedule name on create", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/pipeline_schedules", `{"pipeline_schedule": {"name": ""}}`).
		expect(isFailure(400, "record_invalid"), isFailure(200, "record_invalid"))}},
	{name: "dotless email on user create", steps: []step{req(asOwner, "POST", "/api/users", `{"user": {"email": "someone@localhost", "password": "password1", "password_confirmation": "password1"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("user"))}},
	{name: "unknown attribute on pipeline update", steps: []step{req(asOwner, "PUT", "/api/pipelines/kept", `{"pipeline": {"colour": "red"}}`).
		expect(isFailure(400, "record_invalid"), isSuccess("pipeline"))}},

	// Reading the request.
	{name: "malformed JSON on create", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": {"name": "x"`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "malformed JSON body of a GET", steps: []step{req(asOwner, "GET", "/api/secrets", `{bad`).
		expect(isSuccess("secrets"), isFault(url("resource", "secrets")))}},
	{name: "JSON array body on create", steps: []step{req(asOwner, "POST", "/api/pipelines", `[1]`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "empty list body on update", steps: []step{req(asOwner, "PUT", "/api/secrets/kept", `[]`).
		expect(isFailure(400, "record_invalid"), isFailure(403, "unauthorized_access"))}},
	{name: "wrapper that is a list", steps: []step{req(asOwner, "POST", "/api/pipelines", `{"pipeline": [1]}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "viewer sends a JSON array body", steps: []step{req(asViewer, "POST", "/api/pipelines", `[1]`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "viewer sends a wrapper that is a list", steps: []step{req(asViewer, "POST", "/api/pipelines", `{"pipeline": [1]}`).
		expect(isFailure(400, "record_invalid"), isFailure(403, "unauthorized_access"))}},
	{name: "null body without a header key", steps: []step{req(asNobody, "POST", "/api/sessions", `null`).
		expect(isAuthFailure("invalid_api_key"), isFault(url("resource", "sessions")))}},
	{name: "numeric api_key in the body", steps: []step{req(asNobody, "POST", "/api/sessions", `{"api_key": 5, "session": {}}`).
		expect(isAuthFailure("invalid_api_key"), isFault(url("resource", "sessions")))}},
	{name: "api_key list in the body", steps: []step{req(asNobody, "POST", "/api/sessions", `{"api_key": ["{key}"], "session": {"email": "admin@admin.com", "password": "admin"}}`).
		expect(isAuthFailure("invalid_api_key"), isSuccess("session"))}},
	{name: "login with curl -d", steps: []step{req(asKey, "POST", "/api/sessions", `{"session": {"email": "admin@admin.com", "password": "admin"}}`).as(form).
		expect(isSuccess("session"), isFailure(404, "record_not_found"))}},
	{name: "form field named like the wrapper", steps: []step{req(asOwner, "POST", "/api/pipelines", `pipeline=x`).as(form).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "non-integer _limit", steps: []step{req(asOwner, "GET", "/api/secrets?_limit=abc", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "secrets")))}},
	{name: "non-integer _offset of pipelines", steps: []step{req(asOwner, "GET", "/api/pipelines?_offset=x", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines")))}},
	{name: "repeated _limit", steps: []step{req(asOwner, "GET", "/api/secrets?_limit=1&_limit=2", "").
		expect(isSuccess("secrets"), isFault(url("resource", "secrets")))}},
	{name: "unknown _order_by[] key", steps: []step{req(asOwner, "GET", "/api/pipelines?_order_by[]=colour", "").
		expect(isFailure(400, "record_invalid"), isSuccess("pipelines"))}},
	{name: "malformed query escape", steps: []step{req(asOwner, "GET", "/api/secrets?a=%zz;b", "").
		expect(isFailure(400, "record_invalid"), isSuccess("secrets"))}},
	{name: "non-integer user id", steps: []step{req(asOwner, "GET", "/api/users/abc", "").
		expect(isFailure(400, "record_invalid"), isFailure(404, "record_not_found"))}},
	{name: "cookie that is not a JWT", steps: []step{req(asKey, "GET", "/api/secrets", "").with("Cookie", "oauth_token=garbage").
		expect(isAuthFailure("invalid_oauth_token"), isFault(url("resource", "secrets")))}},

	// Authentication off.
	{name: "secret rename with auth off", authOff: true, steps: []step{req(asOwner, "PUT", "/api/secrets/kept", `{"secret": {"name": "renamed"}}`).
		expect(isFailure(403, "unauthorized_access"), isSuccess("secret"))}},
	{name: "secret value with auth off", authOff: true, steps: []step{
		req(asOwner, "PUT", "/api/secrets/kept", `{"secret": {"value": "w"}}`).
			expect(isFailure(403, "unauthorized_access"), isSuccess("secret")),
		req(asOwner, "DELETE", "/api/secrets/kept", "").expect(isSuccess("secret"), isSuccess("secret"))}},
	{name: "status create with auth off", authOff: true, steps: []step{req(asOwner, "POST", "/api/status", `{}`).
		expect(isFailure(403, "unauthorized_access"), isSuccess("status"))}},
	{name: "session delete with auth off", authOff: true, steps: []step{req(asOwner, "DELETE", "/api/sessions/1", "").
		expect(isFailure(403, "unauthorized_access"), isFault(url("resource", "sessions", "pk", "1")))}},
	{name: "roles with auth off", authOff: true, steps: []step{req(asOwner, "GET", "/api/roles/1", "").
		expect(isSuccess("role"), isFailure(404, "record_not_found"))}},

	// Data and presentation.
	{name: "ids after deleting the newest secret", steps: []step{
		req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "a", "value": "v"}}`),
		req(asOwner, "DELETE", "/api/secrets/a", ""),
		req(asOwner, "POST", "/api/secrets", `{"secret": {"name": "b", "value": "v"}}`)}},
	{name: "user delete", steps: []step{req(asOwner, "DELETE", "/api/users/{viewer}", "")}},
	{name: "viewer's own detail", steps: []step{req(asViewer, "GET", "/api/users/{viewer}", "")}},
	{name: "admin lists a legacy admin", steps: []step{req(asAdmin, "GET", "/api/users?_limit=100", "").with("X-Also", "{legacy}")}},
	{name: "_limit on a database list", steps: []step{req(asOwner, "GET", "/api/secrets?_limit=1", "")}},
	{name: "roles list", steps: []step{req(asOwner, "GET", "/api/roles", "")}},
	{name: "pipeline detail", steps: []step{req(asOwner, "GET", "/api/pipelines/kept", "")}},
	{name: "schedule detail", steps: []step{req(asOwner, "GET", "/api/pipeline_schedules/1", "")}},
	{name: "schedule create without type", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/pipeline_schedules", `{"pipeline_schedule": {"name": "t"}}`)}},
	{name: "OPTIONS", steps: []step{req(asNobody, "OPTIONS", "/api/users", "")}},
	{name: "schedules list", steps: []step{req(asOwner, "GET", "/api/pipeline_schedules", "").expect(
		hasValues("pipeline_schedules", map[string]any{"next_pipeline_run_date": nil, "pipeline_runs_count": 0.0, "pipeline_in_progress_runs_count": 0.0}),
		// The battery's clock is 2026-01-02 03:04:05 and the fixture's schedule is @daily.
		hasValues("pipeline_schedules", map[string]any{"next_pipeline_run_date": "2026-01-03 00:00:00+00:00", "pipeline_runs_count": nil, "pipeline_in_progress_runs_count": nil}))}},
	{name: "pipeline delete", steps: []step{req(asOwner, "DELETE", "/api/pipelines/kept", "").expect(
		hasValues("pipeline", map[string]any{"variables_dir": nil, "updated_at": "2026-01-02 03:04:05.000000+00:00"}),
		hasValues("pipeline", map[string]any{"variables_dir": "/root/.mage_data/default_repo", "updated_at": nil}))}},
	{name: "role detail", steps: []step{req(asOwner, "GET", "/api/roles/2", "").expect(
		hasValues("role.permissions", map[string]any{"entity": "global", "conditions": absent}),
		hasValues("role.permissions", map[string]any{"entity": "global", "conditions": nil, "query_attributes": nil, "read_attributes": nil, "write_attributes": nil}))}},
	{name: "status", steps: []step{req(asNobody, "GET", "/api/status", "").expect(
		hasValues("statuses", map[string]any{"scheduler_status": "stopped", "scheduler_process_id": nil}),
		hasValues("statuses", map[string]any{"scheduler_status": "running", "scheduler_process_id": positive}))}},
}

// claims says, for each deviation, the scenarios it changes on its own. Every scenario a
// deviation changes must be listed, and each listed one must change.
var claims = map[compat.ID][]string{
	// No request reaches a panic in the reference; internal/server's recover test proves it.
	compat.UnhandledExceptionBody: nil,
	compat.UnknownResource500:     {"unknown resource", "unknown parent resource"},
	compat.MissingPipeline500: {"missing pipeline detail", "viewer deletes a missing pipeline",
		"public scope updates a missing pipeline", "schedules of a missing pipeline", "clone of a missing pipeline"},
	compat.DuplicatePipeline500:     {"duplicate pipeline", "rename onto a taken uuid"},
	compat.UnnamedPipeline500:       {"unnamed pipeline", "pipeline named $$"},
	compat.ScheduleWithoutParent500: {"top-level schedule create"},
	compat.ScheduleValues500: {"bad schedule interval on update", "bad schedule_type on create",
		"unknown attribute on schedule create", "empty schedule name on update"},
	compat.SecretCreateChecks:      {"secret without a value", "taken secret name", "empty secret name"},
	compat.UserUpdateValidation500: {"malformed email on user update", "taken username on user update"},
	compat.MissingCaller500:        {"admin changes another user's password", "logout with auth off", "password update with auth off"},
	compat.LastOwnerUnprotected:    {"owner deletes itself", "owner demotes itself"},
	compat.OwnerWriteIgnored:       {"owner demotes itself", "owner makes a viewer an owner"},
	compat.NamesUnchecked: {"secret named ..", "secret name with a slash", "pipeline name with a control character",
		"schedule name with a line break", "username with NUL"},
	compat.ValidationCode200:        {"malformed email on user create", "empty schedule name on create", "dotless email on user create"},
	compat.EmailPattern:             {"dotless email on user create"},
	compat.UnknownAttributesIgnored: {"unknown attribute on pipeline update", "unknown attribute on schedule create"},
	compat.MalformedJSON500: {"malformed JSON on create", "malformed JSON body of a GET",
		"form field named like the wrapper", "a body that is not UTF-8", "an unpaired surrogate escape"},
	compat.NonObjectBody: {"JSON array body on create", "empty list body on update", "wrapper that is a list",
		"viewer sends a wrapper that is a list", "viewer sends a JSON array body"},
	compat.BodyAPIKey500:   {"null body without a header key", "numeric api_key in the body", "api_key list in the body"},
	compat.FormBody:        {"login with curl -d"},
	compat.Paging500:       {"non-integer _limit", "non-integer _offset of pipelines", "repeated _limit"},
	compat.OrderByAnyKey:   {"unknown _order_by[] key"},
	compat.LenientQuery:    {"malformed query escape"},
	compat.NonIntegerPK404: {"non-integer user id"},
	compat.BadCookie500:    {"cookie that is not a JWT"},
	compat.AuthOffWrites: {"secret rename with auth off", "secret value with auth off", "status create with auth off",
		"session delete with auth off"},
	compat.NoRolesAuthOff:   {"roles with auth off"},
	compat.IDsReused:        {"ids after deleting the newest secret"},
	compat.DeleteShowsAfter: {"user delete"},
	// The answers that show a user, a role or a database list change with these.
	compat.UserRoleFields: {"user delete", "viewer's own detail", "admin lists a legacy admin",
		"admin changes another user's password", "password update with auth off", "owner makes a viewer an owner"},
	compat.RoleShapes: {"user delete", "viewer's own detail", "roles list", "roles with auth off", "role detail",
		"admin changes another user's password", "login with curl -d", "owner makes a viewer an owner"},
	compat.DatabaseListMetadata:     {"_limit on a database list", "admin lists a legacy admin", "repeated _limit"},
	compat.PipelineFormats:          {"pipeline detail", "unnamed pipeline", "rename onto a taken uuid", "pipeline delete", "schedule under another pipeline"},
	compat.ScheduleFormats:          {"schedule detail", "schedule create without type", "schedule update"},
	compat.ScheduleDefaults:         {"schedule create without type"},
	compat.ScheduleParentIgnored:    {"schedule under another pipeline"},
	compat.OptionsNoContentType:     {"OPTIONS"},
	compat.ScheduleNextRunDate:      {"schedules list"},
	compat.ScheduleRunCountsNull:    {"schedules list"},
	compat.PipelineVariablesDir:     {"pipeline detail", "pipeline delete", "unnamed pipeline", "rename onto a taken uuid", "schedule under another pipeline"},
	compat.DeletedPipelineUpdatedAt: {"pipeline delete"},
	compat.PermissionDetailKeys:     {"viewer's own detail", "role detail", "roles with auth off"},
	compat.SchedulerRunning:         {"status"},
}
