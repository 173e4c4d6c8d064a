package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/auth"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// The API trigger's two routes (runs §1), matched before the resource routes:
// /api/pipeline_schedules/{id}/pipeline_runs/{token} and /api/pipeline_schedules/{id}/api_trigger
// with the token in Authorization: Bearer. They take only POST, need no API key and no session
// (the schedule's token is the credential) and bypass the policies.

// triggerRoute reports whether rt is one of the trigger's routes, and where its token is.
func triggerRoute(rt route) (ok, tokenInPath bool) {
	if rt.parent != "pipeline_schedules" {
		return false, false
	}
	switch {
	case rt.resource == "pipeline_runs" && rt.member:
		return true, true
	case rt.resource == "api_trigger" && !rt.member:
		return true, false
	}
	return false, false
}

// trigger answers a request on a trigger route; false when rt is not one.
func (s *Server) trigger(x *exchange, r *http.Request, rt route) bool {
	ok, tokenInPath := triggerRoute(rt)
	if !ok {
		return false
	}
	params := map[string]string{"pipeline_schedule_id": rt.pid}
	if tokenInPath {
		params["token"] = rt.pk
	}
	if r.Method != http.MethodPost {
		if s.env.Compat.Has(compat.TriggerRoute405) {
			x.WriteHeader(http.StatusMethodNotAllowed) // the trigger's handler takes only POST: empty body
			return true
		}
		writeError(x, apierr.NotFound("This route only triggers runs (POST); a run is at /api/pipeline_runs/{id}."))
		return true
	}
	token := rt.pk
	if !tokenInPath {
		token = auth.Bearer(r.Header.Get("Authorization"))
	}
	res, ok := s.registry.Resource("pipeline_runs")
	if !ok {
		writeError(x, serverError())
		return true
	}
	op := &x.op
	*op = api.Op{Env: s.env, Action: api.ActionCreate, Resource: res, Segment: res.Plural}
	rec, err := resources.TriggerRun(op, rt.pid, token, func() (map[string]any, error) {
		return s.triggerBody(x, r)
	})
	if err != nil {
		writeTriggerError(x, err, params)
		return true
	}
	obj := api.Present(op, rec)
	if s.env.Compat.Has(compat.TriggerLegacyEnvelope) {
		writeJSON(x, http.StatusOK, map[string]any{res.Singular: obj})
		return true
	}
	writeResult(x, &api.Result{Key: res.Singular, Object: obj})
	return true
}

// triggerBody reads the body as a JSON object, within the body and depth limits; an empty
// body is nil.
func (s *Server) triggerBody(x *exchange, r *http.Request) (map[string]any, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(x, r.Body, s.env.Limits.BodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, apierr.Invalid("The request body is too large.").WithErrors(map[string]any{"max_bytes": s.env.Limits.BodyBytes})
		}
		return nil, apierr.Invalid("The request body could not be read.")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	decoded, err := decodeJSON(raw, s.env.Limits.JSONDepth)
	switch {
	case errors.Is(err, errTooDeep):
		return nil, bodyError(err, s.env.Limits.JSONDepth)
	case err != nil:
		return nil, apierr.Invalid("The request body is not valid JSON.").
			InMage(compat.TriggerErrors500, apierr.Unhandled("JSONDecodeError", "Expecting value: line 1 column 1 (char 0)"))
	}
	object, ok := decoded.(map[string]any)
	if !ok {
		return nil, apierr.Invalid("The request body must be a JSON object.").
			InMage(compat.TriggerErrors500, apierr.Unhandled("AttributeError", "'%s' object has no attribute 'get'", pyType(decoded)))
	}
	return object, nil
}

// writeTriggerError answers a refused trigger: Mage's code-500 body carries the trigger
// route's own path arguments.
func writeTriggerError(x *exchange, err error, params map[string]string) {
	f, ok := apierr.Resolve(err, x.set.Has).(*apierr.Fault)
	if !ok {
		writeError(x, err)
		return
	}
	var b faultBody
	b.Error.Code, b.Error.Exception, b.Error.Message = 500, f.Text, f.Error()
	b.Error.Errors = []string{f.Error()}
	b.URLParameters = params
	writeJSON(x, http.StatusOK, b)
}
