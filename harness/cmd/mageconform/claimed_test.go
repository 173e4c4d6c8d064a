package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/reference"
)

// claiming serves the reference, with GET /api/projects answering that it is Mage version.
func claiming(t *testing.T, version string) *httptest.Server {
	t.Helper()
	ref := reference.New(reference.DefaultConfig())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/projects" {
			ref.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"projects": []any{map[string]any{"version": version, "features": map[string]any{}}}, "metadata": map[string]any{}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The run names the version the target claims, and a profile's min_version refuses to judge a
// target that claims an older one (exit 2: not a verdict about the rules).
func TestTheClaimedVersionIsNamedAndAProfileCanRequireOne(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "min.yaml")
	writeText(t, prof, "name: recent\nmin_version: 0.9.79\n")

	old := runCLI(t, nil, "--target", claiming(t, "0.9.1").URL, "--profile", prof, "--labels", "resource:statuses")
	wantExit(t, old, report.ExitCouldNotJudge)
	if !strings.Contains(old.stdout+old.stderr, "requires Mage 0.9.79 or later, and the target claims Mage 0.9.1") {
		t.Errorf("the refusal does not name both versions:\n%s\n%s", old.stderr, tail(old.stdout, 20))
	}

	recent := runCLI(t, nil, "--target", claiming(t, "0.9.80").URL, "--profile", prof, "--labels", "resource:statuses", "--report-dir", dir)
	wantExit(t, recent, report.ExitConformant)
	if !strings.Contains(recent.stdout, "the target claims Mage 0.9.80") || !strings.Contains(recent.stdout, "which claims Mage 0.9.80") {
		t.Errorf("the run does not name the claimed version:\n%s", tail(recent.stdout, 30))
	}
	if y := readFile(t, dir, report.FileConformance); !strings.Contains(y, "mageVersion: 0.9.80") {
		t.Errorf("conformance-report.yaml does not carry the claimed version:\n%s", y)
	}
}
