package mutants

import (
	"net/http"
	"strings"
)

// Faults in authentication (B3): key and token placements, and what must be refused.
func authMutants() []Mutant {
	return []Mutant{
		{
			// As if the header key were only wired into the OAUTH-TOKEN branch: a key header
			// next to a Bearer or cookie token is not seen. Plain logins still work, so the
			// run gets past its setup and the matrix cell has to notice.
			Name:   "key-header-ignored",
			Fault:  "The `X-API-KEY` header is ignored next to a Bearer or cookie token.",
			Breaks: []string{"B3.key-header"},
			Labels: ruleLabels("B3.key-header"),
			Wrap: alter(func(r *http.Request) {
				if r.Header.Get(tokenHeader) == "" && hasToken(r) {
					r.Header.Del(apiKeyHeader)
				}
			}),
		},
		{
			Name:   "key-body-ignored",
			Fault:  "`api_key` in a POST body is ignored.",
			Breaks: []string{"B3.key-body"},
			Labels: ruleLabels("B3.key-body"),
			Wrap: alter(func(r *http.Request) {
				m := decodeObject(bufferBody(r))
				if _, ok := m[apiKeyArgument]; ok {
					delete(m, apiKeyArgument)
					setJSONBody(r, m)
				}
			}),
		},
		{
			Name:   "key-query-ignored",
			Fault:  "`?api_key=` is ignored.",
			Breaks: []string{"B3.key-query"},
			Labels: ruleLabels("B3.key-query"),
			Wrap:   alter(func(r *http.Request) { dropQuery(r, apiKeyArgument) }),
		},
		{
			// The mirror of key-header-ignored: OAUTH-TOKEN is only read when the key came
			// in the X-API-KEY header, so the default client still logs in and works.
			Name:   "token-oauth-header-ignored",
			Fault:  "`OAUTH-TOKEN` is ignored unless the key came in the header.",
			Breaks: []string{"B3.token-oauth-token"},
			Labels: ruleLabels("B3.token-oauth-token"),
			Wrap: alter(func(r *http.Request) {
				if r.Header.Get(apiKeyHeader) == "" {
					r.Header.Del(tokenHeader)
				}
			}),
		},
		{
			Name:   "token-bearer-ignored",
			Fault:  "`Authorization: Bearer T` is ignored.",
			Breaks: []string{"B3.token-bearer"},
			Labels: ruleLabels("B3.token-bearer"),
			Wrap:   alter(func(r *http.Request) { r.Header.Del("Authorization") }),
		},
		{
			Name:   "token-cookie-ignored",
			Fault:  "The `oauth_token` cookie is ignored.",
			Breaks: []string{"B3.token-cookie"},
			Labels: ruleLabels("B3.token-cookie"),
			Wrap:   alter(func(r *http.Request) { removeCookie(r, tokenCookie) }),
		},
		{
			Name:   "missing-key-accepted",
			Fault:  "A request without any API key is served.",
			Breaks: []string{"B3.missing-key"},
			Labels: ruleLabels("B3.missing-key"),
			Wrap: alter(func(r *http.Request) {
				if callerKey(r, bufferBody(r)) == "" {
					r.Header.Set(apiKeyHeader, defaultAPIKey)
				}
			}),
		},
		{
			Name:   "wrong-key-accepted",
			Fault:  "A wrong API key is accepted.",
			Breaks: []string{"B3.wrong-key"},
			Labels: ruleLabels("B3.wrong-key"),
			Wrap:   alter(correctAnyKey),
		},
		{
			Name:   "key-case-insensitive",
			Fault:  "The API key is compared without letter case.",
			Breaks: []string{"B3.wrong-key"},
			Labels: ruleLabels("B3.wrong-key"),
			Wrap: alter(func(r *http.Request) {
				if k := r.Header.Get(apiKeyHeader); k != defaultAPIKey && strings.EqualFold(k, defaultAPIKey) {
					r.Header.Set(apiKeyHeader, defaultAPIKey)
				}
			}),
		},
		{
			Name:   "login-email-case-insensitive",
			Fault:  "A login's email is compared without letter case.",
			Breaks: []string{"B3.bad-login"},
			Labels: ruleLabels("B3.bad-login"),
			Wrap: alter(func(r *http.Request) {
				if !isLogin(r) {
					return
				}
				m := decodeObject(bufferBody(r))
				if s, ok := m["session"].(map[string]any); ok {
					if e, ok := s["email"].(string); ok {
						s["email"] = strings.ToLower(e)
						setJSONBody(r, m)
					}
				}
			}),
		},
		{
			Name:   "garbage-token-accepted",
			Fault:  "An unknown token is served as the owner.",
			Breaks: []string{"B3.garbage-token"},
			Labels: ruleLabels("B3.garbage-token"),
			Wrap:   replayAsOwnerWhen(func(r *http.Request, rp *reply) bool { return rp.errorType() == "invalid_oauth_token" }),
		},
		{
			Name:   "jwt-in-header-accepted",
			Fault:  "The session JWT is accepted in a header where the inner token belongs.",
			Breaks: []string{"B3.jwt-in-header"},
			Labels: ruleLabels("B3.jwt-in-header"),
			Wrap: alter(func(r *http.Request) {
				if t := innerToken(headerToken(r)); t != "" {
					dropTokens(r)
					r.Header.Set(tokenHeader, t)
				}
			}),
		},
		{
			Name:   "public-scope-is-owner",
			Fault:  "A valid key without a token acts as the owner instead of the public scope.",
			Breaks: []string{"B3.public-scope"},
			Labels: ruleLabels("B3.public-scope"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if hasToken(r) || callerKey(r, bufferBody(r)) != defaultAPIKey || onResource("sessions", "status", "statuses")(r) {
						h.ServeHTTP(w, r)
						return
					}
					if _, token, ok := ownerLogin(h); ok {
						r = r.Clone(r.Context())
						asOwner(r, token)
					}
					h.ServeHTTP(w, r)
				})
			},
		},
		{
			Name:        "open-server-requires-key",
			Fault:       "With user authentication off, requests without a key are refused.",
			Breaks:      []string{"B3.open-server"},
			Labels:      ruleLabels("B3.open-server"),
			UserAuthOff: true,
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if segments(r) != nil && r.Method != http.MethodOptions && !onResource("status", "statuses")(r) && callerKey(r, bufferBody(r)) == "" {
						invalidKey(r).write(w)
						return
					}
					h.ServeHTTP(w, r)
				})
			},
		},
		{
			Name:   "status-needs-key",
			Fault:  "`/api/status` requires the API key.",
			Breaks: []string{"B3.status-open"},
			Labels: ruleLabels("B3.status-open"),
			Wrap:   statusNeedsKey,
		},
	}
}

func dropQuery(r *http.Request, key string) {
	q := r.URL.Query()
	if q.Has(key) {
		q.Del(key)
		r.URL.RawQuery = q.Encode()
	}
}

// correctAnyKey replaces a wrong API key, wherever it is, with the right one.
func correctAnyKey(r *http.Request) {
	if k := r.Header.Get(apiKeyHeader); k != "" && k != defaultAPIKey {
		r.Header.Set(apiKeyHeader, defaultAPIKey)
	}
	q := r.URL.Query()
	if k := q.Get(apiKeyArgument); k != "" && k != defaultAPIKey {
		q.Set(apiKeyArgument, defaultAPIKey)
		r.URL.RawQuery = q.Encode()
	}
	m := decodeObject(bufferBody(r))
	if k, ok := m[apiKeyArgument]; ok && k != defaultAPIKey {
		m[apiKeyArgument] = defaultAPIKey
		setJSONBody(r, m)
	}
}

// replayAsOwnerWhen answers a request the reference refused (as decided by refused) with the
// owner's answer to the same request: the caller gets what only the owner may have.
func replayAsOwnerWhen(refused func(r *http.Request, rp *reply) bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body := bufferBody(r)
			rp := capture(h, r)
			if refused(r, rp) {
				if _, token, ok := ownerLogin(h); ok {
					again := r.Clone(r.Context())
					setBody(again, body)
					asOwner(again, token)
					rp = capture(h, again)
				}
			}
			rp.write(w)
		})
	}
}

func jsonHeader() http.Header {
	return http.Header{
		"Content-Type":                 {"application/json"},
		"Access-Control-Allow-Origin":  {"*"},
		"Access-Control-Allow-Headers": {"*"},
		"Access-Control-Allow-Methods": {"DELETE, GET, PATCH, POST, PUT, OPTIONS"},
	}
}

// statusNeedsKey guards the status route like any other: no key, no status.
func statusNeedsKey(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if onResource("status", "statuses")(r) && r.Method == http.MethodGet && callerKey(r, nil) == "" {
			invalidKey(r).write(w)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// invalidKey is the reference's answer to a missing key: HTTP 401, body status 200.
func invalidKey(r *http.Request) *reply {
	rp := errorReply(r, 401, "invalid_api_key", "Invalid API key.")
	rp.status = http.StatusUnauthorized
	return rp
}
