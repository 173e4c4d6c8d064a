package harness

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"
)

// The Ginkgo half of the tests: what Verify and AttachRecorder leave in a real spec report.
func TestHarnessInGinkgo(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "harness")
}

func entry(report SpecReport, name string) (string, bool) {
	for _, e := range report.ReportEntries {
		if e.Name == name {
			return e.StringRepresentation(), true
		}
	}
	return "", false
}

var _ = Describe("Verify", Label("harness"), func() {
	It("lets a failed SHOULD rule pass with a should-violation entry", func() {
		Verify(shouldRule, false, func(g Gomega) { g.Expect("mage").To(Equal("intended"), "unknown resource") })
		got, ok := entry(CurrentSpecReport(), ReportEntryShouldViolation)
		Expect(ok).To(BeTrue())
		Expect(got).To(HavePrefix("B10.unknown-resource: "))
		Expect(got).To(ContainSubstring("unknown resource"))
	})

	It("lets a Skip inside the rule body through as a skip", Label("skip-through"), func() {
		Verify(shouldRule, false, func(g Gomega) { Skip("checks Verify passes Ginkgo's Skip through") })
		Fail("Skip did not stop the spec")
	})

	ReportAfterEach(func(report SpecReport) {
		if !slices.Contains(report.Labels(), "skip-through") {
			return
		}
		if _, ok := entry(report, ReportEntryShouldViolation); ok || !report.State.Is(types.SpecStateSkipped) {
			Fail(fmt.Sprintf("a Skip inside Verify became %s with entries %v", report.State, report.ReportEntries))
		}
	})

	It("leaves no entry when the rule holds", func() {
		Verify(mustRule, true, func(g Gomega) { g.Expect(1).To(Equal(1)) })
		Verify(shouldRule, false, func(g Gomega) { g.Expect(1).To(Equal(1)) })
		Expect(CurrentSpecReport().ReportEntries).To(BeEmpty())
	})
})

var _ = Describe("AttachRecorder", Label("harness"), func() {
	var rec *Recorder

	BeforeEach(func() {
		rec = NewRecorder()
		AttachRecorder(rec)
	})

	It("publishes the transcript and the curl of the exchange a matcher rejected", Label("attach"), func() {
		f := newFakeMage(GinkgoT())
		c := NewClient(f.srv.URL, f.config(), rec)
		rejected := c.Get("/api/users/1")
		Expect(rejected).NotTo(BeSuccess("user")) // the fake wants a token: 403 envelope
		// Later checks that pass, and later traffic, must not steal the curl.
		Expect(c.Get("/api/status", WithoutKey())).To(BeSuccess("statuses"))
		c.Get("/api/status")
	})

	ReportAfterEach(func(report SpecReport) {
		if !slices.Contains(report.Labels(), "attach") || report.State.Is(types.SpecStateSkipped) {
			return
		}
		transcript, ok := entry(report, ReportEntryTranscript)
		if !ok || !strings.Contains(transcript, "=== #3 GET") || strings.Contains(transcript, fakeKey) {
			Fail("transcript entry missing or unredacted: " + transcript)
		}
		curl, ok := entry(report, ReportEntryCurl)
		if !ok || !strings.Contains(curl, "/api/users/1") || !strings.Contains(curl, "$CONFORMANCE_API_KEY") {
			Fail("curl entry should reproduce the rejected request: " + curl)
		}
	})
})

// Failing rules can only be observed from outside a spec, so TestVerifyFailsTheSpec runs these
// in a child process; in an ordinary run they skip.
var _ = Describe("Verify on a failing rule", Label("verify-fail"), func() {
	BeforeEach(func() {
		if os.Getenv(verifyFailEnv) == "" {
			Skip("run by TestVerifyFailsTheSpec in a child process")
		}
	})

	It("fails the spec for a MUST rule", func() {
		Verify(mustRule, false, func(g Gomega) { g.Expect("html").To(Equal("json"), "must-detail") })
	})

	It("fails the spec for a SHOULD rule in strict mode", func() {
		Verify(shouldRule, true, func(g Gomega) { g.Expect(500).To(Equal(404), "strict-detail") })
	})
})
