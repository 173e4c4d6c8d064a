package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/mutants"
	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/reference"
)

// mutantServer is the reference with the named mutants applied (harness/mutants).
func mutantServer(t *testing.T, names ...string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(mutantHandler(t, names...))
	t.Cleanup(srv.Close)
	return srv
}

// mutantHandler is the reference with the named mutants applied.
func mutantHandler(t *testing.T, names ...string) http.Handler {
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
	return h
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

// A failing run's reproduce lines, each pasted into a shell against a broken server of its own
// (with the recipes the summary prints for their variables), each show a fault: the offending
// answer for a rule checked over a whole spec, the role's own session for a role spec, and a
// read for a read check (never a DELETE but of a record the line itself created).
//
// The second run's faults need state the spec brought about: a session the spec logged out
// (the line logs in, captures the token, logs out, then asks), a deleted user's token and a
// deleted record (the line creates the record, captures its int id, deletes it, then asks),
// and a detail of a record the run created and removed (the line creates it again). Its lines
// are pasted against a fresh server of the same kind, so they stand alone: none needs the
// run's records, ids or sessions.
func TestReproduceLinesShowTheFault(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	t.Run("whole-spec, role and list checks", func(t *testing.T) {
		srv := mutantServer(t, reproduceMutants...)
		dir := t.TempDir()
		res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir)
		wantExit(t, res, report.ExitNotConformant)
		lines := reproduceLines(res.stdout)
		if len(lines) < 10 {
			t.Fatalf("only %d reproduce lines in the summary:\n%s", len(lines), summaryOf(res.stdout))
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
			// The request checked comes last (a create it depends on may come before it); a
			// read check never offers a write of it.
			steps := strings.Split(lines[read], "; ")
			if strings.Contains(steps[len(steps)-1], " -X ") {
				t.Errorf("the read check %s offers a write: %s", read, lines[read])
			}
		}
		// Each line on a server of its own, as broken: two lines may make the same record
		// again (the lines of two rules one spec broke), and a line stands alone.
		for id, answer := range pasteLines(t, res.stdout, srv.URL, func() string { return mutantServer(t, reproduceMutants...).URL }) {
			shown := false
			for _, shows := range faults {
				shown = shown || shows(answer)
			}
			if !shown {
				t.Errorf("the reproduce line of %s shows none of the faults:\n%s\n--- answer\n%s", id, lines[id], answer)
			}
		}
		if t.Failed() {
			t.Logf("summary:\n%s", summaryOf(res.stdout))
		}
	})

	t.Run("logout, deleted and recreated records, on a fresh server", func(t *testing.T) {
		srv := mutantServer(t, stateMutants...)
		res := runCLI(t, nil, "--target", srv.URL)
		wantExit(t, res, report.ExitNotConformant)
		lines := reproduceLines(res.stdout)
		for id, want := range stateFaults {
			if lines[id] == "" {
				t.Errorf("no reproduce line for %s (%s)", id, want.fault)
			}
		}
		checks := map[string]string{
			"B3.logout":             `^JWT_\d+=\$\(curl [^;]* -X POST \S+/api/sessions .*; TOKEN_\d+=\$\(.*; curl -sS -i -X PUT \S+/api/sessions/1 .*; curl -sS -i \S+/api/users/1 `,
			"B3.deleted-user-token": `^ID=\$\(curl [^;]* -X POST \S+/api/users .*; JWT_\d+=\$\(curl .*/api/sessions .*; curl -sS -i -X DELETE '\S+/api/users/'"\$\{ID:\?\}" .*; curl -sS -i '\S+/api/users/'"\$\{ID:\?\}" -H 'Oauth-Token: '"\$TOKEN_\d+"`,
			// An int id is captured from the create; a record keyed by its name (a block) is
			// made again under the same name, so its path is the run's.
			"B4.deleted-is-error": `ID=\$\(curl .*; curl -sS -i -X DELETE '\S+/'"\$\{ID(_\d+)?:\?\}" .*; curl -sS -i '\S+/'"\$\{ID(_\d+)?:\?\}" |` +
				`curl -sS -i -X POST (\S+) .*; curl -sS -i -X DELETE (\S+) .*; curl -sS -i (\S+) `,
			"B7.detail-keys": `^ID=\$\(curl -sS -X POST \S+/api/users .*; curl -sS -i '\S+/api/users/'"\$\{ID:\?\}" `,
		}
		for id, pattern := range checks {
			if l := lines[id]; l != "" && !regexp.MustCompile(pattern).MatchString(l) {
				t.Errorf("the line of %s does not bring its state about (want %s):\n%s", id, pattern, l)
			}
		}
		for id, line := range lines {
			// A line deletes nothing but a record it created itself, and sets every variable
			// that `mageconform token` cannot give.
			steps := strings.Split(line, "; ")
			for i, step := range steps {
				if strings.Contains(step, "-X DELETE") && !regexp.MustCompile(`'"\$\{ID(_\d+)?:\?\}"`).MatchString(step) &&
					!createdEarlier(steps[:i], step) {
					t.Errorf("the line of %s deletes what it did not create: %s", id, step)
				}
			}
			for _, m := range regexp.MustCompile(`"\$\{?((?:TRIGGER_TOKEN|TOKEN|JWT|ID)(?:_\d+)?)(?::\?\})?"`).FindAllStringSubmatch(line, -1) {
				if m[1] != "TOKEN" && m[1] != "JWT" && !strings.Contains(line, m[1]+"=$(") {
					t.Errorf("the line of %s uses $%s without setting it: %s", id, m[1], line)
				}
			}
			for _, secret := range []string{harness.DefaultAPIKey, `"password":"admin"`, "eyJ"} {
				if strings.Contains(line, secret) {
					t.Errorf("the line of %s shows a secret in clear (%q): %s", id, secret, line)
				}
			}
		}
		if recipes := strings.Join(recipeLines(res.stdout), "\n"); strings.Contains(recipes, "--number") {
			t.Errorf("a line still needs another session from mageconform token:\n%s", recipes)
		}
		for id, answer := range pasteLines(t, res.stdout, srv.URL, func() string { return mutantServer(t, stateMutants...).URL }) {
			if want, ok := stateFaults[id]; ok && !want.shows(lastAnswer(answer)) {
				t.Errorf("the reproduce line of %s does not show %s on a fresh server:\n%s\n--- answer\n%s", id, want.fault, lines[id], answer)
			}
		}
		if t.Failed() {
			t.Logf("summary:\n%s", summaryOf(res.stdout))
		}
	})
}

// The faults of the second run, each as the last answer of its rule's line shows it.
var (
	stateMutants = []string{"logout-keeps-token", "deleted-user-token-invalid", "deleted-detail-success", "user-detail-without-token"}
	success      = func(a httpAnswer) bool { return a.status == http.StatusOK && a.body != nil && a.body["error"] == nil }
	stateFaults  = map[string]struct {
		fault string
		shows func(httpAnswer) bool
	}{
		"B3.logout":             {"a success with the logged-out token", func(a httpAnswer) bool { return success(a) && a.body["user"] != nil }},
		"B1.auth-http-401":      {"a success with the logged-out token", func(a httpAnswer) bool { return success(a) && a.body["user"] != nil }},
		"B3.deleted-user-token": {"invalid_oauth_token for a deleted user's token", func(a httpAnswer) bool { return a.errorType() == "invalid_oauth_token" }},
		"B4.deleted-is-error":   {"a success for a deleted record", success},
		"B7.detail-keys": {"a user detail without permissions", func(a httpAnswer) bool {
			u, ok := a.body["user"].(map[string]any)
			return success(a) && ok && u["id"] != nil && u["permissions"] == nil
		}},
	}
)

// httpAnswer is an HTTP answer as curl -i prints it.
type httpAnswer struct {
	status int
	body   map[string]any
}

func (a httpAnswer) errorType() string {
	e, _ := a.body["error"].(map[string]any)
	t, _ := e["type"].(string)
	return t
}

// lastAnswer is the last HTTP answer of a shell's output (curl -i: status line, headers, body).
func lastAnswer(out string) httpAnswer {
	i := strings.LastIndex(out, "HTTP/1.1 ")
	if i < 0 {
		return httpAnswer{}
	}
	var a httpAnswer
	fmt.Sscanf(out[i:], "HTTP/1.1 %d", &a.status)
	if _, body, ok := strings.Cut(out[i:], "\r\n\r\n"); ok {
		_ = json.Unmarshal([]byte(strings.TrimSpace(body)), &a.body)
	}
	return a
}

// pasteLines runs each reproduce line of a run's summary in a shell, after the recipes the
// summary prints for their variables, against the server at pasteURL (the run's own, runURL,
// or another of the same kind), and returns each rule's output.
func pasteLines(t *testing.T, stdout, runURL string, fresh func() string) map[string]string {
	t.Helper()
	recipes := recipeLines(stdout)
	if len(recipes) == 0 {
		t.Fatalf("no recipe for the lines' variables:\n%s", summaryOf(stdout))
	}
	script := strings.Join(recipes, "\n")
	out := map[string]string{}
	for id, line := range reproduceLines(stdout) {
		out[id] = runShell(t, strings.ReplaceAll(script+"\n"+line, runURL, fresh()))
	}
	return out
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
	progress := regexp.MustCompile(`(?m)^\[\d+/(\d+)\] B\d+ `).FindStringSubmatch(quiet.stdout)
	specs := regexp.MustCompile(`Specs: ran \d+ of (\d+)`).FindStringSubmatch(quiet.stdout)
	if progress == nil || specs == nil || progress[1] != specs[1] {
		t.Errorf("no progress counter over the run's specs (%v, summary %v):\n%s", progress, specs, tail(quiet.stdout, 30))
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
	// Ginkgo's own count of the run's specs, from its JSON report.
	var ginkgo []struct {
		SpecReports []struct{ LeafNodeType, State string }
	}
	if err := json.Unmarshal([]byte(readFile(t, dir, report.FileJSON)), &ginkgo); err != nil || len(ginkgo) != 1 {
		t.Fatalf("ginkgo-report.json: %v", err)
	}
	total, ran := 0, 0
	for _, sr := range ginkgo[0].SpecReports {
		if sr.LeafNodeType == "It" {
			total++
			if sr.State != "skipped" && sr.State != "pending" {
				ran++
			}
		}
	}
	if suites.Tests != s.Counts.Specs || suites.Tests != total || total < 150 {
		t.Errorf("junit.xml counts %d tests, the run had %d specs (Ginkgo: %d)", suites.Tests, s.Counts.Specs, total)
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
	if want := fmt.Sprintf("Specs: ran %d of %d", ran, total); !strings.Contains(res.stdout, want) {
		t.Errorf("the summary's count differs from Ginkgo's (%s):\n%s", want, summaryOf(res.stdout))
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

// createdEarlier: the DELETE step's record, keyed by its name, is one an earlier step of the
// same line created, by a POST to the collection the record's path is under.
func createdEarlier(before []string, del string) bool {
	m := regexp.MustCompile(`-X DELETE '?(\S+)/[^/\s']+'? `).FindStringSubmatch(del)
	if m == nil {
		return false
	}
	for _, step := range before {
		if strings.Contains(step, "-X POST "+m[1]+" ") || strings.Contains(step, "-X POST '"+m[1]+"' ") {
			return true
		}
	}
	return false
}
