package report_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/redact"
	"github.com/mageconform/mageconform/harness/report"
)

// noAnswer is the entry the harness leaves when a request got no HTTP answer, at a point of
// the spec's timeline.
func noAnswer(order int) specOpt {
	return func(s *types.SpecReport) {
		s.ReportEntries = append(s.ReportEntries, types.ReportEntry{
			Name: "transport-error", Value: types.WrapEntryValue("GET http://127.0.0.1:1/api/users: connection reset by peer"),
			TimelineLocation: types.TimelineLocation{Order: order},
		})
	}
}

// failedAt is a failure at a point of the spec's timeline.
func failedAt(msg string, order int) specOpt {
	return func(s *types.SpecReport) {
		s.State = types.SpecStateFailed
		s.Failure = types.Failure{Message: msg, TimelineLocation: types.TimelineLocation{Order: order}}
	}
}

func state(st types.SpecState) specOpt {
	return func(s *types.SpecReport) { s.State = st }
}

// stoppedRun is a target that answered the first specs and then reset every connection.
func stoppedRun() types.Report {
	return run(
		spec("users create", labels("resource:users", "action:create", "rule:B4.create", "must")),
		spec("users delete", labels("resource:users", "action:delete", "rule:B4.delete", "must"),
			noAnswer(1), failedAt("expected a success envelope, but: no response", 2)),
		spec("users detail", labels("resource:users", "action:detail", "rule:B4.create", "must"),
			noAnswer(1), noAnswer(2), failedAt("the target stopped answering: GET http://127.0.0.1:1/api/users/1: connection reset by peer", 3),
			state(types.SpecStateAborted)),
		spec("users list", labels("resource:users", "action:list", "rule:B4.create", "must"), skipped("")),
	)
}

var _ = Describe("specs that could not be judged", func() {
	It("are errors, not failures, when a request got no HTTP answer before the spec failed", func() {
		s := report.Build(stoppedRun(), report.Options{Catalogue: catalogue})
		Expect(s.Counts.Errored).To(Equal(2))
		Expect(s.Counts.Failed).To(BeZero())
		Expect(s.Counts.MustFailed).To(BeZero())
		Expect(ruleOf(s, "B4.delete").State).To(Equal(report.Error))
		Expect(ruleOf(s, "B4.create").State).To(Equal(report.Error), "a rule one spec could not check does not hold")
		Expect(cell(s.Resources, "users", "delete")).To(Equal(report.Error))
		Expect(cell(s.Resources, "users", "create")).To(Equal(report.Pass))
		Expect(s.Errors).To(HaveLen(2))
	})

	It("exit 2 with one reason saying the target stopped answering", func() {
		v := report.Build(stoppedRun(), report.Options{Catalogue: catalogue}).Verdict
		Expect(v.ExitCode).To(Equal(report.ExitCouldNotJudge))
		Expect(v.Reason).To(HavePrefix("could not judge: the target stopped answering: "))
		Expect(v.Reason).NotTo(ContainSubstring("\n"))
	})

	It("say so also when the harness did not stop the run", func() {
		v := report.Build(run(
			spec("create", labels("rule:B4.create", "must")),
			spec("delete", labels("rule:B4.delete", "must"), noAnswer(1), failedAt("no response", 2)),
		), report.Options{Catalogue: catalogue}).Verdict
		Expect(v.ExitCode).To(Equal(report.ExitCouldNotJudge))
		Expect(v.Reason).To(HavePrefix("could not judge: the target stopped answering: GET "))
	})

	It("do not hide a MUST failure found before: the run is not conformant", func() {
		r := stoppedRun()
		r.SpecReports = append(r.SpecReports, spec("pipelines create", labels("rule:B4.create", "must"), failedAt("[B4.create MUST] not stored", 1)))
		v := report.Build(r, report.Options{Catalogue: catalogue}).Verdict
		Expect(v.ExitCode).To(Equal(report.ExitNotConformant))
		Expect(v.Reason).To(ContainSubstring("1 MUST rule failed (B4.create)"))
		Expect(v.Reason).To(ContainSubstring("2 specs could not be judged"))
	})

	It("leave a failure that came before the missing answer a failure", func() {
		s := report.Build(run(
			spec("delete", labels("rule:B4.delete", "must"), failedAt("[B4.delete MUST] still there", 1), noAnswer(2)),
		), report.Options{Catalogue: catalogue})
		Expect(ruleOf(s, "B4.delete").State).To(Equal(report.Fail))
		Expect(s.Verdict.ExitCode).To(Equal(report.ExitNotConformant))
	})

	It("include specs that ran out of time", func() {
		s := report.Build(run(
			spec("create", labels("rule:B4.create", "must")),
			spec("delete", labels("rule:B4.delete", "must"), failedAt("A spec timeout occurred", 1), state(types.SpecStateTimedout)),
		), report.Options{Catalogue: catalogue})
		Expect(ruleOf(s, "B4.delete").State).To(Equal(report.Error))
		Expect(s.Verdict.ExitCode).To(Equal(report.ExitCouldNotJudge))
	})

	It("count a cleanup node without an answer as an error, not a failure outside any rule", func() {
		s := report.Build(run(
			spec("create", labels("rule:B4.create", "must")),
			spec("", nodeType(types.NodeTypeAfterSuite), noAnswer(1), failedAt("cleanup: no response", 2)),
		), report.Options{Catalogue: catalogue})
		Expect(s.Unruled).To(BeEmpty())
		Expect(s.Verdict.ExitCode).To(Equal(report.ExitCouldNotJudge))
	})

	It("a run that exceeded its time limit with nothing failed could not be judged", func() {
		r := run(spec("create", labels("rule:B4.create", "must")))
		r.SpecialSuiteFailureReasons = []string{"Suite Timeout Elapsed"}
		v := report.Build(r, report.Options{Catalogue: catalogue}).Verdict
		Expect(v.ExitCode).To(Equal(report.ExitCouldNotJudge))
		Expect(v.Reason).To(ContainSubstring("time limit"))
	})

	Describe("in the outputs", Ordered, func() {
		var dir, text string
		BeforeAll(func() {
			dir = GinkgoT().TempDir()
			r := stoppedRun()
			s := report.Build(r, report.Options{Catalogue: catalogue})
			var b strings.Builder
			Expect(report.WriteText(&b, s)).To(Succeed())
			text = b.String()
			_, err := report.WriteFiles(dir, r, s)
			Expect(err).NotTo(HaveOccurred())
		})
		read := func(name string) string {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			Expect(err).NotTo(HaveOccurred())
			return string(raw)
		}

		It("the summary lists them apart and counts them", func() {
			Expect(text).To(ContainSubstring("Could not judge (no HTTP answer): 2 specs\n"))
			Expect(text).To(MatchRegexp(`(?m)^  ERROR .*users delete: no HTTP answer: GET `))
			Expect(text).To(MatchRegexp(`(?m)^  ERROR B4.delete \(MUST\): `))
			Expect(text).To(ContainSubstring("2 failed (2 of them errors: no HTTP answer)"))
			Expect(text).To(MatchRegexp(`(?m)^\s+users\s+pass\s+error\s+skipped\s+-\s+error\s*$`))
		})

		It("junit.xml has an <error>, not a <failure>, for each", func() {
			var suites reporters.JUnitTestSuites
			Expect(xml.Unmarshal([]byte(read(report.FileJUnit)), &suites)).To(Succeed())
			Expect(suites.Failures).To(BeZero())
			Expect(suites.Errors).To(Equal(2))
			Expect(suites.TestSuites[0].Errors).To(Equal(2))
			errs := 0
			for _, tc := range suites.TestSuites[0].TestCases {
				Expect(tc.Failure).To(BeNil())
				if tc.Error != nil {
					errs++
					Expect(tc.Error.Type).To(Equal("error"))
				}
			}
			Expect(errs).To(Equal(2))
		})

		It("summary.json and report.html show the state error", func() {
			var got report.Summary
			Expect(json.Unmarshal([]byte(read(report.FileSummary)), &got)).To(Succeed())
			Expect(got.Counts.Errored).To(Equal(2))
			Expect(got.Verdict.ExitCode).To(Equal(report.ExitCouldNotJudge))
			Expect(ruleOf(&got, "B4.delete").State).To(Equal(report.Error))
			page := read(report.FileHTML)
			Expect(page).To(ContainSubstring(`<td class="cell st-error">error</td>`))
			Expect(page).To(ContainSubstring(`id="rule-B4.delete" data-state="error"`))
		})
	})
})

var _ = Describe("the target line", func() {
	It("says a run without a target judged the built-in reference, in its compat mode", func() {
		s := report.Build(run(spec("create", labels("rule:B4.create", "must"))), report.Options{Catalogue: catalogue,
			Config: map[string]string{"CONFORMANCE_TARGET_URL": "", "CONFORMANCE_TARGET_IMAGE": "", "CONFORMANCE_COMPAT": "mage-0.9.79"}})
		Expect(s.Target).To(Equal(&report.TargetInfo{Description: "the built-in reference server (compat mage-0.9.79)", BuiltIn: true, Compat: "mage-0.9.79"}))
		var b strings.Builder
		Expect(report.WriteText(&b, s)).To(Succeed())
		Expect(b.String()).To(ContainSubstring("\ntarget: judging the built-in reference server (compat mage-0.9.79)\n"))
		var page strings.Builder
		Expect(report.WriteHTML(&page, s)).To(Succeed())
		// The page's header names what a reviewer needs to know before reading a verdict.
		Expect(page.String()).To(ContainSubstring("<h1>mageconform conformance report: the built-in reference server (compat mage-0.9.79)</h1>"))
		Expect(page.String()).To(ContainSubstring("<tr><th>target</th><td>the built-in reference server (compat mage-0.9.79)</td></tr>"))
		Expect(page.String()).To(ContainSubstring("<tr><th>compat</th><td>mage-0.9.79 (the built-in reference)</td></tr>"))
		Expect(page.String()).To(MatchRegexp(`<tr><th>mageconform</th><td>[^<]+; rules \d+-[0-9a-f]{12}</td></tr>`))
		Expect(page.String()).To(ContainSubstring("<tr><th>profile</th>"))
	})

	It("names a URL target, and says nothing when the configuration does not tell", func() {
		s := report.Build(run(), report.Options{Config: map[string]string{"CONFORMANCE_TARGET_URL": "http://mage:6789"}})
		Expect(s.Target.Description).To(Equal("http://mage:6789"))
		Expect(s.Target.BuiltIn).To(BeFalse())
		Expect(report.Build(run(), report.Options{Config: map[string]any{"strict": true}}).Target).To(BeNil())
	})
})

var _ = Describe("redaction of the outputs", Ordered, func() {
	const key = "sekrit-api-key-0123456789"
	const jwtish = "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbiI6Im1pbmUifQ.c2lnbmF0dXJlcw"
	var dir, text string
	BeforeAll(func() {
		previous := redact.Use(redact.New())
		DeferCleanup(func() { redact.Use(previous) })
		redact.Remember(key, "CONFORMANCE_API_KEY")
		leak := "GET http://t/api/users?api_key=" + key + " answered with " + jwtish + " & <" + key + ">"
		r := run(
			spec("users detail", labels("resource:users", "action:detail", "rule:B4.create", "must"),
				failed("[B4.create MUST] "+leak), entry("transcript", leak), entry("curl", "curl 'http://t/?api_key="+key+"'")),
		)
		r.SpecReports[0].CapturedGinkgoWriterOutput = leak
		s := report.Build(r, report.Options{Catalogue: catalogue, Config: map[string]string{"note": leak}})
		var b strings.Builder
		Expect(report.WriteText(&b, s)).To(Succeed())
		text = b.String()
		dir = GinkgoT().TempDir()
		_, err := report.WriteFiles(dir, r, s)
		Expect(err).NotTo(HaveOccurred())
	})

	It("keeps every known secret and JWT out of the summary and every file", func() {
		Expect(text).To(ContainSubstring("<redacted:CONFORMANCE_API_KEY>"))
		outputs := map[string]string{"summary": text}
		for _, name := range []string{report.FileJUnit, report.FileJSON, report.FileSummary, report.FileHTML} {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			Expect(err).NotTo(HaveOccurred())
			outputs[name] = string(raw)
		}
		for name, out := range outputs {
			Expect(out).NotTo(ContainSubstring(key), name)
			Expect(out).NotTo(ContainSubstring("sekrit"), name)
			Expect(out).NotTo(ContainSubstring(jwtish), name)
		}
		var suites reporters.JUnitTestSuites
		Expect(xml.Unmarshal([]byte(outputs[report.FileJUnit]), &suites)).To(Succeed(), "the redacted XML stays well formed")
		Expect(json.Valid([]byte(outputs[report.FileJSON]))).To(BeTrue())
		Expect(json.Valid([]byte(outputs[report.FileSummary]))).To(BeTrue())
	})
})
