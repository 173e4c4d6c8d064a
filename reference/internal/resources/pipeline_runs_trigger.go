package resources

import (
	"crypto/subtle"
	"strconv"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// TriggerBody reads the trigger's request body once the schedule and the token have passed:
// the decoded JSON object (nil for an empty body) or the error that refuses it.
type TriggerBody func() (map[string]any, error)

// triggerRunKeys are the keys pipeline_run may hold in a trigger's body: the run's columns.
// variables and execution_date are used; the others are set by the server and ignored.
var triggerRunKeys = map[string]bool{"variables": true, "execution_date": true, "event_variables": true,
	"backfill_id": true, "pipeline_schedule_id": true, "pipeline_uuid": true, "status": true, "id": true,
	"created_at": true, "updated_at": true, "started_at": true, "completed_at": true, "passed_sla": true,
	"metrics": true, "executor_type": true}

// triggerError is an answer of the trigger: intended, and Mage's code-500 body.
func triggerError(e *apierr.Error, kind, format string, args ...any) *apierr.Error {
	return e.InMage(compat.TriggerErrors500, apierr.Unhandled(kind, format, args...))
}

// TriggerRun is the API trigger (POST /api/pipeline_schedules/{id}/pipeline_runs/{token}, or
// /api_trigger with the token as a bearer token): for a schedule of type api whose token is
// token, it creates a run with one block run per block of the pipeline, and sets the schedule
// active. The body's pipeline_run.variables become the run's variables (plus
// execution_partition), its other top-level keys the run's event_variables (null for an
// empty body). Every refusal creates nothing. No caller is needed: the token is the credential.
func TriggerRun(op *api.Op, scheduleID, token string, readBody TriggerBody) (store.RunRecord, error) {
	id, err := strconv.Atoi(scheduleID)
	if err != nil {
		return store.RunRecord{}, triggerError(apierr.Invalid("The schedule id must be an integer."),
			"ValueError", "invalid literal for int() with base 10: '%s'", scheduleID)
	}
	var s store.Schedule
	var ok bool
	op.Env.Store.Read(func(d *store.Data) { s, ok = d.Schedules.Get(id) })
	if !ok {
		return store.RunRecord{}, triggerError(apierr.NotFound("Record not found."),
			"ApiError", "{'code': 404, 'message': 'Record not found.', 'type': 'record_not_found'}")
	}
	if scheduleType(s) != "api" {
		return store.RunRecord{}, triggerError(apierr.Invalid("Only a schedule of type api can be triggered."),
			"UnauthenticatedRequestException", "This endpoint is only supported for API trigger.")
	}
	want, _ := s.Attrs["token"].(string)
	if want == "" {
		return store.RunRecord{}, triggerError(apierr.Invalid("The schedule has no token."),
			"UnauthenticatedRequestException", "The token of the API trigger cannot be empty.")
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(token)) != 1 {
		return store.RunRecord{}, triggerError(apierr.InvalidOAuthToken(),
			"UnauthenticatedRequestException", "Invalid token for pipeline schedule ID %s.", scheduleID)
	}
	body, err := readBody()
	if err != nil {
		return store.RunRecord{}, err
	}
	variables, executed, events, err := triggerPayload(op, body)
	if err != nil {
		return store.RunRecord{}, err
	}
	now := op.Now()
	var rec store.RunRecord
	err = op.Env.Store.Write(func(d *store.Data) error {
		s, ok := d.Schedules.Get(id)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		r := d.InsertRun(func(id int) store.PipelineRun {
			return newRun(id, s, variables, events, nil, executed, now)
		}, pipelineBlocks(d, s.PipelineUUID))
		if s.Attrs["status"] != "active" {
			markSchedule(d, s, "active", now)
		}
		rec = d.RunRecord(r)
		return nil
	})
	return rec, err
}

// triggerPayload reads a trigger's body: pipeline_run's variables and execution_date, and
// the other top-level keys as event variables.
func triggerPayload(op *api.Op, body map[string]any) (variables map[string]any, executed time.Time, events map[string]any, err error) {
	if body != nil {
		events = map[string]any{}
		for k, v := range body {
			if k != "pipeline_run" {
				events[k] = v
			}
		}
	}
	run := map[string]any{}
	switch v := body["pipeline_run"].(type) {
	case nil:
	case map[string]any:
		run = v
	default:
		return nil, time.Time{}, nil, triggerError(apierr.Invalid("The \"pipeline_run\" value must be a JSON object."),
			"TypeError", "argument of type '%s' is not iterable", pyTypeName(v))
	}
	for k := range run {
		if !triggerRunKeys[k] {
			return nil, time.Time{}, nil, triggerError(apierr.Invalid("Unknown attribute.").
				WithErrors(map[string]any{"attribute": k, "error": "unknown attribute"}),
				"TypeError", "'%s' is an invalid keyword argument for PipelineRun", k)
		}
	}
	switch v := run["variables"].(type) {
	case nil:
	case map[string]any:
		variables = v
	default:
		return nil, time.Time{}, nil, triggerError(apierr.Invalid("An attribute has the wrong type.").
			WithErrors(map[string]any{"attribute": "variables", "error": "must be object or null"}),
			"TypeError", "'%s' object does not support item assignment", pyTypeName(v))
	}
	var date *string
	switch v := run["execution_date"].(type) {
	case nil:
	case string:
		date = &v
	default:
		return nil, time.Time{}, nil, triggerError(apierr.Invalid("An attribute has the wrong type.").
			WithErrors(map[string]any{"attribute": "execution_date", "error": "must be string or null"}),
			"TypeError", "Parser must be a string or character stream, not %s", pyTypeName(v))
	}
	t, err := executionDate(op, date)
	if err != nil {
		e := err.(*apierr.Error)
		return nil, time.Time{}, nil, e.InMage(compat.TriggerErrors500, apierr.Unhandled("ValueError", "Invalid isoformat string: '%s'", *date))
	}
	return variables, t, events, nil
}

// pyTypeName is the Python type name of a decoded JSON value, for Mage's exception texts.
func pyTypeName(v any) string {
	switch v.(type) {
	case string:
		return "str"
	case bool:
		return "bool"
	case float64:
		return "int"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return "NoneType"
}
