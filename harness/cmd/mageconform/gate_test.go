package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mageconform/mageconform/harness/report"
)

// --version and -h are ordinary output: stdout, exit 0, nothing on stderr.
func TestVersionAndHelp(t *testing.T) {
	v := runCLI(t, nil, "--version")
	wantExit(t, v, report.ExitConformant)
	if !regexp.MustCompile(`^mageconform \S+.*; rules \d+-[0-9a-f]{12}; go1\.`).MatchString(v.stdout) || v.stderr != "" {
		t.Errorf("--version: stdout %q, stderr %q", v.stdout, v.stderr)
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"token", "-h"}, {"baseline", "-h"}} {
		h := runCLI(t, nil, args...)
		wantExit(t, h, report.ExitConformant)
		if !strings.Contains(h.stdout, "usage: mageconform") || h.stderr != "" {
			t.Errorf("%v: the usage is not on stdout (stdout %q, stderr %q)", args, tail(h.stdout, 3), h.stderr)
		}
	}
}

// The summary ends with the exact command that reruns what failed; run as printed, it runs
// only the specs of the failed rules, with the first run's seed, and is green once the server
// is fixed.
func TestRerunFailed(t *testing.T) {
	broken := mutantServer(t, "count-off-by-one")
	dir := t.TempDir()
	first := runCLI(t, map[string]string{"CONFORMANCE_SEED": "1234"}, "--target", broken.URL, "--report-dir", dir)
	wantExit(t, first, report.ExitNotConformant)
	line := regexp.MustCompile(`(?m)^Rerun what failed: (.*)$`).FindStringSubmatch(summaryOf(first.stdout))
	if line == nil {
		t.Fatalf("the summary gives no rerun command:\n%s", summaryOf(first.stdout))
	}
	if want := binary + " --target " + broken.URL + " --report-dir " + dir + " --rerun-failed " + dir; line[1] != want {
		t.Errorf("rerun command %q, want %q", line[1], want)
	}
	failedFirst := map[string]bool{}
	for _, rr := range readSummary(t, dir).Rules {
		failedFirst[rr.ID] = rr.State == report.Fail
	}
	again := runShellCommand(t, line[1])
	wantExit(t, again, report.ExitNotConformant)
	s := readSummary(t, dir)
	if s.Seed != 1234 {
		t.Errorf("the rerun's seed is %d, want the first run's 1234", s.Seed)
	}
	ran := s.Counts.Passed + s.Counts.Failed + s.Counts.Errored
	if ran == 0 || ran >= 20 {
		t.Errorf("the rerun ran %d specs, want only those of the failed rule", ran)
	}
	for _, rr := range s.Rules {
		if rr.State == report.Fail && !failedFirst[rr.ID] {
			t.Errorf("the rerun failed %s, which did not fail the first time", rr.ID)
		}
	}
	fixed := referenceServer(t)
	green := runCLI(t, nil, "--target", fixed.URL, "--rerun-failed", dir)
	wantExit(t, green, report.ExitConformant)
	if !regexp.MustCompile(`rerunning \d+ rules? that failed in `).MatchString(green.stdout) {
		t.Errorf("the rerun does not say what it reruns:\n%s", tail(green.stdout, 20))
	}
}

// A baseline accepts the failures it lists until they expire: `mageconform baseline DIR`
// writes one from a run, the run with it passes and reports the failure as known, an expired
// entry fails the run, and a baseline with a typo is refused.
func TestBaseline(t *testing.T) {
	broken := mutantServer(t, "count-off-by-one")
	dir := t.TempDir()
	wantExit(t, runCLI(t, nil, "--target", broken.URL, "--report-dir", dir), report.ExitNotConformant)
	written := runCLI(t, nil, "baseline", dir)
	wantExit(t, written, report.ExitConformant)
	var b report.Baseline
	if err := yaml.Unmarshal([]byte(written.stdout), &b); err != nil || len(b.Known) == 0 || b.Known[0].Rule != "B8.count" || b.Known[0].Reason == "" {
		t.Fatalf("mageconform baseline wrote %v (%v):\n%s", b.Known, err, written.stdout)
	}
	known := filepath.Join(t.TempDir(), "known.yaml")
	writeText(t, known, written.stdout)

	res := runCLI(t, nil, "--target", broken.URL, "--baseline", known)
	wantExit(t, res, report.ExitConformant)
	if !regexp.MustCompile(`(?m)^  KNOWN B8\.count \(MUST\).*\(known until \d{4}-\d\d-\d\d: `).MatchString(res.stdout) {
		t.Errorf("the summary does not report the accepted failure as known:\n%s", summaryOf(res.stdout))
	}

	expired := filepath.Join(t.TempDir(), "expired.yaml")
	writeText(t, expired, strings.Replace(written.stdout, "rule: B8.count\n", "rule: B8.count\n    # expired\n", 1))
	raw := readText(t, expired)
	writeText(t, expired, regexp.MustCompile(`(?s)(rule: B8\.count.*?expires: )"[0-9-]+"`).ReplaceAllString(raw, `${1}"2000-01-01"`))
	res = runCLI(t, nil, "--target", broken.URL, "--baseline", expired)
	wantExit(t, res, report.ExitNotConformant)
	if !strings.Contains(res.stdout, "baseline: 1 entry expired (B8.count (expired 2000-01-01))") {
		t.Errorf("the verdict does not name the expired entry:\n%s", summaryOf(res.stdout))
	}

	typo := filepath.Join(t.TempDir(), "typo.yaml")
	writeText(t, typo, "known:\n  - rule: B8.count\n    reasn: x\n    expires: 2099-01-01\n")
	res = runCLI(t, nil, "--target", broken.URL, "--baseline", typo)
	wantExit(t, res, report.ExitCouldNotJudge)
}

// conformance-report.yaml says who was judged by what, and a result per area; certify mode
// never writes a passing report for a run that left a MUST rule out.
func TestConformanceReport(t *testing.T) {
	srv := referenceServer(t)
	impl := filepath.Join(t.TempDir(), "impl.yaml")
	writeText(t, impl, "name: reference\nversion: dev\nurl: https://example.com/mageconform\ncontact: [\"@maintainers\"]\nmage_version: 0.9.79\n")
	dir := t.TempDir()
	wantExit(t, runCLI(t, nil, "--target", srv.URL, "--report-dir", dir, "--certify", "--implementation", impl, "--impl-version", "1.2.3"), report.ExitConformant)
	c := readConformance(t, dir)
	if c.Result != report.ResultSuccess || c.Implementation.Name != "reference" || c.Implementation.Version != "1.2.3" ||
		c.MageVersion != "0.9.79" || c.Mageconform.RulesRevision == "" || c.Profile != "everything" || !c.Mode["certify"] {
		t.Errorf("conformance report of a conformant run: %+v", c)
	}
	if len(c.Areas) != 10 || c.Counts["must"].Failed != 0 || c.Counts["must"].Passed < 40 {
		t.Errorf("areas %d, counts %+v", len(c.Areas), c.Counts)
	}
	for _, a := range c.Areas {
		if a.Result != report.ResultSuccess {
			t.Errorf("area %s: %s", a.Name, a.Result)
		}
	}
	if len(c.OtherModeRules) != 1 || c.OtherModeRules[0] != "B3.open-server" {
		t.Errorf("the rule of the other authentication mode is %v, want [B3.open-server], not a gap", c.OtherModeRules)
	}

	partial := t.TempDir()
	wantExit(t, runCLI(t, nil, "--target", srv.URL, "--report-dir", partial, "--labels", "crud"), report.ExitConformant)
	if c := readConformance(t, partial); c.Result != report.ResultPartial || len(c.SkippedRules) == 0 {
		t.Errorf("a run of one part should be partial, listing what it skipped: %s %v", c.Result, c.SkippedRules)
	}
	certified := t.TempDir()
	wantExit(t, runCLI(t, nil, "--target", srv.URL, "--report-dir", certified, "--labels", "crud", "--certify"), report.ExitNotConformant)
	if c := readConformance(t, certified); c.Result != report.ResultFailure {
		t.Errorf("certify mode wrote a %s report for a run with MUST rules left out", c.Result)
	}
}

func readConformance(t *testing.T, dir string) report.ConformanceReport {
	t.Helper()
	var c report.ConformanceReport
	if err := yaml.Unmarshal([]byte(readFile(t, dir, report.FileConformance)), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runShellCommand runs a command line as printed, the way a user pastes it.
func runShellCommand(t *testing.T, line string) result {
	t.Helper()
	return runProgram(t, nil, "sh", "-c", line)
}

// The rerun command names the secrets given as flags by their variables, never in clear.
func TestRerunCommandHidesSecretFlags(t *testing.T) {
	s := &report.Summary{Rules: []report.RuleResult{{Rule: report.Rule{ID: "B4.create"}, State: report.Fail}}}
	got := rerunCommand([]string{"--target", "http://h", "--password", "admin", "--api-key=k3y", "--labels", "crud", "--seed", "7"}, "reports", s)
	want := commandName() + ` --target http://h --password "$CONFORMANCE_PASSWORD" --api-key="$CONFORMANCE_API_KEY" --rerun-failed reports`
	if got != want {
		t.Errorf("rerun command\n%s\nwant\n%s", got, want)
	}
}
