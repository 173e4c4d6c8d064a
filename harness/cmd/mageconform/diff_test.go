package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mageconform/mageconform/harness/diff"
	"github.com/mageconform/mageconform/reference"
)

// runDiff runs `mageconform diff` with a report folder and returns the run and its diff.json.
func runDiff(t *testing.T, env map[string]string, args ...string) (result, *diff.Result, string) {
	t.Helper()
	dir := t.TempDir()
	res := runCLI(t, env, append([]string{"diff", "--report-dir", dir}, args...)...)
	data, err := os.ReadFile(filepath.Join(dir, diff.FileJSON))
	if err != nil {
		t.Fatalf("no %s (exit %d)\n--- stderr\n%s\n--- stdout\n%s", diff.FileJSON, res.code, res.stderr, tail(res.stdout, 40))
	}
	var d diff.Result
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return res, &d, dir
}

// The reference against itself: no difference, also when each side has its own seed (other
// payloads, names and spec order: the normalisation holds), in both modes.
func TestDiffOfTheReferenceAgainstItselfIsEmpty(t *testing.T) {
	for _, args := range [][]string{
		{"--baseline-compat", "intended", "--seed", "7"},
		{"--baseline-compat", "intended", "--baseline-seed", "3", "--target-seed", "11"},
		{"--target-compat", "mage-0.9.79", "--baseline-seed", "5", "--target-seed", "42"},
		{"--target-compat", "mage-0.9.79", "--baseline-seed", "6", "--target-seed", "13", "--user-auth", "off"},
	} {
		res, d, _ := runDiff(t, nil, args...)
		wantExit(t, res, 0)
		if len(d.Groups) != 0 || d.Compared < 300 || !strings.Contains(res.stdout, "no difference") {
			t.Errorf("%v: %d groups, %d pairs compared:\n%s", args, len(d.Groups), d.Compared, tail(res.stdout, 30))
		}
	}
}

// brokenKey and brokenType are the two faults of brokenServer.
const (
	brokenKey  = "executor_count"
	brokenType = "resource_not_found"
)

// brokenServer is the intended reference with two faults no rule judges: its pipeline
// presenter drops executor_count, and an unknown resource is refused with another error type.
func brokenServer(cfg reference.Config) http.Handler {
	inner := reference.New(cfg)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		var body map[string]any
		out := rec.Body.Bytes()
		if json.Unmarshal(out, &body) == nil {
			if p, ok := body["pipeline"].(map[string]any); ok {
				delete(p, brokenKey)
			}
			if ps, ok := body["pipelines"].([]any); ok {
				for _, p := range ps {
					delete(p.(map[string]any), brokenKey)
				}
			}
			if e, ok := body["error"].(map[string]any); ok && strings.Contains(r.URL.Path, "no_such") {
				e["type"] = brokenType
			}
			out, _ = json.Marshal(body)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(out)
	})
}

// The reference against a broken copy of itself: exactly the two faults, named, each with an
// example from each side; and no credential in clear in anything the diff wrote.
func TestDiffNamesExactlyTheFaultsOfABrokenServer(t *testing.T) {
	const key, password = "diff-test-key-0123456789abcdef", "diff-owner-pass-42"
	cfg := reference.DefaultConfig()
	cfg.APIKey, cfg.OwnerPassword = key, password
	srv := httptest.NewServer(brokenServer(cfg))
	t.Cleanup(srv.Close)
	res, d, dir := runDiff(t, nil, "--baseline-compat", "intended", "--baseline-api-key", key, "--baseline-password", password,
		"--target", srv.URL, "--api-key", key, "--password", password, "--seed", "21")
	wantExit(t, res, 1)
	var keys, types int
	for _, g := range d.Groups {
		switch {
		case g.Kind == diff.KindKeyMissing && g.Resource == "pipelines" && strings.HasSuffix(g.Where, "."+brokenKey):
			keys++
		case g.Kind == diff.KindErrorType && g.Baseline == `"record_not_found"` && g.Target == `"`+brokenType+`"`:
			types++
		default:
			t.Errorf("a difference the server does not have: %+v", g)
		}
		ex := g.Example
		if ex.Baseline == nil || ex.Target == nil || !strings.Contains(ex.Baseline.Curl, "http://127.0.0.1:6789/api/") ||
			!strings.Contains(ex.Target.Curl, srv.URL+"/api/") || ex.Spec == "" {
			t.Errorf("%s %s: the example has no curl line of each side: %+v", g.Kind, g.Where, ex)
		}
	}
	// Every action that shows a pipeline (create, detail, update, delete, list) lost the key.
	if keys != 5 || types != 1 {
		t.Errorf("%d missing-key groups (want 5), %d error-type groups (want 1):\n%s", keys, types, res.stdout)
	}
	for _, name := range []string{"diff.json", "diff.html", "diff-baseline.txt", "diff-target.txt"} {
		text := readFile(t, dir, name)
		if strings.Contains(text, key) || strings.Contains(text, password) {
			t.Errorf("%s shows a credential in clear", name)
		}
	}
	if strings.Contains(res.stdout+res.stderr, key) || strings.Contains(res.stdout+res.stderr, password) ||
		!strings.Contains(res.stdout, "key-missing") || !strings.Contains(res.stdout, "pipelines × list") {
		t.Errorf("terminal:\n%s", res.stdout)
	}
}

func TestDiffThatCannotRunExitsTwoWithOneLine(t *testing.T) {
	dead := deadURL(t)
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"target unreachable", nil, []string{"--target", dead, "--wait", "1s"}, "target (" + dead + "): target not ready"},
		{"baseline unreachable", nil, []string{"--baseline", dead, "--wait", "1s"}, "baseline (" + dead + "): target not ready"},
		{"bad baseline compat", nil, []string{"--baseline-compat", "mage-0.9.80"}, "baseline: CONFORMANCE_BASELINE_COMPAT="},
		{"compat with a URL", nil, []string{"--baseline", dead, "--baseline-compat", "intended"}, "baseline: CONFORMANCE_BASELINE_COMPAT: chooses how the built-in"},
		{"bad key in the environment", map[string]string{"CONFORMANCE_BASELINE_URL": "ftp://x"}, nil, "baseline: CONFORMANCE_BASELINE_URL="},
		{"unknown key", map[string]string{"CONFORMANCE_BASELINE_URLS": "http://x"}, nil, "did you mean CONFORMANCE_BASELINE_URL?"},
		{"unknown flag", nil, []string{"--baseline-colour", "x"}, "flag provided but not defined"},
		{"no spec selected", nil, []string{"--labels", "no-such-label"}, "no spec"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := runCLI(t, c.env, append([]string{"diff"}, c.args...)...)
			wantExit(t, res, 2)
			line := lastLine(res.stderr)
			if !strings.HasPrefix(line, "mageconform diff: could not run: ") || !strings.Contains(line, c.want) {
				t.Errorf("stderr's last line %q, want it to say %q\n%s", line, c.want, res.stderr)
			}
		})
	}
}

// An interrupted diff passes the signal on to both runs, which remove what they created, and
// exits 2 with the one interrupt line. The target holds the request after its first pipeline
// create until the signal is sent: the run has a record on the server when it is interrupted.
func TestInterruptedDiffLeavesTheTargetAsItWas(t *testing.T) {
	inner := reference.New(reference.DefaultConfig())
	var armed, held atomic.Bool
	holding, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if armed.Load() && held.CompareAndSwap(false, true) {
			close(holding)
			<-release
		}
		inner.ServeHTTP(w, r)
		if r.Method == http.MethodPost && r.URL.Path == "/api/pipelines" {
			armed.Store(true)
		}
	}))
	t.Cleanup(srv.Close)
	before := recordCounts(t, srv.URL)
	cmd := exec.Command(binary, "diff", "--target", srv.URL)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-holding
	signalled := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	close(release)
	err := cmd.Wait()
	res := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(signalled)}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.code = exit.ExitCode()
	}
	wantInterrupted(t, res)
	if strings.Contains(res.stdout, "=== mageconform diff ===") {
		t.Errorf("an interrupted diff shows a verdict:\n%s", res.stdout)
	}
	if after := recordCounts(t, srv.URL); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("record counts before the diff %v, after the interrupted diff %v", before, after)
	}
}

// Each side's credentials come from its own keys, here from a .env file and the environment:
// two servers with other keys that behave alike give no difference, and neither key shows.
func TestDiffTakesEachSidesCredentialsFromItsOwnKeys(t *testing.T) {
	servers := map[string]string{}
	for _, key := range []string{"baseline-key-0123456789abcdef", "target-key-0123456789abcdefgh"} {
		cfg := reference.DefaultConfig()
		cfg.APIKey, cfg.Compat = key, reference.CompatMage0979
		srv := httptest.NewServer(reference.New(cfg))
		t.Cleanup(srv.Close)
		servers[key] = srv.URL
	}
	env := envFile(t, "CONFORMANCE_BASELINE_URL="+servers["baseline-key-0123456789abcdef"]+
		"\nCONFORMANCE_BASELINE_API_KEY=baseline-key-0123456789abcdef\n")
	res, d, dir := runDiff(t, map[string]string{"CONFORMANCE_ENV_FILE": env,
		"CONFORMANCE_TARGET_URL": servers["target-key-0123456789abcdefgh"], "CONFORMANCE_API_KEY": "target-key-0123456789abcdefgh"},
		"--seed", "8")
	wantExit(t, res, 0)
	if len(d.Groups) != 0 || d.Compared < 300 {
		t.Errorf("%d groups, %d pairs", len(d.Groups), d.Compared)
	}
	for _, text := range []string{res.stdout, res.stderr, readFile(t, dir, "diff.json"), readFile(t, dir, "diff-baseline.txt")} {
		if strings.Contains(text, "baseline-key-0123456789abcdef") || strings.Contains(text, "target-key-0123456789abcdefgh") {
			t.Errorf("a key in clear:\n%s", tail(text, 20))
		}
	}
}

// A fault the rules judge (the username missing from a user update's answer) fails specs on
// the target before their last request: their scenarios take another path there, and each
// such spec is one divergence at the request where the paths part, not a difference per later
// exchange.
func TestDiffReportsABrokenPairingAsOneDivergencePerSpec(t *testing.T) {
	inner := reference.New(reference.DefaultConfig())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		out := rec.Body.Bytes()
		var body map[string]any
		if json.Unmarshal(out, &body) == nil {
			if u, ok := body["user"].(map[string]any); ok && r.Method == http.MethodPut {
				delete(u, "username")
			}
			out, _ = json.Marshal(body)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	res, d, _ := runDiff(t, nil, "--baseline-compat", "intended", "--target", srv.URL, "--seed", "5")
	wantExit(t, res, 1)
	divergences := 0
	for _, g := range d.Groups {
		switch {
		case g.Kind == diff.KindDivergence:
			divergences += g.Count
			if !strings.Contains(g.Example.Note, "the target's") || !strings.HasSuffix(g.Example.Note, "and failed") ||
				g.Example.Baseline == nil || g.Example.Baseline.Curl == "" {
				t.Errorf("divergence without its story: %+v", g.Example)
			}
		case g.Kind == diff.KindKeyMissing && g.Where == "user.username" && g.Action == "update":
		default:
			t.Errorf("a difference the server does not have: %s × %s %s %s", g.Resource, g.Action, g.Kind, g.Where)
		}
	}
	if divergences == 0 || divergences > d.Specs/2 {
		t.Errorf("%d diverging specs of %d:\n%s", divergences, d.Specs, res.stdout)
	}
}
