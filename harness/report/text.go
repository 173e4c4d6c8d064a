package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mageconform/mageconform/harness/plain"
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

	if len(s.Causes) > 0 {
		b.WriteString("\nProbable causes (one fault behind several failures):\n")
		for i, c := range s.Causes {
			fmt.Fprintf(&b, "  %d. %s: %s\n", i+1, c.Text, causeScope(c))
			if c.Curl != "" {
				fmt.Fprintf(&b, "     e.g. %s (%s): %s\n", c.Where, c.Example, c.Curl)
			}
		}
	}
	failed := failedRules(s)
	if len(failed) > 0 || len(s.Unruled) > 0 {
		b.WriteString("\nRules that did not hold:\n")
	}
	for _, rr := range failed {
		cause := ""
		switch ns := causesOf(s.Causes, rr.ID); len(ns) {
		case 0:
		case 1:
			cause = fmt.Sprintf(" [cause %d]", ns[0])
		default:
			cause = " [causes " + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ns)), ", "), "[]") + "]"
		}
		reason := orDash(rr.Reason)
		if k := rr.Known; k != nil {
			reason += fmt.Sprintf(" (known until %s: %s)", k.Expires, k.Reason)
		}
		fmt.Fprintf(&b, "  %-4s %s (%s)%s: %s\n", strings.ToUpper(string(rr.State)), rr.ID, rr.Level, cause, reason)
		if rr.Curl != "" {
			fmt.Fprintf(&b, "       reproduce: %s\n", rr.Curl)
		}
		if rr.CurlAboutRemoved {
			b.WriteString("       (about a record this run created and removed at its end: --rerun-failed shows it again)\n")
		}
	}
	for _, sp := range s.Unruled {
		fmt.Fprintf(&b, "  FAIL (no rule) %s: %s\n", sp.Text, orDash(plain.Reason(sp.Reason)))
	}
	writeRecipes(&b, s)
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

	if bl := s.Baseline; bl != nil {
		fmt.Fprintf(&b, "\nBaseline %s: %d known, %d expired, %d fixed\n", bl.Source, len(bl.Known), len(bl.Expired), len(bl.Fixed))
		for _, e := range bl.Expired {
			fmt.Fprintf(&b, "  EXPIRED %s: fix the rule or renew the entry\n", e)
		}
		if len(bl.Fixed) > 0 {
			fmt.Fprintf(&b, "  fixed, remove from the baseline: %s\n", strings.Join(bl.Fixed, ", "))
		}
	}

	c := s.Counts
	b.WriteString("\n" + specLine(c) + "\n")
	fmt.Fprintf(&b, "Costly requests: %s, %s (each a password hash for the server: about a second on a real Mage)\n",
		plural(c.Logins, "login"), plural(c.UserCreates, "user create"))
	should := "reported only"
	if s.Strict {
		should = "strict mode: they fail the run"
	}
	fmt.Fprintf(&b, "MUST failures: %d   SHOULD failures: %d (%s)\n", c.MustFailed, c.ShouldFailed, should)
	if notRun := notJudged(s.Rules); len(notRun) > 0 {
		fmt.Fprintf(&b, "MUST rules not judged: %s\n", few(notRun))
	}
	fmt.Fprintf(&b, "Verdict (exit %d): %s\n", s.Verdict.ExitCode, s.Verdict.Reason)
	if s.Rerun != "" {
		fmt.Fprintf(&b, "Rerun what failed: %s\n", s.Rerun)
	}
	_, err := io.WriteString(w, redact.String(b.String()))
	return err
}

// specLine counts specs in the words of Ginkgo's own last line ("Ran 66 of 185 Specs ... 63
// Passed | 3 Failed | 0 Pending | 119 Skipped"), so the two always agree: a spec that could
// not be judged is one of the failed ones there, and not applicable is one of the skipped.
func specLine(c Counts) string {
	ran, failed := c.Passed+c.Failed+c.Errored, c.Failed+c.Errored
	line := fmt.Sprintf("Specs: ran %d of %d: %d passed, %d failed", ran, c.Specs, c.Passed, failed)
	if c.Errored > 0 {
		line += fmt.Sprintf(" (%d of them errors: no HTTP answer)", c.Errored)
	}
	line += fmt.Sprintf(", %d skipped", c.Skipped+c.NotApplicable)
	if c.NotApplicable > 0 {
		line += fmt.Sprintf(" (%d not applicable)", c.NotApplicable)
	}
	return line
}

// causeScope says how much a cause explains: "22 rules (21 MUST), 340 answers".
func causeScope(c Cause) string {
	rules := plural(len(c.Rules), "rule")
	if len(c.Rules) <= 3 {
		rules += " (" + strings.Join(c.Rules, ", ") + ")"
	}
	return fmt.Sprintf("explains %s and %s", rules, plural(c.Answers, "answer"))
}

// maxErrorLines bounds the list of specs that could not be judged: a target that stopped
// answering would otherwise list every remaining spec.
const maxErrorLines = 5

// failedRules are the rules a reader must act on: failed, not judged, accepted as known, then
// SHOULD warnings.
func failedRules(s *Summary) []RuleResult {
	var out []RuleResult
	for _, want := range []State{Fail, Error, Known, Warn} {
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
