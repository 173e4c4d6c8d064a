package harness

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"
)

// Level is how binding a rule is (RFC 2119).
type Level string

const (
	MUST   Level = "MUST"
	SHOULD Level = "SHOULD"
)

// Rule is one sentence of Part B with its id (e.g. "B3.key-header").
type Rule struct {
	ID      string
	Level   Level
	Section string
	Text    string
}

// Labels are the Ginkgo labels of a spec that checks the rule: "rule:<ID>" and "must"/"should".
func (r Rule) Labels() []string {
	return []string{"rule:" + r.ID, strings.ToLower(string(r.Level))}
}

// ReportEntryShouldViolation names the report entry a tolerated SHOULD failure leaves behind.
const ReportEntryShouldViolation = "should-violation"

// Verify runs body with a Gomega that collects failures instead of failing the spec at once. A
// failed MUST rule (or any rule in strict mode) fails the spec; a failed SHOULD rule becomes a
// "should-violation" report entry and a warning line, and the spec passes.
//
// Either way the check leaves "finding" report entries (Finding): the failure in one plain
// sentence, its cause, and a curl for the answer it is about, which the report shows per rule.
func Verify(rule Rule, strict bool, body func(g gomega.Gomega)) {
	mark := sightingMark()
	failure, failed := runRule(body)
	if !failed {
		return
	}
	outcome := judge(rule, strict, failure)
	level := rule.Level
	if level == "" {
		level = MUST
	}
	fs := findings(rule, level, failure, sightingsSince(mark))
	publishFindings(fs)
	reason := fs[0].Reason
	if outcome.fail != "" {
		ginkgo.Fail(Redact(fmt.Sprintf("[%s %s] %s\n%s", rule.ID, level, reason, failure)), 1)
	} else {
		ginkgo.AddReportEntry(ReportEntryShouldViolation, Redact(rule.ID+": "+reason), ginkgo.Offset(1))
		fmt.Fprint(ginkgo.GinkgoWriter, Redact(fmt.Sprintf("WARNING: SHOULD rule %s does not hold: %s\n", rule.ID, failure)))
	}
}

// RedactedFail is ginkgo.Fail with the message redacted: register it as Gomega's fail handler
// (gomega.RegisterFailHandler(harness.RedactedFail)) so that a failed Expect on a body, a header or an
// error never prints a secret of the run.
func RedactedFail(message string, callerSkip ...int) {
	skip := 1
	if len(callerSkip) > 0 {
		skip += callerSkip[0]
	}
	ginkgo.Fail(Redact(message), skip)
}

type verdict struct {
	fail  string // message for ginkgo.Fail, or ""
	entry string // should-violation entry otherwise
}

func judge(rule Rule, strict bool, failure string) verdict {
	level := rule.Level
	if level == "" {
		level = MUST // an unlabelled rule is not allowed to pass silently
	}
	if level == MUST || strict {
		return verdict{fail: fmt.Sprintf("[%s %s] %s", rule.ID, level, failure)}
	}
	return verdict{entry: rule.ID + ": " + failure}
}

// ruleAbort stops a rule's body at its first failed assertion, as Ginkgo would.
type ruleAbort struct{}

// runRule runs body and returns its first failure. A panic inside the body (say, indexing a
// list the target did not send) counts as a failure of the rule rather than a crash; Ginkgo's
// own panics (Skip, Fail) pass through untouched.
func runRule(body func(g gomega.Gomega)) (failure string, failed bool) {
	g := gomega.NewGomega(func(message string, _ ...int) {
		failure, failed = message, true
		panic(ruleAbort{})
	})
	defer func() {
		if p := recover(); p != nil {
			if _, own := p.(types.GinkgoError); own {
				panic(p) // Skip, or Fail from a global Expect: Ginkgo has recorded it already
			}
			if _, ok := p.(ruleAbort); !ok {
				failure, failed = fmt.Sprintf("panic while checking: %v", p), true
			}
		}
	}()
	body(g)
	return failure, failed
}
