package reference_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

const apiKey = reference.DefaultAPIKey

// response is one answer of the handler, with its body decoded when it is JSON.
type response struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

// client calls the handler in process and keeps every response body, so a
// spec can check a property over all of them (no sensitive attribute, ever).
type client struct {
	handler http.Handler
	mu      sync.Mutex
	bodies  [][]byte
}

func newClient(cfg reference.Config) *client { return &client{handler: reference.New(cfg)} }

// opt changes a request before it is sent.
type opt func(r *http.Request)

func keyHeader(k string) opt { return func(r *http.Request) { r.Header.Set("X-API-KEY", k) } }

func keyQuery(k string) opt {
	return func(r *http.Request) {
		q := r.URL.Query()
		q.Set("api_key", k)
		r.URL.RawQuery = q.Encode()
	}
}

func oauthToken(t string) opt { return func(r *http.Request) { r.Header.Set("OAUTH-TOKEN", t) } }
func bearer(t string) opt {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+t) }
}
func cookie(j string) opt {
	return func(r *http.Request) { r.Header.Add("Cookie", "oauth_token="+j) }
}
func header(k, v string) opt { return func(r *http.Request) { r.Header.Set(k, v) } }

// session is a logged-in user: the JWT J and its raw token T.
type session struct {
	ID  int
	JWT string
	Raw string
}

// as authenticates with the default key in the header and the raw token.
func (s session) as() opt {
	return func(r *http.Request) {
		r.Header.Set("X-API-KEY", apiKey)
		if s.Raw != "" {
			r.Header.Set("OAUTH-TOKEN", s.Raw)
		}
	}
}

// do sends a request; body is a string sent verbatim, or a value sent as JSON.
func (c *client) do(method, target string, body any, opts ...opt) response {
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		Expect(err).NotTo(HaveOccurred())
		reader = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, target, reader)
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	res := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
	if len(res.Raw) > 0 {
		_ = json.Unmarshal(res.Raw, &res.Body)
	}
	c.mu.Lock()
	c.bodies = append(c.bodies, res.Raw)
	c.mu.Unlock()
	return res
}

func (c *client) get(target string, opts ...opt) response { return c.do("GET", target, nil, opts...) }
func (c *client) post(target string, body any, opts ...opt) response {
	return c.do("POST", target, body, opts...)
}
func (c *client) put(target string, body any, opts ...opt) response {
	return c.do("PUT", target, body, opts...)
}
func (c *client) del(target string, opts ...opt) response {
	return c.do("DELETE", target, nil, opts...)
}

// login signs in and returns the session; it fails the spec when login fails.
func (c *client) login(email, password string) session {
	res := c.post("/api/sessions", map[string]any{"session": map[string]any{"email": email, "password": password}}, keyHeader(apiKey))
	expectSuccess(res, "session")
	jwt := res.Body["session"].(map[string]any)["token"].(string)
	user := res.Body["session"].(map[string]any)["user"].(map[string]any)
	return session{ID: int(user["id"].(float64)), JWT: jwt, Raw: rawToken(jwt)}
}

func (c *client) loginOwner() session {
	return c.login(reference.DefaultOwnerEmail, reference.DefaultOwnerPassword)
}

// newUser creates a user as owner with the given extra attributes and logs in as them.
func (c *client) newUser(owner session, email string, extra map[string]any) session {
	attrs := map[string]any{"email": email, "password": "password1", "password_confirmation": "password1"}
	for k, v := range extra {
		attrs[k] = v
	}
	expectSuccess(c.post("/api/users", map[string]any{"user": attrs}, owner.as()), "user")
	return c.login(email, "password1")
}

// rawToken is the token claim of a session JWT (decoded without verification).
func rawToken(jwt string) string {
	return jwtPayload(jwt)["token"].(string)
}

func itoa(n int) string { return strconv.Itoa(n) }
