package server

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/registry"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// A panic anywhere behind the router is answered with HTTP 200 and the
// E(500, server_error) envelope, never a dropped connection.
func TestPanicBecomesServerErrorEnvelope(t *testing.T) {
	log.SetOutput(io.Discard)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	env := &api.Env{Store: store.New(time.Now()), Now: time.Now, RequireUserAuthentication: true,
		Limits: api.Limits{BodyBytes: 1024, JSONDepth: 32, ValueBytes: 1024}}
	s := New(env, registry.New(), "k")
	s.notFound = func(http.ResponseWriter, *http.Request) { panic("boom") }

	for _, tc := range []struct {
		target string
		status int
	}{{"/boom", 200}, {"/boom?_http_error_codes=1", 500}} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", tc.target, nil))
		var body struct {
			Error  map[string]any `json:"error"`
			Status int            `json:"status"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: body %q is not JSON: %v", tc.target, rec.Body, err)
		}
		if rec.Code != tc.status || body.Status != tc.status || body.Error["code"] != 500.0 || body.Error["type"] != "server_error" {
			t.Errorf("%s: HTTP %d body %s", tc.target, rec.Code, rec.Body)
		}
		if rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s: content type %q", tc.target, rec.Header().Get("Content-Type"))
		}
	}
}

// In Mage's mode the same panic gets Mage's code-500 body: HTTP 200 even with
// _http_error_codes, no type and no status, and one line instead of a stack trace.
func TestPanicBecomesMageBodyWithTheDeviation(t *testing.T) {
	log.SetOutput(io.Discard)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	env := &api.Env{Store: store.New(time.Now()), Now: time.Now, RequireUserAuthentication: true,
		Compat: compat.Of(compat.UnhandledExceptionBody)}
	s := New(env, registry.New(), "k")
	s.notFound = func(http.ResponseWriter, *http.Request) { panic("boom") }
	for _, target := range []string{"/boom", "/boom?_http_error_codes=1"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		var body map[string]map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: body %q is not JSON: %v", target, rec.Body, err)
		}
		e := body["error"]
		if rec.Code != 200 || len(body) != 2 || body["url_parameters"] == nil || e["code"] != 500.0 || e["type"] != nil ||
			len(e["errors"].([]any)) != 1 || strings.Contains(rec.Body.String(), "goroutine") {
			t.Errorf("%s: HTTP %d body %s", target, rec.Code, rec.Body)
		}
	}
}
