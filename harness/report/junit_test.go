package report_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/report"
)

// failedCheck is the finding entry a failed check leaves (harness.Finding), with its reason.
func failedCheck(rule, level, reason string) specOpt {
	raw, err := json.Marshal(map[string]any{"rule": rule, "level": level, "reason": reason, "cause": reason, "curl": curl})
	if err != nil {
		panic(err)
	}
	return entry("finding", string(raw))
}

// additional is a later failure of the spec (a sweep after the spec's own check had failed).
func additional(msg string) specOpt {
	return func(s *types.SpecReport) {
		s.AdditionalFailures = append(s.AdditionalFailures, types.AdditionalFailure{State: types.SpecStateFailed, Failure: types.Failure{Message: msg, FailureNodeType: types.NodeTypeCleanupAfterEach}})
	}
}

// JUnit, issue 11 point 7: one test case per spec, classnames per Part B section, and a spec
// whose failure includes a rule checked over the whole spec filed under that rule.
var _ = Describe("junit.xml", func() {
	swept := []string{"B1.envelope-shape", "B7.no-secrets"}
	r := run(
		// Only its own rule failed: its own section, its own name.
		spec("B3 key in header", labels("key:header", "rule:B3.key-header", "must"),
			failed("[B3.key-header MUST] the key in X-API-KEY was refused"), failedCheck("B3.key-header", "MUST", "the key in X-API-KEY was refused")),
		// Its body held; the sweep after it failed: filed under the swept rule.
		spec("B4 users create", labels("resource:users", "action:create", "rule:B4.create", "must"),
			failed("[B1.envelope-shape MUST] an error answer breaks the envelope"), inAfterEach(),
			failedCheck("B1.envelope-shape", "MUST", "error.type is missing (GET /api/users/9)")),
		// Its own rule failed first, then a sweep: the swept rule decides.
		spec("B4 users delete", labels("resource:users", "action:delete", "rule:B4.delete", "must"),
			failed("[B4.delete MUST] the record is still there"), failedCheck("B4.delete", "MUST", "the record is still there"),
			additional("[B7.no-secrets MUST] an answer carries a sensitive attribute"),
			failedCheck("B7.no-secrets", "MUST", "the answer carries password_hash (GET /api/users/9)")),
		spec("B4 users detail", labels("resource:users", "action:detail", "rule:B4.create", "must")),
		spec("B9 CORS headers", labels("headers", "rule:B9.cors", "should"), entry("should-violation", "B9.cors: no Access-Control-Allow-Origin")),
		spec("B10 unknown resource", labels("errors", "rule:B10.unknown-resource", "should"), skipped("")),
		spec("[AfterSuite]", nodeType(types.NodeTypeAfterSuite)),
	)
	var suites reporters.JUnitTestSuites
	var s *report.Summary
	BeforeEach(func() {
		dir := GinkgoT().TempDir()
		s = report.Build(r, report.Options{Catalogue: catalogue, Swept: swept})
		_, err := report.WriteFiles(dir, r, s)
		Expect(err).NotTo(HaveOccurred())
		raw, err := os.ReadFile(filepath.Join(dir, report.FileJUnit))
		Expect(err).NotTo(HaveOccurred())
		suites = reporters.JUnitTestSuites{}
		Expect(xml.Unmarshal(raw, &suites)).To(Succeed())
	})
	byName := func() map[string]reporters.JUnitTestCase {
		out := map[string]reporters.JUnitTestCase{}
		for _, tc := range suites.TestSuites[0].TestCases {
			out[tc.Name] = tc
		}
		return out
	}

	It("counts one test per spec run, suite nodes that held left out", func() {
		Expect(s.Counts.Specs).To(Equal(6))
		Expect(suites.Tests).To(Equal(s.Counts.Specs))
		Expect(suites.TestSuites[0].Tests).To(Equal(s.Counts.Specs))
		Expect(suites.TestSuites[0].TestCases).To(HaveLen(s.Counts.Specs))
		Expect(suites.Failures).To(Equal(3))
	})

	It("files a spec that failed its own rule only under its own section and name", func() {
		tc, ok := byName()["conformance B3 key in header"]
		Expect(ok).To(BeTrue(), "test cases: %v", byName())
		Expect(tc.Classname).To(Equal("B3 Authentication"))
		Expect(tc.Failure.Message).To(Equal("[B3.key-header] the key in X-API-KEY was refused"))
	})

	It("files a failure of a rule checked over the whole spec under that rule, named after it", func() {
		tc, ok := byName()["B1.envelope-shape: conformance B4 users create"]
		Expect(ok).To(BeTrue(), "test cases: %v", byName())
		Expect(tc.Classname).To(Equal("B1 Error envelope"))
		Expect(tc.Failure.Type).To(Equal("B1.envelope-shape"))
		Expect(tc.Failure.Message).To(Equal("[B1.envelope-shape] error.type is missing (GET /api/users/9)"))
	})

	It("lets the rule checked over the whole spec decide when the spec's own rule failed too", func() {
		tc, ok := byName()["B7.no-secrets: conformance B4 users delete"]
		Expect(ok).To(BeTrue(), "test cases: %v", byName())
		Expect(tc.Classname).To(Equal("B7 Presenters"))
		Expect(tc.Failure.Message).To(Equal("[B7.no-secrets, B4.delete] the answer carries password_hash (GET /api/users/9)"))
		Expect(tc.Failure.Description).To(ContainSubstring("the record is still there"), "the spec's own failure stays in the text")
	})

	It("charges the later failure's rule in the summary too", func() {
		for _, rr := range s.Rules {
			if rr.ID == "B7.no-secrets" {
				Expect(rr.State).To(Equal(report.Fail))
				Expect(rr.Reason).To(ContainSubstring("password_hash"))
				return
			}
		}
		Fail("no rule B7.no-secrets in the summary")
	})

	It("keeps passing, warned and skipped specs under their own section", func() {
		cases := byName()
		Expect(cases).To(HaveKeyWithValue("conformance B4 users detail", HaveField("Classname", "B4 Base CRUD")))
		Expect(cases).To(HaveKeyWithValue("conformance B9 CORS headers", HaveField("Classname", "B9 Headers")))
		Expect(cases).To(HaveKeyWithValue("conformance B10 unknown resource", HaveField("Classname", "B10 Unknown resource")))
	})
})
