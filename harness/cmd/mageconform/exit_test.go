package main

import (
	"encoding/json"
	"github.com/mageconform/mageconform/fixtures"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/reference"
)

func readSummary(t *testing.T, dir string) report.Summary {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, report.FileSummary))
	if err != nil {
		t.Fatal(err)
	}
	var s report.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformantReferenceExitsZero(t *testing.T) {
	srv := referenceServer(t)
	dir := t.TempDir()
	res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir)
	wantExit(t, res, report.ExitConformant)
	for _, want := range []string{"Resources × actions", "Key placement × token placement", "Verdict (exit 0): conformant",
		"\nmageconform: exit 0: conformant"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	s := readSummary(t, dir)
	if s.Verdict.ExitCode != 0 || s.Counts.MustFailed != 0 || s.Counts.Passed == 0 {
		t.Errorf("summary.json: verdict %+v, counts %+v", s.Verdict, s.Counts)
	}
	if got := s.Config.(map[string]any)["CONFORMANCE_API_KEY"]; got != "<redacted>" {
		t.Errorf("summary.json shows the API key as %v", got)
	}
	everything := res.stdout + readFile(t, dir, report.FileHTML) + readFile(t, dir, report.FileSummary) +
		readFile(t, dir, report.FileJUnit)
	if strings.Contains(everything, reference.DefaultAPIKey) {
		t.Error("the API key appears in the output or the reports")
	}
	// Session JWTs live only while a run lasts, but a report outlives it and gets attached to PRs.
	if jwt := jwtShape.FindString(everything); jwt != "" {
		t.Errorf("a session JWT appears in the output or the reports: %s", jwt)
	}
}

var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestInProcessReferenceWhenNoTarget(t *testing.T) {
	dir := t.TempDir()
	res := runCLI(t, nil, "--labels", "crud && resource:users", "--report-dir", dir)
	wantExit(t, res, report.ExitConformant)
	const judging = "judging the built-in reference server (compat intended)"
	if first, _, _ := strings.Cut(res.stdout, "\n"); !strings.HasPrefix(first, "mageconform: "+judging+"; seed ") {
		t.Errorf("the first line does not say the run judges the built-in reference: %q", first)
	}
	if !strings.Contains(summaryOf(res.stdout), "\ntarget: "+judging+", which claims Mage 0.9.79+mageconform.1\n") {
		t.Errorf("the summary does not say the run judged the built-in reference:\n%s", summaryOf(res.stdout))
	}
	s := readSummary(t, dir)
	if s.Target == nil || !s.Target.BuiltIn || s.Target.Compat != "intended" {
		t.Errorf("summary.json target: %+v", s.Target)
	}
	if got := s.Config.(map[string]any)["CONFORMANCE_COMPAT"]; got != "intended" {
		t.Errorf("summary.json config shows CONFORMANCE_COMPAT as %v", got)
	}
	if page := readFile(t, dir, report.FileHTML); !strings.Contains(page, "<tr><th>compat</th><td>intended (the built-in reference)</td></tr>") {
		t.Error("report.html does not say which compat mode the built-in reference ran in")
	}
}

func TestCompatChoosesTheBuiltInReferenceMode(t *testing.T) {
	for _, how := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"--compat", "mage-0.9.79"}},
		{map[string]string{"CONFORMANCE_COMPAT": "mage-0.9.79"}, nil},
	} {
		dir := t.TempDir()
		res := runCLI(t, how.env, append(how.args, "--labels", "crud && resource:users && must", "--report-dir", dir)...)
		wantExit(t, res, report.ExitConformant)
		if first, _, _ := strings.Cut(res.stdout, "\n"); !strings.Contains(first, "judging the built-in reference server (compat mage-0.9.79)") {
			t.Errorf("the first line does not name the compat mode: %q", first)
		}
		if s := readSummary(t, dir); s.Target == nil || s.Target.Compat != "mage-0.9.79" {
			t.Errorf("summary.json target: %+v", s.Target)
		}
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	srv := referenceServer(t)
	res := runCLI(t, map[string]string{"CONFORMANCE_TARGET_URL": deadURL(t), "CONFORMANCE_STRICT": "on"},
		"--target", srv.URL, "--strict=off", "--labels", "resource:users && action:create")
	wantExit(t, res, report.ExitConformant)
}

func TestStrictModeFailsOnShouldViolation(t *testing.T) {
	// A server without CORS headers breaks only B9.cors (SHOULD), so only strict mode fails it;
	// the reference itself passes both ways.
	noCORS := httptest.NewServer(withoutCORS(reference.New(reference.DefaultConfig())))
	t.Cleanup(noCORS.Close)
	lax := runCLI(t, nil, "--target", noCORS.URL, "--labels", "rule:B9.cors")
	wantExit(t, lax, report.ExitConformant)
	if !strings.Contains(lax.stdout, "WARN B9.cors (SHOULD)") {
		t.Errorf("non-strict summary does not warn about B9.cors:\n%s", tail(lax.stdout, 20))
	}
	strict := runCLI(t, nil, "--target", noCORS.URL, "--labels", "rule:B9.cors", "--strict")
	wantExit(t, strict, report.ExitNotConformant)
	if !strings.Contains(strict.stdout, "failed in strict mode (B9.cors)") {
		t.Errorf("strict verdict does not name B9.cors:\n%s", tail(strict.stdout, 20))
	}
	wantExit(t, runCLI(t, nil, "--target", referenceServer(t).URL, "--labels", "should", "--strict"), report.ExitConformant)
}

// withoutCORS strips the CORS headers from every answer.
func withoutCORS(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&corsStripper{ResponseWriter: w}, r)
	})
}

type corsStripper struct {
	http.ResponseWriter
	wrote bool
}

func (c *corsStripper) WriteHeader(code int) {
	if c.wrote {
		return
	}
	c.wrote = true
	for k := range c.Header() {
		if strings.HasPrefix(k, "Access-Control-") {
			c.Header().Del(k)
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *corsStripper) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK) // an implicit 200 must strip the headers too
	return c.ResponseWriter.Write(b)
}

func TestCertifyRefusesMustRulesLeftOut(t *testing.T) {
	srv := referenceServer(t)
	prof := filepath.Join(t.TempDir(), "no-secrets.yaml")
	var declared []string // the catalogue without secrets
	for _, r := range fixtures.Catalogue() {
		if r.Plural != "secrets" {
			declared = append(declared, r.Plural)
		}
	}
	if err := os.WriteFile(prof, []byte("name: no-secrets\nresources: ["+strings.Join(declared, ", ")+"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--target", srv.URL, "--profile", prof, "--labels", "crud"}
	wantExit(t, runCLI(t, nil, args...), report.ExitConformant)

	dir := t.TempDir()
	res := runCLI(t, nil, append(args, "--certify", "--report-dir", dir)...)
	wantExit(t, res, report.ExitNotConformant)
	s := readSummary(t, dir)
	if len(s.Verdict.CertifyGaps) == 0 || !strings.Contains(strings.Join(s.Verdict.CertifyGaps, "\n"), "does not declare resource secrets") {
		t.Errorf("certify gaps do not name the undeclared resource: %q", s.Verdict.CertifyGaps)
	}
	if !strings.Contains(res.stdout, "GAP  ") {
		t.Errorf("summary lists no certification gap:\n%s", tail(res.stdout, 30))
	}
}

func TestCouldNotJudgeExitsTwoWithOneLine(t *testing.T) {
	badProfile := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(badProfile, []byte("resources: [users]\nfeatures: [teapot]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		mention string
	}{
		// No --wait: the default wait must decide it.
		{"unreachable target", nil, []string{"--target", deadURL(t)}, "target not ready"},
		{"bad configuration value", map[string]string{"CONFORMANCE_USER_AUTH": "maybe"}, nil, "CONFORMANCE_USER_AUTH"},
		{"bad flag value", nil, []string{"--wait", "soon"}, "--wait"},
		{"unknown flag", nil, []string{"--targte", "http://x"}, "targte"},
		{"bad profile", nil, []string{"--profile", badProfile}, "teapot"},
		{"missing profile", nil, []string{"--profile", filepath.Join(t.TempDir(), "none.yaml")}, "none.yaml"},
		{"bad label filter", nil, []string{"--labels", "(("}, "--labels"},
		{"profile contradicts the configuration", map[string]string{"CONFORMANCE_USER_AUTH": "on"},
			[]string{"--profile", openServerProfile(t)}, "CONFORMANCE_USER_AUTH"},
		{"unknown compat mode", nil, []string{"--compat", "mage-1.0"}, "--compat: CONFORMANCE_COMPAT="},
		{"compat with a URL target", nil, []string{"--compat", "mage-0.9.79", "--target", "http://127.0.0.1:1"}, "CONFORMANCE_COMPAT"},
		{"compat with a container target", map[string]string{"CONFORMANCE_COMPAT": "intended", "CONFORMANCE_TARGET_IMAGE": "mage:1"}, nil, "CONFORMANCE_COMPAT"},
		{"bad request timeout", nil, []string{"--request-timeout", "soon"}, "--request-timeout: CONFORMANCE_REQUEST_TIMEOUT"},
		{"bad run timeout", map[string]string{"CONFORMANCE_TIMEOUT": "0s"}, nil, "CONFORMANCE_TIMEOUT"},
		{"unknown key in the environment", map[string]string{"CONFORMANCE_TAGRET_URL": "http://127.0.0.1:1"}, nil,
			"CONFORMANCE_TAGRET_URL: unknown key; did you mean CONFORMANCE_TARGET_URL?"},
		{"unknown key in .env", map[string]string{"CONFORMANCE_ENV_FILE": envFile(t, "CONFORMANCE_STICT=on\n")}, nil,
			"CONFORMANCE_STICT: unknown key; did you mean CONFORMANCE_STRICT?"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runCLI(t, c.env, c.args...)
			wantExit(t, res, report.ExitCouldNotJudge)
			last := lastLine(res.stderr)
			if !strings.HasPrefix(last, "mageconform: could not judge: ") || !strings.Contains(last, c.mention) {
				t.Errorf("last stderr line %q does not say why (want a mention of %q)", last, c.mention)
			}
		})
	}
}

// envFile writes a .env file and returns its path.
func envFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.env")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUnwritableReportsAreNotAQuietPass(t *testing.T) {
	srv := referenceServer(t)
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	early := runCLI(t, nil, "--target", srv.URL, "--report-dir", notADir)
	wantExit(t, early, report.ExitCouldNotJudge)
	if !strings.Contains(lastLine(early.stderr), "--report-dir") {
		t.Errorf("stderr does not name --report-dir: %q", lastLine(early.stderr))
	}

	// Writable at the start, but report.html cannot be created: found only after the run.
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, report.FileHTML), 0o755); err != nil {
		t.Fatal(err)
	}
	late := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir, "--labels", "resource:secrets && crud")
	wantExit(t, late, report.ExitCouldNotJudge)
	if !strings.Contains(lastLine(late.stderr), report.FileHTML) {
		t.Errorf("stderr does not name the report that failed: %q", lastLine(late.stderr))
	}
}

func openServerProfile(t *testing.T) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "profile", "examples", "open-server.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func TestNoSpecSelectedExitsTwo(t *testing.T) {
	srv := referenceServer(t)
	res := runCLI(t, nil, "--target", srv.URL, "--labels", "resource:no-such-resource")
	wantExit(t, res, report.ExitCouldNotJudge)
	if !strings.HasPrefix(lastLine(res.stderr), "mageconform: could not judge: no spec ran") {
		t.Errorf("stderr does not say no spec ran: %s", res.stderr)
	}
}
