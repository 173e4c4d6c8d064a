package report

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/profile"
)

// decide turns the tallies into an exit code and one line saying why. "Could not judge" (2)
// is kept for runs that say nothing about the target: interrupted, suite setup failed, no
// spec ran at all, or specs that could not be judged (no HTTP answer, out of time) and no
// failure: a failure found before the target stopped answering is still a defect (1).
func decide(s *Summary, r types.Report, setupFailures []SpecResult) Verdict {
	timedOut := false
	for _, reason := range r.SpecialSuiteFailureReasons {
		lower := strings.ToLower(reason)
		if strings.Contains(lower, "interrupt") {
			return Verdict{ExitCode: ExitCouldNotJudge, Reason: "could not judge: the run was interrupted"}
		}
		if strings.Contains(lower, "timeout") {
			timedOut = true
		}
	}
	if len(setupFailures) > 0 {
		return Verdict{ExitCode: ExitCouldNotJudge, Reason: "could not judge: suite setup failed: " + firstLine(setupFailures[0].Reason)}
	}
	if s.Counts.Passed+s.Counts.Failed == 0 && len(s.Errors) == 0 {
		why := "could not judge: no spec ran"
		if s.Labels != "" {
			why += fmt.Sprintf(" (label filter %q)", s.Labels)
		}
		return Verdict{ExitCode: ExitCouldNotJudge, Reason: why}
	}

	v := Verdict{}
	gaps := certifyGaps(s.Rules)
	if s.Certify {
		v.CertifyGaps = gaps
	}
	var problems []string
	if n := s.Counts.MustFailed; n > 0 {
		problems = append(problems, plural(n, "MUST rule")+" failed ("+few(ids(s.Rules, "MUST", Fail))+")")
	}
	if s.Strict && s.Counts.ShouldFailed > 0 {
		problems = append(problems, plural(s.Counts.ShouldFailed, "SHOULD rule")+" failed in strict mode ("+
			few(append(ids(s.Rules, "SHOULD", Fail), ids(s.Rules, "SHOULD", Warn)...))+")")
	} else if n := len(ids(s.Rules, "SHOULD", Fail)); n > 0 {
		// A SHOULD check that failed its spec outright still failed the Ginkgo run.
		problems = append(problems, plural(n, "SHOULD spec")+" failed ("+few(ids(s.Rules, "SHOULD", Fail))+")")
	}
	if n := len(s.Unruled); n > 0 {
		problems = append(problems, plural(n, "spec")+" failed outside any rule")
	}
	if len(v.CertifyGaps) > 0 {
		problems = append(problems, fmt.Sprintf("certification: %s left out", plural(len(v.CertifyGaps), "MUST rule")))
	}
	if b := s.Baseline; b != nil && len(b.Expired) > 0 {
		what := "1 entry"
		if n := len(b.Expired); n > 1 {
			what = fmt.Sprintf("%d entries", n)
		}
		problems = append(problems, fmt.Sprintf("baseline: %s expired (%s)", what, few(b.Expired)))
	}
	if len(problems) > 0 {
		// What failed is a defect whatever else could not be judged.
		v.ExitCode = ExitNotConformant
		v.Reason = "not conformant: " + strings.Join(problems, "; ")
		if n := len(s.Errors); n > 0 {
			v.Reason += fmt.Sprintf("; %s could not be judged (no HTTP answer)", plural(n, "spec"))
		}
		return v
	}
	if timedOut {
		return Verdict{ExitCode: ExitCouldNotJudge, Reason: "could not judge: the run did not finish within its time limit (--timeout, CONFORMANCE_TIMEOUT)"}
	}
	if len(s.Errors) > 0 {
		return Verdict{ExitCode: ExitCouldNotJudge, Reason: "could not judge: " + stoppedReason(s.Errors)}
	}
	v.Conformant = true
	v.Reason = fmt.Sprintf("conformant: %s held", plural(countState(s.Rules, "MUST", Pass, Warn), "MUST rule"))
	if n := s.Counts.ShouldFailed; n > 0 {
		v.Reason += fmt.Sprintf("; %s violated (not failing: strict mode is off)", plural(n, "SHOULD rule"))
	}
	if n := s.Counts.Known; n > 0 {
		v.Reason += fmt.Sprintf("; %s accepted by the baseline (%s)", plural(n, "known failure"), few(append(ids(s.Rules, "MUST", Known), ids(s.Rules, "SHOULD", Known)...)))
	}
	if n := len(gaps); n > 0 && !s.Certify {
		v.Reason += fmt.Sprintf("; %s not fully judged (certification would refuse this)", plural(n, "MUST rule"))
	}
	return v
}

// stoppedReason is one line about the specs that could not be judged: the harness's own
// "the target stopped answering: ..." when it stopped the run, else the first missing answer.
func stoppedReason(errs []SpecResult) string {
	for _, e := range errs {
		if strings.HasPrefix(e.Reason, stoppedAnswering) {
			return firstLine(e.Reason)
		}
	}
	first := strings.TrimPrefix(strings.TrimPrefix(errs[0].Reason, "no HTTP answer: "), "no answer in time: ")
	reason := stoppedAnswering + firstLine(first)
	if n := len(errs); n > 1 {
		reason += fmt.Sprintf(" (%d specs could not be judged)", n)
	}
	return reason
}

// certifyGaps lists the MUST rules that were not fully judged: some spec carrying them was
// skipped or not applicable, or no spec ran them at all. Specs about the other authentication
// mode (profile.OnlyWithoutAuth) are not gaps: they describe a mode, not a missing capability.
func certifyGaps(rules []RuleResult) []string {
	var gaps []string
	for _, rr := range rules {
		if rr.Level != "MUST" {
			continue
		}
		if len(rr.Specs) == 0 && rr.Swept == 0 {
			gaps = append(gaps, rr.ID+": no spec ran it")
			continue
		}
		for _, sp := range rr.Specs {
			view := stateFor(sp, rr.ID)
			if strings.HasPrefix(view.Reason, profile.NotApplicable+profile.OnlyWithoutAuth) ||
				strings.HasPrefix(view.Reason, profile.NotApplicable+profile.OnlyIfDeclared) {
				continue
			}
			if view.State == Skipped || view.State == NotApplicable {
				gaps = append(gaps, rr.ID+": "+firstLine(view.Reason))
				break
			}
		}
	}
	return gaps
}

func ids(rules []RuleResult, level string, state State) []string {
	var out []string
	for _, rr := range rules {
		if rr.Level == level && rr.State == state {
			out = append(out, rr.ID)
		}
	}
	return out
}

func countState(rules []RuleResult, level string, states ...State) int {
	n := 0
	for _, rr := range rules {
		for _, st := range states {
			if rr.Level == level && rr.State == st {
				n++
			}
		}
	}
	return n
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// few joins up to six ids, so a verdict stays one readable line however much failed.
func few(ids []string) string {
	const max = 6
	if len(ids) <= max {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:max], ", "), len(ids)-max)
}
