package harness

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	fakeKey      = "fakekey-0123456789abcdefghijklmnopqrstu"
	fakePassword = "s3cret-pass"
	fakeT        = "innerTokenABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"
)

// seen is one request as the fake server received it.
type seen struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// fakeMage is just enough of Mage's auth to exercise the client: status, login, one private
// record, logout. It records every request so tests can see where credentials landed.
// testingT is what the fake needs from either *testing.T or GinkgoT().
type testingT interface {
	Helper()
	Fatal(args ...any)
	Cleanup(func())
}

type fakeMage struct {
	t      testingT
	srv    *httptest.Server
	mu     sync.Mutex
	seen   []seen
	jwt    string
	active bool
}

func newFakeMage(t testingT) *fakeMage {
	t.Helper()
	f := &fakeMage{t: t}
	j, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"expires": float64(time.Now().Add(time.Hour).Unix()), "token": fakeT,
	}).SignedString([]byte("materia"))
	if err != nil {
		t.Fatal(err)
	}
	f.jwt, f.active = j, true
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMage) last() seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.seen) == 0 {
		f.t.Fatal("the fake server saw no request")
	}
	return f.seen[len(f.seen)-1]
}

func (f *fakeMage) config() Config {
	c := DefaultConfig()
	c.APIKey, c.Password, c.Email, c.TargetURL = fakeKey, fakePassword, "owner@example.com", f.srv.URL
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func envelope(code int, typ string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": "m", "type": typ}, "status": 200}
}

func (f *fakeMage) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.seen = append(f.seen, seen{r.Method, r.URL.EscapedPath(), r.URL.Query(), r.Header.Clone(), body})
	active := f.active
	f.mu.Unlock()
	var payload map[string]any
	_ = json.Unmarshal(body, &payload)
	if r.URL.Path == "/api/status" {
		// A client with a cookie jar would send this back and authenticate by accident.
		http.SetCookie(w, &http.Cookie{Name: "oauth_token", Value: f.jwt, Path: "/"})
		writeJSON(w, 200, map[string]any{"statuses": []any{map[string]any{}}, "metadata": map[string]any{}})
		return
	}
	key := r.Header.Get("X-Api-Key")
	if key == "" {
		key, _ = payload["api_key"].(string)
	}
	if key == "" {
		key = r.URL.Query().Get("api_key")
	}
	if key != fakeKey {
		writeJSON(w, 401, envelope(401, "invalid_api_key"))
		return
	}
	token := r.Header.Get("Oauth-Token")
	if token == "" {
		token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	if c, err := r.Cookie("oauth_token"); token == "" && err == nil && c.Value == f.jwt {
		token = fakeT
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/sessions":
		s, _ := payload["session"].(map[string]any)
		if s["password"] != fakePassword {
			writeJSON(w, 200, envelope(404, "record_not_found"))
			return
		}
		// sample names, not the catalogue: the body of a login answer
		writeJSON(w, 200, map[string]any{"session": map[string]any{
			"token": f.jwt, "expires": "2030-01-01 00:00:00",
			"user": map[string]any{"id": 1, "username": "owner"},
		}, "metadata": nil})
	case token == "":
		writeJSON(w, 200, envelope(403, "unauthorized_access"))
	case token != fakeT:
		writeJSON(w, 401, envelope(401, "invalid_oauth_token"))
	case !active:
		writeJSON(w, 401, envelope(401, "expired_oauth_token"))
	case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/api/sessions/"):
		f.mu.Lock()
		f.active = false
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"session": map[string]any{"token": f.jwt}, "metadata": nil})
	default:
		writeJSON(w, 200, map[string]any{"user": map[string]any{"id": 1, "token": f.jwt}, "metadata": nil})
	}
}
