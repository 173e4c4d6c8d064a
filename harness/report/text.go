package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mageconform/mageconform/harness/redact"
)

// WriteText prints the end-of-run summary: the two matrices, the failed rules one line each
// (with the curl command reproducing the failing request under it), the MUST/SHOULD counts,
// and the verdict last, where a reader's eye lands.
func WriteText(w io.Writer, s *Summary) error {
	var b strings.Builder
	b.WriteString("\n=== mageconform summary ===\n")
	if j := s.judging(); j != "" {
		fmt.Fprintf(&b, "target: %s\n", j)
	}
	if s.Profile.Name != "" {
		fmt.Fprintf(&b, "profile: %s", s.Profile.Name)
		if len(s.Profile.LeavesOut) > 0 {
			fmt.Fprintf(&b, " (leaves out: %s)", strings.Join(s.Profile.LeavesOut, ", "))
		}
		b.WriteString("\n")
	}
	for _, m := range []Matrix{s.Resources, s.Auth} {
		writeMatrix(&b, m)
	}

	failed := failedRules(s)
	if len(failed) > 0 || len(s.Unruled) > 0 {
		b.WriteString("\nRules that did not hold:\n")
	}
	for _, rr := range failed {
		fmt.Fprintf(&b, "  %-4s %s (%s): %s\n", strings.ToUpper(string(rr.State)), rr.ID, rr.Level, orDash(rr.Reason))
		if rr.Curl != "" {
			fmt.Fprintf(&b, "       reproduce: %s\n", rr.Curl)
		}
	}
	for _, sp := range s.Unruled {
		fmt.Fprintf(&b, "  FAIL (no rule) %s: %s\n", sp.Text, orDash(firstLine(sp.Reason)))
	}
	if n := len(s.Errors); n > 0 {
		fmt.Fprintf(&b, "\nCould not judge (no HTTP answer): %s\n", plural(n, "spec"))
		for i, sp := range s.Errors {
			if i == maxErrorLines {
				fmt.Fprintf(&b, "  ... and %d more\n", n-i)
				break
			}
			fmt.Fprintf(&b, "  ERROR %s: %s\n", sp.Text, orDash(firstLine(sp.Reason)))
		}
	}
	for _, gap := range s.Verdict.CertifyGaps {
		fmt.Fprintf(&b, "  GAP  %s\n", gap)
	}

	c := s.Counts
	fmt.Fprintf(&b, "\nSpecs: %d passed, %d failed, %d errors, %d skipped, %d not applicable\n", c.Passed, c.Failed, c.Errored, c.Skipped, c.NotApplicable)
	should := "reported only"
	if s.Strict {
		should = "strict mode: they fail the run"
	}
	fmt.Fprintf(&b, "MUST failures: %d   SHOULD failures: %d (%s)\n", c.MustFailed, c.ShouldFailed, should)
	if notRun := notJudged(s.Rules); len(notRun) > 0 {
		fmt.Fprintf(&b, "MUST rules not judged: %s\n", few(notRun))
	}
	fmt.Fprintf(&b, "Verdict (exit %d): %s\n", s.Verdict.ExitCode, s.Verdict.Reason)
	_, err := io.WriteString(w, redact.String(b.String()))
	return err
}

// maxErrorLines bounds the list of specs that could not be judged: a target that stopped
// answering would otherwise list every remaining spec.
const maxErrorLines = 5

// failedRules are the rules a reader must act on: failed, not judged, then SHOULD warnings.
func failedRules(s *Summary) []RuleResult {
	var out []RuleResult
	for _, want := range []State{Fail, Error, Warn} {
		for _, rr := range s.Rules {
			if rr.State == want {
				out = append(out, rr)
			}
		}
	}
	return out
}

func writeMatrix(b *strings.Builder, m Matrix) {
	fmt.Fprintf(b, "\n%s\n", m.Title)
	if len(m.Rows) == 0 {
		b.WriteString("  (no spec carries these labels)\n")
		return
	}
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  \t%s\t\n", strings.Join(m.Cols, "\t"))
	for i, row := range m.Rows {
		cells := make([]string, len(m.Cols))
		for j, st := range m.Cells[i] {
			cells[j] = cellText(st)
		}
		fmt.Fprintf(tw, "  %s\t%s\t\n", row, strings.Join(cells, "\t"))
	}
	tw.Flush()
}

// cellText shows an untested cell as "-" so the four outcomes stand out.
func cellText(st State) string {
	if st == Untested {
		return "-"
	}
	return string(st)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// notJudged names the MUST rules no spec judged, with why ("B8.count untested").
func notJudged(rules []RuleResult) []string {
	var out []string
	for _, rr := range rules {
		if rr.Level == "MUST" && rr.State != Pass && rr.State != Warn && rr.State != Fail && rr.State != Error {
			out = append(out, fmt.Sprintf("%s (%s)", rr.ID, rr.State))
		}
	}
	return out
}
