package report_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/report"
)

var _ = Describe("the terminal summary", func() {
	It("shows the matrices, the failed rules one line each, the counts and the verdict", func() {
		var b strings.Builder
		s := report.Build(brokenRun(), report.Options{Catalogue: catalogue, Profile: report.ProfileInfo{Name: "mini", LeavesOut: []string{"resource pipelines"}}})
		Expect(report.WriteText(&b, s)).To(Succeed())
		out := b.String()
		Expect(out).To(ContainSubstring("profile: mini (leaves out: resource pipelines)"))
		Expect(out).To(MatchRegexp(`(?m)^\s+create\s+detail\s+list\s+update\s+delete\s*$`))
		Expect(out).To(MatchRegexp(`(?m)^\s+users\s+pass\s+fail\s+-\s+-\s+pass\s*$`))
		Expect(out).To(MatchRegexp(`(?m)^\s+pipelines\s+n/a\s+-\s+-\s+-\s+-\s*$`))
		Expect(out).To(MatchRegexp(`(?m)^\s+body\s+-\s+-\s+-\s+pass\s*$`))
		Expect(out).To(ContainSubstring("FAIL B7.no-secrets (MUST): response carries password_hash\n       reproduce: " + curl + "\n"))
		Expect(out).To(ContainSubstring("WARN B9.cors (SHOULD): no Access-Control-Allow-Origin"))
		Expect(out).To(ContainSubstring("MUST failures: 1   SHOULD failures: 1 (reported only)"))
		Expect(out).To(ContainSubstring("MUST rules not judged: B1.envelope-shape (untested)\n"))
		Expect(strings.TrimSpace(out)).To(HaveSuffix("Verdict (exit 1): not conformant: 1 MUST rule failed (B7.no-secrets)"))
	})

	It("lists failed rules before SHOULD warnings", func() {
		var b strings.Builder
		Expect(report.WriteText(&b, report.Build(brokenRun(), report.Options{Catalogue: catalogue}))).To(Succeed())
		Expect(strings.Index(b.String(), "FAIL B7")).To(BeNumerically("<", strings.Index(b.String(), "WARN B9")))
	})
})

var _ = Describe("the report files", Ordered, func() {
	var dir string
	var s *report.Summary
	BeforeAll(func() {
		dir = filepath.Join(GinkgoT().TempDir(), "reports", "run1")
		r := brokenRun()
		s = report.Build(r, report.Options{
			Catalogue: catalogue,
			Config:    map[string]any{"target_url": "http://127.0.0.1:6789", "api_key": "[REDACTED]", "strict": false},
		})
		paths, err := report.WriteFiles(dir, r, s)
		Expect(err).NotTo(HaveOccurred())
		Expect(paths).To(HaveLen(5))
	})
	read := func(name string) string {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		Expect(err).NotTo(HaveOccurred())
		return string(raw)
	}

	It("writes JUnit XML whose failed test names the rule and carries the transcript and curl line", func() {
		var suites reporters.JUnitTestSuites
		Expect(xml.Unmarshal([]byte(read(report.FileJUnit)), &suites)).To(Succeed())
		Expect(suites.TestSuites).To(HaveLen(1))
		Expect(suites.Failures).To(Equal(1))
		var broken *reporters.JUnitTestCase
		for i, tc := range suites.TestSuites[0].TestCases {
			if tc.Failure != nil {
				broken = &suites.TestSuites[0].TestCases[i]
			}
		}
		Expect(broken).NotTo(BeNil())
		Expect(broken.Name).To(Equal("conformance users detail hides secrets"))
		Expect(broken.Classname).To(Equal("B7 Presenters"))
		Expect(broken.Failure.Message).To(Equal("[B7.no-secrets] response carries password_hash"))
		Expect(broken.Failure.Type).To(Equal("B7.no-secrets"))
		Expect(broken.Failure.Description).To(ContainSubstring(curl))
		Expect(broken.Failure.Description).To(ContainSubstring("password_hash"))
		Expect(broken.Properties.WithName("curl")).To(ContainSubstring("curl -sS"))
	})

	It("counts one JUnit test per spec, each filed under its Part B section", func() {
		var suites reporters.JUnitTestSuites
		Expect(xml.Unmarshal([]byte(read(report.FileJUnit)), &suites)).To(Succeed())
		Expect(suites.Tests).To(Equal(s.Counts.Specs))
		Expect(suites.TestSuites[0].TestCases).To(HaveLen(s.Counts.Specs))
		classes := map[string]bool{}
		for _, tc := range suites.TestSuites[0].TestCases {
			classes[tc.Classname] = true
		}
		Expect(classes).To(HaveKey("B4 Base CRUD"))
		Expect(classes).To(HaveKey("B3 Authentication"))
		Expect(classes).To(HaveKey("B9 Headers"))
	})

	It("writes the Ginkgo JSON report", func() {
		var rs []map[string]any
		Expect(json.Unmarshal([]byte(read(report.FileJSON)), &rs)).To(Succeed())
		Expect(rs).To(HaveLen(1))
		Expect(rs[0]).To(HaveKeyWithValue("SuiteDescription", "Mage conformance"))
	})

	It("writes summary.json with the configuration as given, matrices and per-rule results", func() {
		var got map[string]any
		Expect(json.Unmarshal([]byte(read(report.FileSummary)), &got)).To(Succeed())
		Expect(got).To(HaveKeyWithValue("config", HaveKeyWithValue("api_key", "[REDACTED]")))
		Expect(got).To(HaveKeyWithValue("verdict", HaveKeyWithValue("exit_code", BeNumerically("==", 1))))
		Expect(got).To(HaveKey("resources_by_action"))
		Expect(got).To(HaveKey("key_by_token"))
		var back report.Summary
		Expect(json.Unmarshal([]byte(read(report.FileSummary)), &back)).To(Succeed())
		Expect(back.Rules).To(HaveLen(len(s.Rules)))
		Expect(back.Resources).To(Equal(s.Resources))
	})

	It("writes a self-contained report.html with the matrices, failed rules and their curl lines", func() {
		page := read(report.FileHTML)
		Expect(page).To(ContainSubstring(`id="rule-B7.no-secrets"`))
		Expect(page).To(ContainSubstring(`href="#rule-B7.no-secrets"`))
		Expect(page).To(ContainSubstring("curl -sS -X GET -H &#39;X-API-KEY: $CONFORMANCE_API_KEY&#39;"))
		Expect(page).To(ContainSubstring(`<td class="cell st-fail">fail</td>`))
		Expect(page).To(ContainSubstring(`<td class="cell st-na">n/a</td>`))
		Expect(page).To(ContainSubstring("B10 Unknown resource"))
		Expect(strings.Index(page, "B9 Headers")).To(BeNumerically("<", strings.Index(page, "B10 Unknown resource")))
		Expect(page).To(ContainSubstring("[REDACTED]"))
		Expect(page).To(ContainSubstring("took 3s;"))
		Expect(page).To(ContainSubstring("MUST have an <code>error</code> object"))
		// No external assets: nothing is loaded from anywhere else.
		Expect(page).NotTo(MatchRegexp(`(?i)<(script|link|img)[^>]+(src|href)=`))
		Expect(regexp.MustCompile(`(?i)url\(`).FindString(page)).To(BeEmpty())
	})
})
