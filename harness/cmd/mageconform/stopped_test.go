package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/reference"
)

// Distinctive credentials, so a leak is found by plain text search.
const (
	stoppedKey      = "key-that-must-never-show-0123456789abcdef"
	stoppedPassword = "pass-that-must-never-show"
)

// resettingAfterLogin serves the reference until the owner has logged in a few times, then
// resets every connection: a server that crashed in the middle of a run.
type resettingAfterLogin struct {
	inner  http.Handler
	logins atomic.Int32
	after  int32

	mu     sync.Mutex
	tokens []string // every session JWT the server handed out
}

func (s *resettingAfterLogin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.logins.Load() >= s.after {
		reset(w)
		return
	}
	if r.Method == http.MethodPost && r.URL.Path == "/api/sessions" {
		rec := httptest.NewRecorder()
		s.inner.ServeHTTP(rec, r)
		if j := jwtShape.FindString(rec.Body.String()); j != "" {
			s.mu.Lock()
			s.tokens = append(s.tokens, j)
			s.mu.Unlock()
			s.logins.Add(1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	}
	s.inner.ServeHTTP(w, r)
}

// reset closes the connection with a TCP RST instead of an answer.
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func TestTargetThatStopsAnsweringIsExitTwoWithoutLeakingSecrets(t *testing.T) {
	cfg := reference.DefaultConfig()
	cfg.APIKey, cfg.OwnerPassword = stoppedKey, stoppedPassword
	srv := &resettingAfterLogin{inner: reference.New(cfg), after: 2}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	dir := t.TempDir()

	res := runCLI(t, map[string]string{"CONFORMANCE_API_KEY": stoppedKey, "CONFORMANCE_PASSWORD": stoppedPassword},
		"--target", ts.URL, "--report-dir", dir)
	wantExit(t, res, report.ExitCouldNotJudge)
	if last := lastLine(res.stderr); !strings.HasPrefix(last, "mageconform: could not judge: the target stopped answering: ") {
		t.Errorf("last stderr line %q does not say the target stopped answering", last)
	}
	if n := strings.Count(res.stdout+res.stderr, "connection reset"); n > 60 {
		t.Errorf("the dead target fills the output: %d lines about reset connections", n)
	}

	srv.mu.Lock()
	secrets := map[string]string{"API key": stoppedKey, "password": stoppedPassword}
	for i, j := range srv.tokens {
		claims := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(j, claims); err != nil {
			t.Fatal(err)
		}
		secrets["JWT "+string(rune('1'+i))] = j
		secrets["token "+string(rune('1'+i))], _ = claims["token"].(string)
	}
	srv.mu.Unlock()
	if len(srv.tokens) == 0 {
		t.Fatal("the server handed out no session: the scan below would prove nothing")
	}
	outputs := map[string]string{"stdout": res.stdout, "stderr": res.stderr}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		outputs[f.Name()] = readFile(t, dir, f.Name())
	}
	for _, want := range []string{report.FileJUnit, report.FileJSON, report.FileSummary, report.FileHTML} {
		if _, ok := outputs[want]; !ok {
			t.Errorf("no %s written", want)
		}
	}
	for where, text := range outputs {
		for what, secret := range secrets {
			if secret != "" && strings.Contains(text, secret) {
				t.Errorf("%s shows the %s in clear", where, what)
			}
		}
		if j := jwtShape.FindString(text); j != "" {
			t.Errorf("%s shows a JWT: %s", where, j)
		}
	}
	s := readSummary(t, dir)
	if s.Counts.Errored == 0 || s.Verdict.ExitCode != report.ExitCouldNotJudge {
		t.Errorf("summary.json: counts %+v, verdict %+v", s.Counts, s.Verdict)
	}
	if junit := outputs[report.FileJUnit]; !strings.Contains(junit, "<error ") {
		t.Errorf("junit.xml has no <error> for the specs without an answer")
	}
	t.Logf("stderr:\n%s\nsummary:\n%s", res.stderr, summaryOf(res.stdout))
}
