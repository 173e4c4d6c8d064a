package report

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/redact"
)

// writeJUnit writes junit.xml from the summary, so CI test viewers read what the terminal says:
// one test case per spec (the count equals the specs of the run), each filed under the Part B
// section of its rule as its classname, a failure under the section of the rule it broke, the
// plain reason as the failure message, and the reproduce line and transcript as its text. A
// spec whose failure includes a rule checked over the whole spec (Options.Swept:
// B1.envelope-shape, B7.no-sensitive) is filed under that rule's section, as a test case named
// "<rule id>: <spec text>", even when the spec belongs to another section and failed its own
// rule too. Suite-level nodes appear only when they failed.
func writeJUnit(path string, s *Summary) error {
	suite := reporters.JUnitTestSuite{
		Name:      s.Suite,
		Package:   "github.com/mageconform/mageconform/suites",
		Time:      s.Duration.Seconds(),
		Timestamp: s.Started.Format("2006-01-02T15:04:05"),
		Properties: reporters.JUnitProperties{Properties: []reporters.JUnitProperty{
			{Name: "target", Value: s.targetDescription()},
			{Name: "mageconform", Value: s.Mageconform.String()},
			{Name: "rules", Value: s.RulesRevision},
			{Name: "seed", Value: fmt.Sprint(s.Seed)},
			{Name: "profile", Value: s.Profile.Name},
			{Name: "verdict", Value: s.Verdict.Reason},
		}},
	}
	for _, sp := range s.all {
		if sp.leaf != types.NodeTypeIt && sp.State != Fail && sp.State != Error {
			continue
		}
		suite.TestCases = append(suite.TestCases, junitCase(sp, s.swept, s.Strict))
	}
	for _, tc := range suite.TestCases {
		suite.Tests++
		switch {
		case tc.Failure != nil:
			suite.Failures++
		case tc.Error != nil:
			suite.Errors++
		case tc.Skipped != nil:
			suite.Skipped++
		}
	}
	all := reporters.JUnitTestSuites{Tests: suite.Tests, Errors: suite.Errors, Failures: suite.Failures,
		Time: suite.Time, TestSuites: []reporters.JUnitTestSuite{suite}}
	out, err := xml.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	return writeRedacted(path, xml.Header+string(out)+"\n", redact.Markup)
}

func junitCase(sp SpecResult, swept []string, strict bool) reporters.JUnitTestCase {
	tc := reporters.JUnitTestCase{Name: sp.Text, Classname: junitClass(sp), Time: sp.runTime.Seconds(), Status: string(sp.State)}
	switch sp.State {
	case Fail:
		failed := sp.FailedRules
		reason := specReason(sp)
		if whole := sweptFailure(sp, swept, strict); whole != "" {
			tc.Name, tc.Classname = whole+": "+sp.Text, sectionTitle(sectionOf(whole))
			failed = append([]string{whole}, slices.DeleteFunc(slices.Clone(failed), func(id string) bool { return id == whole })...)
			if f, ok := findingFor(sp, whole); ok {
				reason = f.Reason
			}
		}
		rules := strings.Join(failed, ", ")
		msg := fmt.Sprintf("[%s] %s", orDash(rules), reason)
		tc.Failure = &reporters.JUnitFailure{Message: msg, Type: orDash(rules), Description: junitText(sp)}
	case Error:
		tc.Error = &reporters.JUnitError{Message: sp.Reason, Type: "error", Description: junitText(sp)}
	case Skipped, NotApplicable:
		tc.Skipped = &reporters.JUnitSkipped{Message: sp.Reason}
	case Warn:
		tc.SystemOut = junitText(sp)
	}
	if sp.State == Fail || sp.State == Warn || sp.State == Error {
		props := []reporters.JUnitProperty{{Name: "labels", Value: strings.Join(sp.Labels, ", ")}, {Name: "location", Value: sp.Location}}
		if sp.Curl != "" {
			props = append(props, reporters.JUnitProperty{Name: "curl", Value: sp.Curl})
		}
		tc.Properties = &reporters.JUnitProperties{Properties: props}
	}
	return tc
}

// sweptFailure is the rule checked over the whole spec that a failed spec broke, "" if none:
// one its failure is charged to, else one with a failed check among its findings (a sweep
// that failed after the spec's own check had already failed it). The first in swept order
// wins.
func sweptFailure(sp SpecResult, swept []string, strict bool) string {
	for _, id := range swept {
		if slices.Contains(sp.FailedRules, id) {
			return id
		}
	}
	for _, id := range swept {
		if f, ok := findingFor(sp, id); ok && (f.Level != "SHOULD" || strict) {
			return id
		}
	}
	return ""
}

// junitClass is the Part B section a test case is filed under: that of the first rule its
// failure is charged to, else of its first rule label, else its first container's ("B6
// policies" is B6); suite nodes and unlabelled specs are "mageconform".
func junitClass(sp SpecResult) string {
	ids := slices.Clone(sp.FailedRules)
	if sp.State != Fail {
		ids = nil
	}
	ids = append(ids, labelValues(sp.Labels, labelRule)...)
	if len(ids) > 0 {
		return sectionTitle(sectionOf(ids[0]))
	}
	if first, _, _ := strings.Cut(sp.Text, " "); sectionNumber.MatchString(first) {
		return sectionTitle(first)
	}
	return "mageconform"
}

// specReason is the plain sentence for the spec's failure: the finding of its first failed
// rule, else the failure message's first line.
func specReason(sp SpecResult) string {
	for _, id := range sp.FailedRules {
		if f, ok := findingFor(sp, id); ok {
			return f.Reason
		}
	}
	return stateFor(sp, firstOr(sp.FailedRules, "")).Reason
}

func firstOr(ids []string, fallback string) string {
	if len(ids) > 0 {
		return ids[0]
	}
	return fallback
}

func junitText(sp SpecResult) string {
	var b strings.Builder
	if len(sp.FailedRules) > 0 {
		fmt.Fprintf(&b, "failed rules: %s\n", strings.Join(sp.FailedRules, ", "))
	}
	for _, f := range sp.Findings {
		fmt.Fprintf(&b, "%s: %s\n", f.Rule, f.Reason)
		if f.Curl != "" {
			fmt.Fprintf(&b, "reproduce:\n%s\n", f.Curl)
		}
	}
	if len(sp.Findings) == 0 && sp.Curl != "" {
		fmt.Fprintf(&b, "reproduce:\n%s\n", sp.Curl)
	}
	if sp.State == Fail || sp.State == Error {
		fmt.Fprintf(&b, "failure:\n%s\n", sp.Reason)
	}
	if sp.Transcript != "" {
		fmt.Fprintf(&b, "transcript:\n%s\n", sp.Transcript)
	}
	if sp.output != "" {
		fmt.Fprintf(&b, "output:\n%s", sp.output)
	}
	return b.String()
}

func (s *Summary) targetDescription() string {
	if s.Target == nil {
		return ""
	}
	return s.Target.Description
}

// sectionNumber is a Part B section as a container names it ("B6").
var sectionNumber = regexp.MustCompile(`^B\d+$`)
