package mutants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// client drives a handler in-process for the probes; no network, one fresh server per probe.
type client struct {
	t *testing.T
	h http.Handler
}

type resp struct {
	status int
	header http.Header
	body   map[string]any
}

// do sends a request; headers come as name, value pairs. A string body is sent as is.
func (c client) do(method, path string, body any, headers ...string) resp {
	c.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			c.t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return resp{status: rec.Code, header: rec.Result().Header, body: decodeObject(rec.Body.Bytes())}
}

// outcome is "<http status> ok" for a success, "<http status> E(code,type)" for an error, with
// a missing type shown as <none> and a string code quoted.
func (r resp) outcome() string {
	e, failed := r.body["error"].(map[string]any)
	if !failed {
		if r.body == nil {
			return fmt.Sprintf("%d not-json", r.status)
		}
		return fmt.Sprintf("%d ok", r.status)
	}
	code := fmt.Sprint(e["code"])
	if s, ok := e["code"].(string); ok {
		code = fmt.Sprintf("%q", s)
	}
	typ, ok := e["type"].(string)
	if !ok {
		typ = "<none>"
	}
	return fmt.Sprintf("%d E(%s,%s)", r.status, code, typ)
}

func (r resp) keys() string {
	ks := make([]string, 0, len(r.body))
	for k := range r.body {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ",")
}

func (r resp) object(key string) map[string]any {
	o, _ := r.body[key].(map[string]any)
	return o
}

// session is a logged-in user: the headers that carry its key and token.
type session struct {
	jwt, token string
	id         string
}

func (s session) auth() []string { return []string{apiKeyHeader, defaultAPIKey, tokenHeader, s.token} }

func (c client) login(email, password string) session {
	c.t.Helper()
	r := c.do("POST", "/api/sessions", map[string]any{"session": map[string]any{"email": email, "password": password}}, apiKeyHeader, defaultAPIKey)
	s := r.object("session")
	jwtText, _ := s["token"].(string)
	user, _ := s["user"].(map[string]any)
	if innerToken(jwtText) == "" {
		c.t.Fatalf("login %s: %s %v", email, r.outcome(), r.body)
	}
	return session{jwt: jwtText, token: innerToken(jwtText), id: fmt.Sprint(user["id"])}
}

func (c client) owner() session { return c.login(ownerEmail, ownerPassword) }

// createUser creates a user through the owner; roleID 0 means no role.
func (c client) createUser(owner session, email string, roleID int, extra map[string]any) string {
	c.t.Helper()
	u := map[string]any{"email": email, "password": "password1", "password_confirmation": "password1"}
	if roleID > 0 {
		u["roles_new"] = []int{roleID}
	}
	for k, v := range extra {
		u[k] = v
	}
	r := c.do("POST", "/api/users", map[string]any{"user": u}, owner.auth()...)
	if r.outcome() != "200 ok" {
		c.t.Fatalf("create user %s: %s %v", email, r.outcome(), r.body)
	}
	return fmt.Sprint(r.object("user")["id"])
}

// sensitive lists the forbidden keys, and the given secret values, found anywhere in a body.
func sensitive(body map[string]any, values ...string) []string {
	var found []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if slices.Contains([]string{"password", "password_hash", "password_salt", "password_confirmation", "password_current"}, k) {
					found = append(found, k)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			if slices.Contains(values, x) {
				found = append(found, "value")
			}
		}
	}
	walk(body)
	slices.Sort(found)
	return found
}
