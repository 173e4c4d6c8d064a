package mutants

import (
	"net/http"
	"slices"
	"strings"

	"github.com/mageconform/mageconform/fixtures"
)

// knownResource reports whether a URL segment names a resource of the catalogue (plural or
// singular form).
func knownResource(segment string) bool { return slices.Contains(fixtures.Names(), segment) }

// Faults in headers (B9) and unknown resources (B10): SHOULD rules, judged in strict mode.
func headerMutants() []Mutant {
	return []Mutant{
		{
			Name:   "no-cors-headers",
			Fault:  "Responses carry no CORS headers.",
			Breaks: []string{"B9.cors"},
			Labels: ruleLabels("B9.cors"),
			Wrap: rewrite(anyRequest, func(_ *http.Request, rp *reply) {
				for k := range rp.header {
					if strings.HasPrefix(k, "Access-Control-") {
						rp.header.Del(k)
					}
				}
			}),
		},
		{
			Name:   "content-type-text-plain",
			Fault:  "Responses are sent as `text/plain`.",
			Breaks: []string{"B9.content-type"},
			Labels: ruleLabels("B9.content-type"),
			Wrap: rewrite(anyRequest, func(_ *http.Request, rp *reply) {
				rp.header.Set("Content-Type", "text/plain; charset=utf-8")
			}),
		},
		{
			Name:   "options-405",
			Fault:  "`OPTIONS` is answered 405.",
			Breaks: []string{"B9.options"},
			Labels: ruleLabels("B9.options"),
			Wrap: rewrite(methodIs(http.MethodOptions), func(_ *http.Request, rp *reply) {
				rp.status, rp.body = http.StatusMethodNotAllowed, nil
			}),
		},
		{
			Name:   "options-needs-key",
			Fault:  "`OPTIONS` without an API key is refused with 401 `invalid_api_key`.",
			Breaks: []string{"B9.options"},
			Labels: ruleLabels("B9.options"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodOptions && callerKey(r, nil) == "" {
						invalidKey(r).write(w)
						return
					}
					h.ServeHTTP(w, r)
				})
			},
		},
		{
			// What Mage does: the failed import surfaces as a code-500 body without a type.
			Name:   "unknown-resource-500",
			Fault:  "An unknown resource gives Mage's code-500 body instead of E(404, record_not_found).",
			Breaks: []string{"B10.unknown-resource"},
			Labels: ruleLabels("B10.unknown-resource"),
			Wrap: rewrite(func(r *http.Request) bool {
				s := segments(r)
				return len(s) > 0 && !knownResource(s[0])
			}, func(r *http.Request, rp *reply) {
				if rp.errorType() == "record_not_found" {
					*rp = *mageServerError(r, "No module named '"+segments(r)[0]+"'")
				}
			}),
		},
	}
}

// mageServerError is Mage's answer to an unhandled exception (C §3.4): HTTP 200, a code-500
// error with the traceback and no type, no body status.
func mageServerError(r *http.Request, exception string) *reply {
	rp := &reply{status: http.StatusOK, header: jsonHeader()}
	rp.setObject(map[string]any{
		"error":          map[string]any{"code": 500, "errors": []string{"Traceback (most recent call last):"}, "exception": exception, "message": "Traceback (most recent call last): ..."},
		"url_parameters": map[string]any{"resource": resource(r)},
	})
	return rp
}
