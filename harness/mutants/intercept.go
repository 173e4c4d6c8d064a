package mutants

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/mageconform/mageconform/fixtures"
)

// reply is a response captured from the inner handler, so a mutant can rewrite it before the
// client sees it. Bodies are decoded with json.Number, so integers survive a rewrite untouched.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func capture(h http.Handler, r *http.Request) *reply {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	return &reply{status: res.StatusCode, header: res.Header.Clone(), body: rec.Body.Bytes()}
}

// object is the body as a JSON object, or nil when it is not one.
func (rp *reply) object() map[string]any { return decodeObject(rp.body) }

func (rp *reply) setObject(m map[string]any) {
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	rp.body = b
}

// errorType is the `error.type` of an error envelope ("" for anything else).
func (rp *reply) errorType() string {
	e, _ := rp.object()["error"].(map[string]any)
	t, _ := e["type"].(string)
	return t
}

// isSuccess reports a JSON object body without an `error` key.
func (rp *reply) isSuccess() bool {
	m := rp.object()
	_, failed := m["error"]
	return m != nil && !failed
}

func (rp *reply) write(w http.ResponseWriter) {
	for k, vs := range rp.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rp.body)))
	w.WriteHeader(rp.status)
	_, _ = w.Write(rp.body)
}

// rewrite lets edit change every response the inner handler gives for requests that match.
func rewrite(match func(r *http.Request) bool, edit func(r *http.Request, rp *reply)) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				h.ServeHTTP(w, r)
				return
			}
			rp := capture(h, r)
			edit(r, rp)
			rp.write(w)
		})
	}
}

// rewriteJSON is rewrite restricted to JSON object bodies; edit changes the object in place.
func rewriteJSON(match func(r *http.Request) bool, edit func(r *http.Request, rp *reply, body map[string]any)) func(http.Handler) http.Handler {
	return rewrite(match, func(r *http.Request, rp *reply) {
		if m := rp.object(); m != nil {
			edit(r, rp, m)
			rp.setObject(m)
		}
	})
}

// alter lets edit change the request before the inner handler sees it.
func alter(edit func(r *http.Request)) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.Clone(r.Context())
			edit(r)
			h.ServeHTTP(w, r)
		})
	}
}

func decodeObject(b []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return nil
	}
	return m
}

// bufferBody reads the request body and puts back a re-readable copy.
func bufferBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(r.Body)
	_ = r.Body.Close()
	setBody(r, b)
	return b
}

func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.Header.Set("Content-Length", strconv.Itoa(len(b)))
}

func setJSONBody(r *http.Request, m map[string]any) {
	b, err := json.Marshal(m)
	if err == nil {
		setBody(r, b)
	}
}

// segments splits an /api/... path into its parts: /api/users/3 gives [users 3].
func segments(r *http.Request) []string {
	p := strings.Trim(strings.TrimPrefix(r.URL.Path, "/api/"), "/")
	if p == "" || !strings.HasPrefix(r.URL.Path, "/api/") {
		return nil
	}
	return strings.Split(p, "/")
}

// resource is the resource a request addresses (the child for nested routes).
func resource(r *http.Request) string {
	s := segments(r)
	switch {
	case len(s) >= 3:
		return s[2]
	case len(s) >= 1:
		return s[0]
	}
	return ""
}

// isMember reports a request on one record: /api/r/pk or /api/p/pid/c/cid.
func isMember(r *http.Request) bool {
	n := len(segments(r))
	return n == 2 || n == 4
}

func isCollection(r *http.Request) bool {
	n := len(segments(r))
	return n == 1 || n == 3
}

// singular is the envelope key for one record of a plural resource name: the catalogue's, or
// the plural without its "s" for a name the catalogue does not know.
func singular(plural string) string {
	if res, ok := fixtures.ByName(plural); ok {
		return res.Singular
	}
	return strings.TrimSuffix(plural, "s")
}

func methodIs(methods ...string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		for _, m := range methods {
			if r.Method == m {
				return true
			}
		}
		return false
	}
}

func both(a, b func(r *http.Request) bool) func(r *http.Request) bool {
	return func(r *http.Request) bool { return a(r) && b(r) }
}

func anyRequest(*http.Request) bool { return true }

func onResource(names ...string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		res := resource(r)
		for _, n := range names {
			if res == n {
				return true
			}
		}
		return false
	}
}
