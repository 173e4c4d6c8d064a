package mutants

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Faults in sessions (B3): login, logout, and what becomes of a token afterwards.
func sessionMutants() []Mutant {
	return []Mutant{
		{
			// Logout answers like the reference but never reaches it, so the token lives on.
			Name:   "logout-keeps-token",
			Fault:  "Logout answers success but the token stays valid.",
			Breaks: []string{"B3.logout"},
			Labels: ruleLabels("B3.logout"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method != http.MethodPut || resource(r) != "sessions" || !hasToken(r) {
						h.ServeHTTP(w, r)
						return
					}
					rp := &reply{status: http.StatusOK, header: jsonHeader(), body: []byte(`{"session": {"expires": "2000-01-01 00:00:00.000000+00:00", "token": null, "user": null}, "metadata": null}`)}
					rp.write(w)
				})
			},
		},
		{
			Name:   "expired-token-typed-invalid",
			Fault:  "Expired tokens are reported as `invalid_oauth_token`.",
			Breaks: []string{"B3.logout"},
			Labels: ruleLabels("B3.logout"),
			Wrap: editError(func(_ *http.Request, _ *reply, _, e map[string]any) {
				if e["type"] == "expired_oauth_token" {
					e["type"] = "invalid_oauth_token"
				}
			}),
		},
		{
			Name:   "login-wrong-password-succeeds",
			Fault:  "A failed login is answered with an owner session.",
			Breaks: []string{"B3.bad-login"},
			Labels: ruleLabels("B3.bad-login"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if !isLogin(r) {
						h.ServeHTTP(w, r)
						return
					}
					rp := capture(h, r)
					if rp.errorType() == "record_not_found" {
						rp = capture(h, ownerLoginRequest())
					}
					rp.write(w)
				})
			},
		},
		{
			// Bad credentials are answered the way many APIs do it: HTTP 401, code 401.
			Name:   "login-failure-401",
			Fault:  "Bad credentials give HTTP 401 and code 401 instead of E(404, record_not_found).",
			Breaks: []string{"B3.bad-login"},
			Labels: ruleLabels("B3.bad-login"),
			Wrap: rewriteJSON(isLogin, func(_ *http.Request, rp *reply, body map[string]any) {
				if e, ok := body["error"].(map[string]any); ok && e["type"] == "record_not_found" {
					e["code"] = json.Number("401")
					rp.status = http.StatusUnauthorized
				}
			}),
		},
		{
			Name:   "login-with-token-allowed",
			Fault:  "Logging in while holding a token starts another session instead of 403.",
			Breaks: []string{"B3.login-with-token"},
			Labels: ruleLabels("B3.login-with-token"),
			Wrap: alter(func(r *http.Request) {
				if isLogin(r) {
					dropTokens(r)
				}
			}),
		},
		{
			Name:   "login-by-username-refused",
			Fault:  "Login by username fails; only email works.",
			Breaks: []string{"B3.login"},
			Labels: ruleLabels("B3.login"),
			Wrap:   loginByUsernameRefused,
		},
		{
			// A deleted user's token is reported as unknown rather than expired; logged-out
			// tokens still say expired, so only the deleted-user check can notice.
			Name:   "deleted-user-token-invalid",
			Fault:  "A deleted user's token is `invalid_oauth_token` instead of expired.",
			Breaks: []string{"B3.deleted-user-token"},
			Labels: ruleLabels("B3.deleted-user-token"),
			Wrap:   deletedUserTokenInvalid,
		},
	}
}

func isLogin(r *http.Request) bool {
	return r.Method == http.MethodPost && len(segments(r)) == 1 && resource(r) == "sessions"
}

// errorReply is a fresh error envelope as the reference writes it (HTTP 200 unless asked).
func errorReply(r *http.Request, code int, typ, message string) *reply {
	status := http.StatusOK
	if httpErrorCodes(r) {
		status = code
	}
	rp := &reply{status: status, header: jsonHeader()}
	rp.setObject(map[string]any{"error": map[string]any{"code": code, "message": message, "type": typ}, "status": status})
	return rp
}

// loginByUsernameRefused only knows logins by email: a username login is bad credentials.
func loginByUsernameRefused(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isLogin(r) {
			s, _ := decodeObject(bufferBody(r))["session"].(map[string]any)
			if _, byEmail := s["email"]; !byEmail && s["username"] != nil {
				errorReply(r, 404, "record_not_found", "Email/username and/or password invalid.").write(w)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// requestToken is the inner token a request authenticates with, whatever the placement.
func requestToken(r *http.Request) string {
	if t := headerToken(r); t != "" {
		return t
	}
	if c, err := r.Cookie(tokenCookie); err == nil {
		return innerToken(c.Value)
	}
	return ""
}

func deletedUserTokenInvalid(h http.Handler) http.Handler {
	var mu sync.Mutex
	loggedOut := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rp := capture(h, r)
		token := requestToken(r)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Method == http.MethodPut && resource(r) == "sessions" && rp.isSuccess():
			loggedOut[token] = true
		case rp.errorType() == "expired_oauth_token" && !loggedOut[token]:
			body := rp.object()
			body["error"].(map[string]any)["type"] = "invalid_oauth_token"
			rp.setObject(body)
		}
		rp.write(w)
	})
}
