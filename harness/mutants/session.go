package mutants

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// The reference's defaults (reference.DefaultConfig(), the same as Mage's). Mutants that act on
// someone's behalf log in with them; a unit test keeps them equal to the reference's.
const (
	defaultAPIKey  = "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2"
	ownerEmail     = "admin@admin.com"
	ownerPassword  = "admin"
	tokenHeader    = "OAUTH-TOKEN"
	apiKeyHeader   = "X-API-KEY"
	tokenCookie    = "oauth_token"
	apiKeyArgument = "api_key"
)

// ownerLogin logs the owner in through the inner handler, out of the client's sight, and returns
// the session JWT and its inner token. A fresh session per call keeps mutants stateless.
func ownerLogin(h http.Handler) (jwtText, token string, ok bool) {
	rp := capture(h, ownerLoginRequest())
	s, _ := rp.object()["session"].(map[string]any)
	jwtText, _ = s["token"].(string)
	token = innerToken(jwtText)
	return jwtText, token, token != ""
}

// ownerLoginRequest is the owner's password login, key in the header.
func ownerLoginRequest() *http.Request {
	body := `{"session": {"email": "` + ownerEmail + `", "password": "` + ownerPassword + `"}}`
	req := httptest.NewRequest(http.MethodPost, "/api/sessions", strings.NewReader(body))
	req.Header.Set(apiKeyHeader, defaultAPIKey)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// innerToken is the `token` claim of a session JWT, read without checking the signature: the
// mutants only ever read JWTs the server itself issued.
func innerToken(jwtText string) string {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(jwtText, claims); err != nil {
		return ""
	}
	t, _ := claims["token"].(string)
	return t
}

// headerToken is the token a request carries in OAUTH-TOKEN or Authorization: Bearer ("" if none).
func headerToken(r *http.Request) string {
	if t := r.Header.Get(tokenHeader); t != "" {
		return t
	}
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		return strings.TrimPrefix(a, "Bearer ")
	}
	return ""
}

func hasCookieToken(r *http.Request) bool {
	c, err := r.Cookie(tokenCookie)
	return err == nil && c.Value != ""
}

// hasToken reports whether the request carries a session in any of the three placements.
func hasToken(r *http.Request) bool {
	return headerToken(r) != "" || hasCookieToken(r)
}

// dropTokens removes every token placement from the request.
func dropTokens(r *http.Request) {
	r.Header.Del(tokenHeader)
	r.Header.Del("Authorization")
	removeCookie(r, tokenCookie)
}

func removeCookie(r *http.Request, name string) {
	cookies := r.Cookies()
	r.Header.Del("Cookie")
	for _, c := range cookies {
		if c.Name != name {
			r.AddCookie(c)
		}
	}
}

// asOwner rewrites the request to carry the owner's token instead of the caller's.
func asOwner(r *http.Request, token string) {
	dropTokens(r)
	r.Header.Set(tokenHeader, token)
}

// callerKey is the API key the request carries, wherever it put it.
func callerKey(r *http.Request, body []byte) string {
	if k := r.Header.Get(apiKeyHeader); k != "" {
		return k
	}
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		if k, ok := m[apiKeyArgument].(string); ok {
			return k
		}
	}
	return r.URL.Query().Get(apiKeyArgument)
}

// probeAsCaller builds a side request carrying the caller's key (as a header) and token(s), so a
// mutant can ask the inner handler something on the caller's behalf.
func probeAsCaller(r *http.Request, body []byte, method, path, payload string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	if k := callerKey(r, body); k != "" {
		req.Header.Set(apiKeyHeader, k)
	}
	for _, h := range []string{tokenHeader, "Authorization", "Cookie"} {
		if v := r.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	return req
}
