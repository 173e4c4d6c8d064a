package report_test

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/profile"
	"github.com/mageconform/mageconform/harness/report"
)

func ruleOf(s *report.Summary, id string) report.RuleResult {
	for _, rr := range s.Rules {
		if rr.ID == id {
			return rr
		}
	}
	Fail("no rule " + id + " in the summary")
	return report.RuleResult{}
}

func cell(m report.Matrix, row, col string) report.State {
	for i, r := range m.Rows {
		if r != row {
			continue
		}
		for j, c := range m.Cols {
			if c == col {
				return m.Cells[i][j]
			}
		}
	}
	Fail("no cell " + row + " × " + col + " in " + m.Title)
	return ""
}

var _ = Describe("Build", func() {
	Describe("a run against a broken target", Ordered, func() {
		var s *report.Summary
		BeforeAll(func() { s = report.Build(brokenRun(), report.Options{Catalogue: catalogue}) })

		DescribeTable("fills the resources × actions matrix, worst spec wins",
			func(row, col string, want report.State) { Expect(cell(s.Resources, row, col)).To(Equal(want)) },
			Entry(nil, "users", "create", report.Pass),
			Entry(nil, "users", "detail", report.Fail),
			Entry(nil, "users", "delete", report.Pass),
			Entry(nil, "users", "list", report.Untested),
			Entry(nil, "pipelines", "create", report.NotApplicable),
		)

		It("shows every action column and rows in spec order", func() {
			Expect(s.Resources.Cols).To(Equal([]string{"create", "detail", "list", "update", "delete"}))
			// sample names, not the catalogue: the resources of the sample specs above
			Expect(s.Resources.Rows).To(Equal([]string{"users", "pipelines"}))
		})

		DescribeTable("fills the key × token matrix, with a none column for key-only specs",
			func(row, col string, want report.State) { Expect(cell(s.Auth, row, col)).To(Equal(want)) },
			Entry(nil, "header", "bearer", report.Pass),
			Entry(nil, "body", "none", report.Pass),
			Entry(nil, "query", "cookie", report.Untested),
		)

		DescribeTable("judges each rule over its specs",
			func(id string, want report.State, reason string) {
				rr := ruleOf(s, id)
				Expect(rr.State).To(Equal(want))
				Expect(rr.Reason).To(ContainSubstring(reason))
			},
			Entry("failed check", "B7.no-secrets", report.Fail, "password_hash"),
			Entry("SHOULD violation", "B9.cors", report.Warn, "Access-Control-Allow-Origin"),
			Entry("one spec passed, one not applicable", "B4.create", report.Pass, ""),
			Entry("filtered out", "B10.unknown-resource", report.Skipped, "label filter"),
			Entry("no spec at all", "B1.envelope-shape", report.Untested, ""),
		)

		It("keeps the transcript and curl line with the failed spec", func() {
			sp := ruleOf(s, "B7.no-secrets").Specs[0]
			Expect(sp.Transcript).To(ContainSubstring("password_hash"))
			Expect(sp.Curl).To(HavePrefix("curl "))
			Expect(sp.FailedRules).To(Equal([]string{"B7.no-secrets"}))
			Expect(sp.Location).To(Equal("/src/mageconform/suites/crud.go:42"))
			Expect(ruleOf(s, "B7.no-secrets").Curl).To(Equal(curl))
			Expect(ruleOf(s, "B4.create").Curl).To(BeEmpty())
		})

		It("counts specs and rules", func() {
			Expect(s.Counts).To(Equal(report.Counts{
				Specs: 8, Passed: 5, Failed: 1, Skipped: 1, NotApplicable: 1,
				MustFailed: 1, ShouldFailed: 1, MustNotRun: 1,
			}))
		})

		It("is not conformant, naming the MUST rule", func() {
			Expect(s.Verdict.ExitCode).To(Equal(report.ExitNotConformant))
			Expect(s.Verdict.Conformant).To(BeFalse())
			Expect(s.Verdict.Reason).To(ContainSubstring("1 MUST rule failed (B7.no-secrets)"))
		})
	})

	DescribeTable("decides the exit code",
		func(r types.Report, opts report.Options, code int, reason string) {
			opts.Catalogue = catalogue
			v := report.Build(r, opts).Verdict
			Expect(v.ExitCode).To(Equal(code), v.Reason)
			Expect(v.Conformant).To(Equal(code == report.ExitConformant))
			Expect(v.Reason).To(ContainSubstring(reason))
		},
		Entry("all MUST rules hold", run(
			spec("create", labels("rule:B4.create", "must")),
			spec("cors", labels("rule:B9.cors", "should"), entry("should-violation", "B9.cors: missing")),
		), report.Options{}, report.ExitConformant, "1 SHOULD rule violated (not failing"),
		Entry("strict mode turns a SHOULD violation into a failure", run(
			spec("create", labels("rule:B4.create", "must")),
			spec("cors", labels("rule:B9.cors", "should"), entry("should-violation", "B9.cors: missing")),
		), report.Options{Strict: true}, report.ExitNotConformant, "SHOULD rule failed in strict mode (B9.cors)"),
		Entry("a MUST rule not applicable is fine without certification", run(
			spec("create", labels("rule:B4.create", "must")),
			spec("delete", labels("rule:B4.delete", "must"), skipped("not applicable: no")),
		), report.Options{}, report.ExitConformant, "not fully judged (certification would refuse this)"),
		Entry("certification refuses a MUST rule not applicable", run(
			spec("create", labels("rule:B4.create", "must")),
			spec("delete", labels("rule:B4.delete", "must"), skipped("not applicable: no")),
		), report.Options{Certify: true}, report.ExitNotConformant, "certification"),
		Entry("a failure outside any rule", run(
			spec("create", labels("rule:B4.create", "must")),
			spec("helper", failed("connection refused")),
		), report.Options{}, report.ExitNotConformant, "1 spec failed outside any rule"),
		Entry("an AfterSuite failure", run(
			spec("create", labels("rule:B4.create", "must")),
			spec("", nodeType(types.NodeTypeAfterSuite), failed("cleanup failed")),
		), report.Options{}, report.ExitNotConformant, "outside any rule"),
		Entry("a failing SHOULD spec still fails the Ginkgo run", run(
			spec("cors", labels("rule:B9.cors", "should"), failed("B9.cors: missing")),
		), report.Options{}, report.ExitNotConformant, "1 SHOULD spec failed"),
		Entry("nothing ran", run(
			spec("create", labels("rule:B4.create", "must"), skipped("")),
		), report.Options{}, report.ExitCouldNotJudge, "no spec ran"),
		Entry("suite setup failed", run(
			spec("", nodeType(types.NodeTypeBeforeSuite), failed("target did not start")),
			spec("create", labels("rule:B4.create", "must"), skipped("")),
		), report.Options{}, report.ExitCouldNotJudge, "target did not start"),
		Entry("interrupted", func() types.Report {
			r := run(spec("create", labels("rule:B4.create", "must")))
			r.SpecialSuiteFailureReasons = []string{"Interrupted by User"}
			return r
		}(), report.Options{}, report.ExitCouldNotJudge, "interrupted"),
	)

	It("lists certification gaps with their reasons", func() {
		s := report.Build(brokenRun(), report.Options{Catalogue: catalogue, Certify: true})
		Expect(s.Verdict.CertifyGaps).To(ConsistOf(
			"B1.envelope-shape: no spec ran it",
			"B4.create: not applicable: profile \"mini\" does not declare resource pipelines",
		))
	})

	It("certifies a target whose only gaps are specs about the other authentication mode, or swept rules", func() {
		var specs []types.SpecReport
		for _, r := range catalogue {
			specs = append(specs, spec(r.ID, labels("rule:"+r.ID, strings.ToLower(r.Level))))
		}
		specs = append(specs, spec("open server", labels("rule:B4.create", "must"),
			skipped(profile.NotApplicable+profile.OnlyWithoutAuth+"profile \"everything\" declares user_authentication: on")))
		specs = specs[1:] // B1.envelope-shape has no labelled spec: it is swept
		s := report.Build(run(specs...), report.Options{Catalogue: catalogue, Certify: true, Swept: []string{"B1.envelope-shape"}})
		Expect(s.Verdict.CertifyGaps).To(BeEmpty())
		Expect(s.Verdict.ExitCode).To(Equal(report.ExitConformant), s.Verdict.Reason)
	})

	It("charges a failure to the rule its message names, leaving the other unjudged", func() {
		s := report.Build(run(
			spec("create and read back", labels("rule:B4.create", "rule:B1.envelope-shape", "must"),
				failed("B1.envelope-shape: error.type missing")),
		), report.Options{Catalogue: catalogue})
		Expect(ruleOf(s, "B1.envelope-shape").State).To(Equal(report.Fail))
		Expect(ruleOf(s, "B4.create").State).To(Equal(report.Skipped))
		Expect(ruleOf(s, "B4.create").Reason).To(ContainSubstring("failed earlier on B1.envelope-shape"))
	})

	It("charges a failure naming no rule to all of the spec's rules", func() {
		s := report.Build(run(
			spec("create", labels("rule:B4.create", "rule:B1.envelope-shape", "must"), failed("Expected 200, got 500")),
		), report.Options{Catalogue: catalogue})
		Expect(ruleOf(s, "B1.envelope-shape").State).To(Equal(report.Fail))
		Expect(ruleOf(s, "B4.create").State).To(Equal(report.Fail))
		Expect(s.Counts.MustFailed).To(Equal(2))
	})

	It("charges a harness.Verify failure to the rule it names, even without that rule's label", func() {
		s := report.Build(run(
			spec("users create", labels("rule:B4.create", "must"), failed("[B7.no-secrets MUST] GET /api/users/3: password_hash")),
		), report.Options{Catalogue: catalogue})
		Expect(ruleOf(s, "B7.no-secrets").State).To(Equal(report.Fail))
		Expect(ruleOf(s, "B7.no-secrets").Reason).To(Equal("GET /api/users/3: password_hash"))
		Expect(ruleOf(s, "B4.create").State).To(Equal(report.Skipped))
		Expect(s.Unruled).To(BeEmpty())
	})

	It("judges a swept rule by every spec that ran, listing only the specs that broke it", func() {
		opts := report.Options{Catalogue: catalogue, Swept: []string{"B7.no-secrets"}}
		held := report.Build(run(
			spec("a", labels("rule:B4.create", "must")),
			spec("b", labels("rule:B4.delete", "must")),
			spec("c", labels("rule:B4.delete", "must"), skipped("not applicable: no")),
		), opts)
		Expect(ruleOf(held, "B7.no-secrets").State).To(Equal(report.Pass))
		Expect(ruleOf(held, "B7.no-secrets").Swept).To(Equal(2))
		Expect(ruleOf(held, "B7.no-secrets").Specs).To(BeEmpty())

		broken := report.Build(run(
			spec("a", labels("rule:B4.create", "must")),
			spec("b", labels("rule:B4.delete", "must"), failed("[B7.no-secrets MUST] leak")),
		), opts)
		rr := ruleOf(broken, "B7.no-secrets")
		Expect(rr.State).To(Equal(report.Fail))
		Expect(rr.Swept).To(Equal(1))
		Expect(rr.Specs).To(HaveLen(1))
		Expect(rr.Specs[0].Text).To(HaveSuffix(" b"))
	})

	It("counts a spec's own rules as held when a rule checked after its body failed", func() {
		s := report.Build(run(
			spec("users create", labels("rule:B4.create", "must", "resource:users", "action:create"),
				failed("[B7.no-secrets MUST] leak"), inAfterEach()),
			spec("users delete", labels("rule:B4.delete", "must", "resource:users", "action:delete"),
				failed("[B7.no-secrets MUST] leak")),
		), report.Options{Catalogue: catalogue})
		Expect(ruleOf(s, "B4.create").State).To(Equal(report.Pass))
		Expect(cell(s.Resources, "users", "create")).To(Equal(report.Pass))
		// Failing inside the body, the spec's own checks did not all run.
		Expect(ruleOf(s, "B4.delete").State).To(Equal(report.Skipped))
		Expect(cell(s.Resources, "users", "delete")).To(Equal(report.Skipped))
		Expect(ruleOf(s, "B7.no-secrets").State).To(Equal(report.Fail))
	})

	It("keeps the verdict one readable line however many rules failed", func() {
		var many []report.Rule
		var specs []types.SpecReport
		for i := 1; i <= 8; i++ {
			id := fmt.Sprintf("B4.r%d", i)
			many = append(many, report.Rule{ID: id, Level: "MUST", Section: "B4"})
			specs = append(specs, spec(id, labels("rule:"+id, "must"), failed("["+id+" MUST] broken")))
		}
		v := report.Build(run(specs...), report.Options{Catalogue: many}).Verdict
		Expect(v.Reason).To(Equal("not conformant: 8 MUST rules failed (B4.r1, B4.r2, B4.r3, B4.r4, B4.r5, B4.r6 and 2 more)"))
	})

	It("does not mistake a longer id for a shorter one", func() {
		s := report.Build(run(
			spec("create", labels("rule:B4.create", "rule:B4.create-twice", "must"), failed("B4.create-twice: duplicate accepted")),
		), report.Options{})
		Expect(ruleOf(s, "B4.create-twice").State).To(Equal(report.Fail))
		Expect(ruleOf(s, "B4.create").State).To(Equal(report.Skipped))
	})

	It("reports rule labels the catalogue lacks", func() {
		s := report.Build(run(spec("x", labels("rule:B2.typo", "should"))), report.Options{Catalogue: catalogue})
		rr := ruleOf(s, "B2.typo")
		Expect(rr.InCatalogue).To(BeFalse())
		Expect(rr.Level).To(Equal("SHOULD"))
		Expect(rr.Section).To(Equal("B2"))
		Expect(ruleOf(s, "B4.create").InCatalogue).To(BeTrue())
	})

	It("ignores reporting nodes, which judge nothing about the target", func() {
		s := report.Build(run(
			spec("create", labels("rule:B4.create", "must")),
			spec("", nodeType(types.NodeTypeReportAfterSuite), failed("certification refused")),
		), report.Options{Catalogue: catalogue})
		Expect(s.Verdict.ExitCode).To(Equal(report.ExitConformant))
	})
})
