package mutants

import (
	"encoding/json"
	"net/http"
)

// Faults in the two envelopes (B1 errors, B2 successes).
func envelopeMutants() []Mutant {
	return []Mutant{
		{
			Name:   "error-without-type",
			Fault:  "Error envelopes lack `error.type`.",
			Breaks: []string{"B1.envelope-shape"},
			Labels: ruleLabels("B1.envelope-shape"),
			Wrap:   editError(func(_ *http.Request, _ *reply, _, e map[string]any) { delete(e, "type") }),
		},
		{
			Name:   "error-code-as-string",
			Fault:  "`error.code` is a string (\"404\") instead of an integer.",
			Breaks: []string{"B1.envelope-shape"},
			Labels: ruleLabels("B1.envelope-shape"),
			Wrap: editError(func(_ *http.Request, _ *reply, _, e map[string]any) {
				if c, ok := e["code"].(json.Number); ok {
					e["code"] = c.String()
				}
			}),
		},
		{
			Name:   "error-without-message",
			Fault:  "Error envelopes lack `error.message`.",
			Breaks: []string{"B1.envelope-shape"},
			Labels: ruleLabels("B1.envelope-shape"),
			Wrap:   editError(func(_ *http.Request, _ *reply, _, e map[string]any) { delete(e, "message") }),
		},
		{
			Name:   "error-http-status-500",
			Fault:  "Every error is sent with HTTP 500, neither 200 nor `error.code`.",
			Breaks: []string{"B1.envelope-shape"},
			Labels: ruleLabels("B1.envelope-shape"),
			Wrap: editError(func(_ *http.Request, rp *reply, _, _ map[string]any) {
				rp.status = http.StatusInternalServerError
			}),
		},
		{
			// Only on validation errors, whose specs check the type alone: only the B1 sweep
			// over every exchange can notice, which is what this mutant proves.
			Name:   "validation-envelope-status-500",
			Fault:  "Validation errors carry body `status` 500, neither 200 nor `error.code`.",
			Breaks: []string{"B1.envelope-shape"},
			Labels: ruleLabels("B5.duplicate-email"),
			Wrap: editError(func(_ *http.Request, _ *reply, body, e map[string]any) {
				if e["type"] == "record_invalid" {
					body["status"] = json.Number("500")
				}
			}),
		},
		{
			Name:   "http-error-codes-body-status-200",
			Fault:  "With `_http_error_codes`, the body `status` stays 200 while the HTTP status follows the code.",
			Breaks: []string{"B1.http-error-codes"},
			Labels: ruleLabels("B1.http-error-codes"),
			Wrap: editError(func(r *http.Request, _ *reply, body, _ map[string]any) {
				if httpErrorCodes(r) {
					body["status"] = json.Number("200")
				}
			}),
		},
		{
			Name:   "http-error-codes-ignored",
			Fault:  "`_http_error_codes` is ignored: HTTP 200 and body `status` 200.",
			Breaks: []string{"B1.http-error-codes"},
			Labels: ruleLabels("B1.http-error-codes"),
			Wrap: editError(func(r *http.Request, rp *reply, body, _ map[string]any) {
				if httpErrorCodes(r) {
					rp.status = http.StatusOK
					body["status"] = json.Number("200")
				}
			}),
		},
		{
			// What Mage's documentation promises, not what Mage (or the reference) does.
			Name:   "auth-failures-http-200",
			Fault:  "Authentication failures are sent with HTTP 200 instead of 401.",
			Breaks: []string{"B1.auth-http-401"},
			Labels: ruleLabels("B1.auth-http-401"),
			Wrap: editError(func(r *http.Request, rp *reply, _, e map[string]any) {
				if isAuthFailure(e) && !httpErrorCodes(r) {
					rp.status = http.StatusOK
				}
			}),
		},
		{
			Name:   "auth-failures-body-status-401",
			Fault:  "Authentication failures carry body `status` 401 without `_http_error_codes`.",
			Breaks: []string{"B1.auth-http-401"},
			Labels: ruleLabels("B1.auth-http-401"),
			Wrap: editError(func(_ *http.Request, _ *reply, body, e map[string]any) {
				if isAuthFailure(e) {
					body["status"] = json.Number("401")
				}
			}),
		},
		{
			Name:   "success-with-status",
			Fault:  "Success bodies carry a top-level `status`.",
			Breaks: []string{"B2.success-envelope"},
			Labels: ruleLabels("B2.success-envelope"),
			Wrap: editSuccess(func(_ *http.Request, body map[string]any) {
				body["status"] = json.Number("200")
			}),
		},
		{
			Name:   "list-key-singular",
			Fault:  "Lists answer under the singular key (`user` for `/api/users`).",
			Breaks: []string{"B2.list-envelope"},
			Labels: ruleLabels("B2.list-envelope"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				plural := resource(r)
				if items, ok := body[plural]; ok && isCollection(r) && r.Method == http.MethodGet {
					delete(body, plural)
					body[singular(plural)] = items
				}
			}),
		},
		{
			Name:   "detail-metadata-empty-object",
			Fault:  "Detail answers carry `metadata: {}` instead of null.",
			Breaks: []string{"B2.success-envelope"},
			Labels: ruleLabels("B2.success-envelope"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if _, ok := body["metadata"]; ok && isMember(r) && r.Method == http.MethodGet {
					body["metadata"] = map[string]any{}
				}
			}),
		},
		{
			Name:   "delete-answer-null",
			Fault:  "Delete answers hold null under the singular key instead of the record.",
			Breaks: []string{"B2.success-envelope"},
			Labels: lifecycle(),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if key := singular(resource(r)); body[key] != nil && r.Method == http.MethodDelete {
					body[key] = nil
				}
			}),
		},
		{
			Name:   "detail-without-metadata",
			Fault:  "Detail answers lack `metadata`.",
			Breaks: []string{"B2.success-envelope"},
			Labels: ruleLabels("B2.success-envelope"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if isMember(r) {
					delete(body, "metadata")
				}
			}),
		},
	}
}

// editError edits every error envelope: the reply, the whole body and its `error` object.
func editError(edit func(r *http.Request, rp *reply, body, e map[string]any)) func(http.Handler) http.Handler {
	return rewriteJSON(anyRequest, func(r *http.Request, rp *reply, body map[string]any) {
		if e, ok := body["error"].(map[string]any); ok {
			edit(r, rp, body, e)
		}
	})
}

// httpErrorCodes reports whether the client asked for HTTP error statuses (any non-empty value).
func httpErrorCodes(r *http.Request) bool {
	return r.URL.Query().Get("_http_error_codes") != ""
}

// editSuccess edits every successful JSON body of an /api/ request.
func editSuccess(edit func(r *http.Request, body map[string]any)) func(http.Handler) http.Handler {
	return rewriteJSON(anyRequest, func(r *http.Request, _ *reply, body map[string]any) {
		if _, failed := body["error"]; failed || segments(r) == nil {
			return
		}
		edit(r, body)
	})
}

// isAuthFailure reports the three authentication error types, which Mage sends with HTTP 401.
func isAuthFailure(e map[string]any) bool {
	switch e["type"] {
	case "invalid_api_key", "invalid_oauth_token", "expired_oauth_token":
		return true
	}
	return false
}
