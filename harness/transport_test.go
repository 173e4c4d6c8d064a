package harness

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestTransportErrorIsRedactedAndTyped(t *testing.T) {
	freshSecrets(t)
	cfg := DefaultConfig()
	cfg.APIKey = "query-key-that-must-not-show-123456"
	rec := NewRecorder()
	r := NewClient(closedURL(t), cfg, rec).Get("/api/users", WithKey(KeyQuery))
	var te *TransportError
	if !errors.As(r.Err, &te) || !IsTransportError(r.Err) || te.Method != "GET" || te.Canceled {
		t.Fatalf("want a *TransportError, got %#v", r.Err)
	}
	if !errors.Is(r.Err, syscall.ECONNREFUSED) {
		t.Errorf("the cause should stay reachable: %v", r.Err)
	}
	for what, text := range map[string]string{"Response.Err": r.Err.Error(), "Exchange.Err": r.Exchange.Err.Error(),
		"cause": te.Cause.Error(), "URL": te.URL, "transcript": rec.Transcript()} {
		if strings.Contains(text, cfg.APIKey) {
			t.Errorf("%s shows the API key: %s", what, text)
		}
	}
	if !strings.Contains(r.Err.Error(), "api_key=<redacted:CONFORMANCE_API_KEY>") {
		t.Errorf("the error should say where the key was: %s", r.Err)
	}
	if IsTransportError(errors.New("x")) || IsTransportError(nil) {
		t.Error("only transport errors are transport errors")
	}
	if r := NewClient(closedURL(t), cfg, nil).Get("/x", WithSession(nil, TokenBearer)); IsTransportError(r.Err) {
		t.Errorf("a refused option is not a transport error: %v", r.Err)
	}
}

// countingServer answers every request and counts the TCP connections it was opened.
func countingServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestEveryClientSharesOneTransport(t *testing.T) {
	freshSecrets(t)
	srv, conns := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		default:
			http.SetCookie(w, &http.Cookie{Name: "oauth_token", Value: "from-the-server"})
			writeJSON(w, 200, map[string]any{"cookie": r.Header.Get("Cookie")})
		}
	})
	for range 20 {
		r := NewClient(srv.URL, DefaultConfig(), nil).Get("/api/status")
		if r.Err != nil || r.JSON["cookie"] != "" {
			t.Fatalf("answer %v %v: a cookie came back by itself or the request failed", r.JSON, r.Err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("20 clients, one after another, opened %d connections: want them to reuse one", n)
	}
	if r := NewClient(srv.URL, DefaultConfig(), nil).Get("/redirect"); r.Status != http.StatusFound {
		t.Errorf("a redirect is an answer to judge, not to follow: got %d", r.Status)
	}
}

func TestRequestTimeoutComesFromTheConfig(t *testing.T) {
	freshSecrets(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	cfg := DefaultConfig()
	cfg.RequestTimeout = 100 * time.Millisecond
	r := NewClient(srv.URL, cfg, nil).Get("/api/status")
	var ne net.Error
	if !IsTransportError(r.Err) || !errors.As(r.Err, &ne) || !ne.Timeout() {
		t.Errorf("a request past CONFORMANCE_REQUEST_TIMEOUT should be a timeout transport error: %#v", r.Err)
	}
}

func TestSlowRequestIsReported(t *testing.T) {
	freshSecrets(t)
	old, oldOut := slowRequestAfter, slowRequestOut
	var out lockedWriter
	slowRequestAfter, slowRequestOut = 20*time.Millisecond, &out
	t.Cleanup(func() { slowRequestAfter, slowRequestOut = old, oldOut })
	f := newFakeMage(t)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // far past slowRequestAfter
		f.serve(w, r)
	}))
	t.Cleanup(slow.Close)
	NewClient(slow.URL, f.config(), nil).Get("/api/users/1", WithKey(KeyQuery))
	line := out.String()
	if !strings.HasPrefix(line, "mageconform: still waiting after ") || !strings.Contains(line, "GET /api/users/1?api_key=<redacted:CONFORMANCE_API_KEY>") {
		t.Errorf("slow request line: %q", line)
	}
	if strings.Contains(line, fakeKey) || strings.Contains(line, slow.URL) {
		t.Errorf("the line should name the redacted path only: %q", line)
	}
	out.Reset()
	NewClient(f.srv.URL, f.config(), nil).Get("/api/status")
	if out.String() != "" {
		t.Errorf("a quick request printed %q", out.String())
	}
}

type lockedWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedWriter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// Secrets are the run's, not a client's: a password one client had accepted, or a suite
// registered, is hidden in every other client's transcript and curl line.
func TestSecretsAreKnownToEveryClient(t *testing.T) {
	freshSecrets(t)
	f := newFakeMage(t)
	creator := NewClient(f.srv.URL, f.config(), NewRecorder())
	s, _ := creator.Login("owner@example.com", fakePassword)
	creator = creator.As(s)
	accepted := creator.Post("/api/users", WithJSON(map[string]any{"user": map[string]any{"password": "accepted-password-1"}}))
	if accepted.Object("user") == nil {
		t.Fatalf("the fake should accept the user: %s", accepted.Body)
	}
	rejected := creator.Post("/api/sessions", WithJSON(map[string]any{"session": map[string]any{"email": "x@y.z", "password": "wrong-password-1"}}))
	if _, failed := rejected.Error(); !failed {
		t.Fatalf("the fake should refuse the login: %s", rejected.Body)
	}
	RememberSecret("secret-value-from-a-suite", VarSecret)

	other := NewClient(f.srv.URL, f.config(), NewRecorder())
	r := other.Post("/api/users", WithRawBody("text/plain", []byte("note: accepted-password-1 and secret-value-from-a-suite")))
	tr := other.Recorder().Transcript()
	if strings.Contains(tr, "accepted-password-1") || strings.Contains(tr, "secret-value-from-a-suite") ||
		!strings.Contains(tr, "<redacted:PASSWORD>") || !strings.Contains(tr, "<redacted:SECRET>") {
		t.Errorf("another client's transcript should hide the run's secrets:\n%s", tr)
	}
	if cmd := r.Curl(); strings.Contains(cmd, "accepted-password-1") || !strings.Contains(cmd, `"$PASSWORD"`) {
		t.Errorf("curl should name the accepted password $PASSWORD: %s", cmd)
	}
	if cmd := accepted.Curl(); !strings.Contains(cmd, `"password":"'"$PASSWORD"'"`) {
		t.Errorf("the create's own curl should name the password it set: %s", cmd)
	}
	if cmd := rejected.Curl(); !strings.Contains(cmd, "wrong-password-1") {
		t.Errorf("a refused password is no secret and stays in the curl, which then reproduces the refusal: %s", cmd)
	}
	if Redact("x accepted-password-1 y") != "x <redacted:PASSWORD> y" {
		t.Errorf("Redact does not know the accepted password")
	}
}
