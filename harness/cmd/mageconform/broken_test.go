package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/mageconform/mageconform/harness/mutants"
	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/reference"
)

// mutantServer is the reference with the named mutants applied (harness/mutants).
func mutantServer(t *testing.T, names ...string) *httptest.Server {
	t.Helper()
	var h http.Handler = reference.New(reference.DefaultConfig())
	for _, name := range names {
		found := false
		for _, m := range mutants.Catalogue() {
			if m.Name == name {
				h, found = m.Wrap(h), true
			}
		}
		if !found {
			t.Fatalf("no mutant %s", name)
		}
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// The faults of the reproduce test, each as what an answer shows of it: the three kinds of
// line the issue found wrong (a rule checked over a whole spec, a spec run as a role, a list
// check) and a leak the B7 sweep finds.
var (
	// Innermost first: the role fault's refusals lose their type too.
	reproduceMutants = []string{"non-owner-lists-refused", "user-list-shows-preferences", "user-detail-leaks-password-hash", "error-without-type"}
	faults           = map[string]func(answer string) bool{
		"an error without error.type": func(a string) bool {
			for _, l := range strings.Split(a, "\n") {
				var body map[string]any
				if json.Unmarshal([]byte(strings.TrimSpace(l)), &body) != nil {
					continue
				}
				if e, ok := body["error"].(map[string]any); ok && e["type"] == nil {
					return true
				}
			}
			return false
		},
		"a password_hash":            func(a string) bool { return strings.Contains(a, `"password_hash"`) },
		"preferences in a user list": func(a string) bool { return strings.Contains(a, `"preferences"`) },
	}
)

// A failing run's reproduce lines, pasted into a shell against the broken server after the run
// (with the recipes the summary prints for their variables), each show a fault: the offending
// answer for a rule checked over a whole spec, the role's own session for a role spec, and a
// read for a read check (never a DELETE).
func TestReproduceLinesShowTheFault(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	srv := mutantServer(t, reproduceMutants...)
	dir := t.TempDir()
	res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir)
	wantExit(t, res, report.ExitNotConformant)
	lines, recipes := reproduceLines(res.stdout), recipeLines(res.stdout)
	if len(lines) < 10 {
		t.Fatalf("only %d reproduce lines in the summary:\n%s", len(lines), summaryOf(res.stdout))
	}
	if len(recipes) == 0 {
		t.Fatalf("no recipe for the lines' variables:\n%s", summaryOf(res.stdout))
	}
	for _, want := range []string{"B1.envelope-shape", "B7.no-sensitive", "B6.allowed", "B7.list-keys"} {
		if lines[want] == "" {
			t.Errorf("no reproduce line for %s", want)
		}
	}
	if l := lines["B6.allowed"]; !regexp.MustCompile(`"\$TOKEN_(VIEWER|EDITOR|ADMIN)"`).MatchString(l) {
		t.Errorf("the role spec's line does not use the role's session: %s", l)
	}
	for _, read := range []string{"B7.list-keys", "B7.no-sensitive"} {
		// The request checked comes last (a create it depends on may come before it); a read
		// check never offers a write of it, and never a delete at all.
		steps := strings.Split(lines[read], "; ")
		if strings.Contains(steps[len(steps)-1], " -X ") || strings.Contains(lines[read], "-X DELETE") {
			t.Errorf("the read check %s offers a write: %s", read, lines[read])
		}
	}
	script := strings.Join(recipes, "\n")
	for id, line := range lines {
		answer := runShell(t, script+"\n"+line)
		shown := false
		for _, shows := range faults {
			shown = shown || shows(answer)
		}
		if !shown {
			t.Errorf("the reproduce line of %s shows none of the faults:\n%s\n--- answer\n%s", id, line, answer)
		}
	}
	if t.Failed() {
		t.Logf("summary:\n%s", summaryOf(res.stdout))
	}
}

// One fault, many failures: a server that drops error.type gets one probable cause that
// explains the rules it breaks, first in the summary and in the report, and every reason is a
// plain sentence.
func TestOneFaultIsOneProbableCause(t *testing.T) {
	srv := mutantServer(t, "error-without-type")
	dir := t.TempDir()
	res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir)
	wantExit(t, res, report.ExitNotConformant)
	summary := summaryOf(res.stdout)
	causes := strings.Index(summary, "Probable causes")
	rules := strings.Index(summary, "Rules that did not hold:")
	if causes < 0 || rules < causes {
		t.Fatalf("the summary does not lead with the probable causes:\n%s", summary)
	}
	first := strings.SplitN(summary[causes:], "\n", 3)[1]
	if !strings.Contains(first, "error.type is missing") || !regexp.MustCompile(`explains \d\d rules`).MatchString(first) {
		t.Errorf("the first probable cause is not the dropped type explaining the rules: %q", first)
	}
	s := readSummary(t, dir)
	if len(s.Causes) == 0 || len(s.Causes[0].Rules) < s.Counts.MustFailed || s.Causes[0].Curl == "" {
		t.Errorf("summary.json's first cause should explain all %d failed MUST rules with an example: %+v", s.Counts.MustFailed, s.Causes)
	}
	for _, c := range s.Causes[1:] {
		t.Errorf("one fault, yet another cause: %+v", c)
	}
	for _, dump := range []string{"Expected", "<[]", "<string>", "to be empty", "to equal"} {
		if strings.Contains(summary, dump) {
			t.Errorf("the summary shows a matcher dump (%q):\n%s", dump, summary)
		}
	}
	page := readFile(t, dir, report.FileHTML)
	if !strings.Contains(page, `<ol id="causes">`) || strings.Index(page, `<ol id="causes">`) > strings.Index(page, `id="failed-rules"`) {
		t.Error("report.html does not lead with the probable causes")
	}
}

// The terminal is quiet by default: a progress counter, the summary, one line per failed rule
// and its reproduce line; transcripts stay in the reports and come with -v.
func TestQuietTerminalAndVerbose(t *testing.T) {
	srv := mutantServer(t, "error-without-type")
	quiet := runCLI(t, nil, "--target", srv.URL)
	wantExit(t, quiet, report.ExitNotConformant)
	if !regexp.MustCompile(`(?m)^\[\d+/185\] B\d+ `).MatchString(quiet.stdout) {
		t.Errorf("no progress counter:\n%s", tail(quiet.stdout, 30))
	}
	for _, noisy := range []string{"< HTTP", "transcript", "Summarizing", "[FAIL]"} {
		if strings.Contains(quiet.stdout, noisy) {
			t.Errorf("the quiet terminal shows %q", noisy)
		}
	}
	if n := strings.Count(quiet.stdout, "\n"); n > 150 {
		t.Errorf("the quiet terminal has %d lines for one fault", n)
	}
	verbose := runCLI(t, nil, "--target", srv.URL, "-v")
	if !strings.Contains(verbose.stdout, "< HTTP") {
		t.Error("-v does not show the transcripts")
	}
	// The summary counts in Ginkgo's numbers, so it agrees with Ginkgo's footer.
	ours := regexp.MustCompile(`Specs: ran (\d+) of (\d+): (\d+) passed, (\d+) failed.*, (\d+) skipped`).FindStringSubmatch(verbose.stdout)
	ginkgos := regexp.MustCompile(`Ran (\d+) of (\d+) Specs[^\n]*\n[^\n]*?(\d+) Passed \| (\d+) Failed \| \d+ Pending \| (\d+) Skipped`).FindStringSubmatch(verbose.stdout)
	if ours == nil || ginkgos == nil || strings.Join(ours[1:], " ") != strings.Join(ginkgos[1:], " ") {
		t.Errorf("the summary's counts %v differ from Ginkgo's %v", ours, ginkgos)
	}
}

// JUnit is what a CI viewer shows: a test per spec, classnames per Part B section, and a
// failure of a rule checked over a whole spec filed under that rule's section.
func TestJUnitCountsSpecsAndFilesFailuresUnderTheirRule(t *testing.T) {
	srv := mutantServer(t, "user-detail-leaks-password-hash")
	dir := t.TempDir()
	res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir)
	wantExit(t, res, report.ExitNotConformant)
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal([]byte(readFile(t, dir, report.FileJUnit)), &suites); err != nil {
		t.Fatal(err)
	}
	s := readSummary(t, dir)
	if suites.Tests != s.Counts.Specs || suites.Tests != 185 {
		t.Errorf("junit.xml counts %d tests, the run had %d specs", suites.Tests, s.Counts.Specs)
	}
	classes := map[string]int{}
	swept := 0
	for _, tc := range suites.TestSuites[0].TestCases {
		classes[tc.Classname]++
		if tc.Failure == nil {
			continue
		}
		text, whole := strings.CutPrefix(tc.Name, "B7.no-sensitive: ")
		if broke := strings.HasPrefix(tc.Failure.Message, "[B7.no-sensitive"); broke != whole {
			t.Errorf("a failure of B7.no-sensitive is filed by its rule's name only when it broke it: %s: %s", tc.Name, tc.Failure.Message)
		}
		if whole {
			if tc.Classname != "B7 Presenters" {
				t.Errorf("a B7.no-sensitive failure is filed under %q: %s", tc.Classname, tc.Name)
			}
			if !strings.HasPrefix(text, "B7 ") {
				swept++ // a spec of another section, filed under the rule it broke
			}
		}
	}
	if len(classes) < 9 {
		t.Errorf("junit.xml has %d classnames, want one per Part B section: %v", len(classes), classes)
	}
	if swept == 0 {
		t.Error("no failure found over a whole spec of another section was filed under B7")
	}
	if !strings.Contains(res.stdout, "Specs: ran 184 of 185") {
		t.Errorf("the summary's count differs from Ginkgo's (Ran 184 of 185):\n%s", summaryOf(res.stdout))
	}
}

// reproduceLines maps each rule of "Rules that did not hold" to the curl line under it.
func reproduceLines(stdout string) map[string]string {
	out := map[string]string{}
	rule := regexp.MustCompile(`^  (?:FAIL|WARN|ERROR)\s+(\S+) \(`)
	var current string
	for _, l := range strings.Split(stdout, "\n") {
		if m := rule.FindStringSubmatch(l); m != nil {
			current = m[1]
			continue
		}
		if c, ok := strings.CutPrefix(strings.TrimSpace(l), "reproduce: "); ok && current != "" {
			out[current] = c
			current = ""
		}
	}
	return out
}

// recipeLines are the commands the summary gives for the variables of its curl lines.
func recipeLines(stdout string) []string {
	_, after, ok := strings.Cut(stdout, "set them first:\n")
	if !ok {
		return nil
	}
	var out []string
	for _, l := range strings.Split(after, "\n") {
		if !strings.HasPrefix(l, "  ") {
			break
		}
		if cmd, _, _ := strings.Cut(strings.TrimSpace(l), "   # "); !strings.HasPrefix(cmd, "(") {
			out = append(out, cmd)
		}
	}
	return out
}

// runShell runs a script with no CONFORMANCE_* variable of this process, as a user pasting it.
func runShell(t *testing.T, script string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", script)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Dir = t.TempDir()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run()
	return out.String()
}
