package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/redact"
)

// File names written by WriteFiles, in CONFORMANCE_REPORT_DIR.
const (
	FileJUnit   = "junit.xml"
	FileJSON    = "ginkgo-report.json"
	FileSummary = "summary.json"
	FileHTML    = "report.html"
)

// WriteFiles writes the four reports into dir (created if missing) and returns their paths.
// The final text of every file goes through the run's redaction (package redact) before it is
// written: no secret the run knows, and nothing shaped like a JWT, reaches the disk.
func WriteFiles(dir string, r types.Report, s *Summary) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report dir: %w", err)
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	steps := []struct {
		name  string
		write func(string) error
	}{
		{FileJUnit, func(p string) error { return writeJUnit(p, r, s) }},
		{FileJSON, func(p string) error { return writeGinkgoJSON(p, r) }},
		{FileSummary, func(p string) error { return writeSummaryJSON(p, s) }},
		{FileHTML, func(p string) error { return writeHTMLFile(p, s) }},
	}
	var written []string
	for _, step := range steps {
		if err := step.write(path(step.name)); err != nil {
			return written, fmt.Errorf("%s: %w", step.name, err)
		}
		written = append(written, path(step.name))
	}
	return written, nil
}

func writeSummaryJSON(path string, s *Summary) error {
	raw, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeRedacted(path, string(raw)+"\n", redact.String)
}

// writeGinkgoJSON lets Ginkgo write its JSON report, then redacts the file.
func writeGinkgoJSON(path string, r types.Report) error {
	if err := reporters.GenerateJSONReport(r, path); err != nil {
		return err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return writeRedacted(path, string(raw), redact.String)
}

func writeHTMLFile(path string, s *Summary) error {
	var b strings.Builder
	if err := WriteHTML(&b, s); err != nil { // redacts (markup-aware) itself
		return err
	}
	return writeRedacted(path, b.String(), redact.Markup)
}

// writeRedacted is the one place a report file's text reaches the disk.
func writeRedacted(path, text string, redactWith func(string) string) error {
	return os.WriteFile(path, []byte(redactWith(text)), 0o644)
}

// junitConfig keeps Ginkgo's timeline (which repeats the report entries) for the specs a
// reader opens, the failed ones, and leaves passing ones short.
var junitConfig = reporters.JunitReportConfig{
	OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped | types.SpecStatePending,
	OmitLeafNodeType:          true,
}

// writeJUnit lets Ginkgo write the JUnit file (report entries become properties), then puts
// each spec's transcript and curl line into its system-out as plain text, where CI viewers
// show it, and names the rules a failure is charged to.
func writeJUnit(path string, r types.Report, s *Summary) error {
	if err := reporters.GenerateJUnitReportWithConfig(r, path, junitConfig); err != nil {
		return err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &suites); err != nil {
		return err
	}
	bySpec := map[string]SpecResult{}
	for _, sp := range s.all {
		bySpec[sp.ID] = sp
	}
	if len(suites.TestSuites) == 1 {
		cases := suites.TestSuites[0].TestCases
		// Ginkgo writes one test case per spec report, in order (junitConfig keeps setup nodes).
		for i := range cases {
			if i >= len(r.SpecReports) {
				break
			}
			sp, ok := bySpec[fmt.Sprintf("spec-%d", i)]
			if !ok {
				continue
			}
			cases[i].SystemOut = junitText(sp, cases[i].SystemOut)
			if len(sp.FailedRules) > 0 && cases[i].Failure != nil && !verifyPrefix.MatchString(cases[i].Failure.Message) {
				cases[i].Failure.Message = "[" + strings.Join(sp.FailedRules, ", ") + "] " + cases[i].Failure.Message
			}
			if sp.State == Error {
				asJUnitError(&cases[i], sp)
			}
		}
		recount(&suites)
	}
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return err
	}
	return writeRedacted(path, xml.Header+string(out)+"\n", redact.Markup)
}

// asJUnitError shows a spec that could not be judged as a JUnit <error>, not a <failure>: CI
// viewers then tell "the target did not answer" from "the target answered wrongly".
func asJUnitError(tc *reporters.JUnitTestCase, sp SpecResult) {
	e := &reporters.JUnitError{Message: sp.Reason, Type: "error"}
	if tc.Failure != nil {
		e.Description = tc.Failure.Description
	} else if tc.Error != nil {
		e.Description = tc.Error.Description
	}
	tc.Failure, tc.Error = nil, e
}

// recount makes the failure and error tallies agree with the test cases.
func recount(suites *reporters.JUnitTestSuites) {
	suites.Failures, suites.Errors = 0, 0
	for i := range suites.TestSuites {
		ts := &suites.TestSuites[i]
		ts.Failures, ts.Errors = 0, 0
		for _, tc := range ts.TestCases {
			switch {
			case tc.Failure != nil:
				ts.Failures++
			case tc.Error != nil:
				ts.Errors++
			}
		}
		suites.Failures += ts.Failures
		suites.Errors += ts.Errors
	}
}

func junitText(sp SpecResult, captured string) string {
	var b strings.Builder
	if len(sp.FailedRules) > 0 {
		fmt.Fprintf(&b, "failed rules: %s\n", strings.Join(sp.FailedRules, ", "))
	}
	for _, v := range sp.ShouldViolations {
		fmt.Fprintf(&b, "SHOULD violated: %s\n", v)
	}
	if sp.Curl != "" {
		fmt.Fprintf(&b, "reproduce:\n%s\n", sp.Curl)
	}
	if sp.Transcript != "" {
		fmt.Fprintf(&b, "transcript:\n%s\n", sp.Transcript)
	}
	if captured != "" {
		fmt.Fprintf(&b, "output:\n%s", captured)
	}
	return b.String()
}
