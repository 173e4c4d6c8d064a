package report_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/report"
)

// finding is a harness "finding" entry, as Verify leaves it.
func finding(rule, cause, curl string, answers ...string) specOpt {
	raw, _ := json.Marshal(report.Finding{Rule: rule, Level: "MUST", Reason: "want it, but " + cause, Cause: cause, Answers: answers, Curl: curl, Where: "GET /x"})
	return entry("finding", string(raw))
}

var _ = Describe("probable causes", func() {
	It("groups failures of several rules that share a cause, and counts each answer once", func() {
		s := report.Build(run(
			spec("a", labels("rule:B3.key-header", "must"), failed("[B3.key-header MUST] x"), finding("B3.key-header", "error.type is missing", "curl a", "1/1", "1/2")),
			spec("b", labels("rule:B4.create", "must"), failed("[B4.create MUST] x"), finding("B4.create", "error.type is missing", "curl b", "1/3")),
			spec("c", labels("rule:B4.delete", "must"), failed("[B4.delete MUST] x"), finding("B4.delete", "got 5, want 4", "curl c", "1/4")),
		), report.Options{Catalogue: catalogue})
		Expect(s.Causes).To(HaveLen(1), "a cause of one rule and one answer is no group")
		c := s.Causes[0]
		Expect(c.Text).To(Equal("error.type is missing"))
		Expect(c.Rules).To(ConsistOf("B3.key-header", "B4.create"))
		Expect(c.Answers).To(Equal(3))
		Expect(c.Curl).NotTo(BeEmpty())
	})

	It("takes each failed rule's reason and curl line from its finding", func() {
		s := report.Build(run(
			spec("a", labels("rule:B4.create", "must"), failed("[B4.create MUST] Expected\n    <int>: 5\nto equal\n    <int>: 4"), finding("B4.create", "got 5, want 4", "curl -sS good")),
		), report.Options{Catalogue: catalogue})
		rr := ruleOf(s, "B4.create")
		Expect(rr.Reason).To(Equal("want it, but got 5, want 4"))
		Expect(rr.Curl).To(Equal("curl -sS good"))
	})
})

var _ = Describe("baselines", func() {
	write := func(text string) string {
		p := filepath.Join(GinkgoT().TempDir(), "known.yaml")
		Expect(os.WriteFile(p, []byte(text), 0o644)).To(Succeed())
		return p
	}
	It("accepts a listed failure until its last day, then fails the run", func() {
		b, err := report.ReadBaseline(write("known:\n  - rule: B7.no-secrets\n    reason: fixed in 2.0\n    expires: 2026-11-30\n"))
		Expect(err).NotTo(HaveOccurred())
		on := func(day string) *report.Summary {
			now, _ := time.Parse("2006-01-02", day)
			return report.Build(brokenRun(), report.Options{Catalogue: catalogue, Baseline: b, Now: now})
		}
		last := on("2026-11-30")
		Expect(ruleOf(last, "B7.no-secrets").State).To(Equal(report.Known))
		Expect(last.Verdict.ExitCode).To(Equal(report.ExitConformant))
		after := on("2026-12-01")
		Expect(after.Verdict.ExitCode).To(Equal(report.ExitNotConformant))
		Expect(after.Verdict.Reason).To(ContainSubstring("baseline: 1 entry expired"))
	})

	DescribeTable("refuses a baseline that could accept a failure by mistake",
		func(text string) {
			_, err := report.ReadBaseline(write(text))
			Expect(err).To(HaveOccurred())
		},
		Entry("an unknown key", "known:\n  - rule: B4.create\n    reasn: x\n    expires: 2099-01-01\n"),
		Entry("no reason", "known:\n  - rule: B4.create\n    expires: 2099-01-01\n"),
		Entry("a date that is no date", "known:\n  - rule: B4.create\n    reason: x\n    expires: soon\n"),
		Entry("a rule listed twice", "known:\n  - {rule: B4.create, reason: x, expires: 2099-01-01}\n  - {rule: B4.create, reason: y, expires: 2099-01-01}\n"),
	)
})
