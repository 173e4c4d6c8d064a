package harness

import (
	"context"
	"errors"
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

	It("redacts the secrets in a failed rule's message", func() {
		RememberSecret(childSecret, VarSecret)
		Verify(mustRule, false, func(g Gomega) { g.Expect(childSecret).To(BeEmpty(), "verify-redacted") })
	})

	It("redacts the secrets in a failed Expect when RedactedFail is the fail handler", func() {
		RememberSecret(childSecret, VarSecret)
		NewGomega(RedactedFail).Expect(childSecret).To(BeEmpty(), "handler-redacted")
	})
})

// childSecret is a secret the failing child specs print.
const childSecret = "child-secret-0123456789"

var _ = Describe("a request without an HTTP answer", Label("harness"), func() {
	BeforeEach(func() { freshSecrets(GinkgoT()) })

	It("leaves a redacted transport-error entry on the spec", func() {
		cfg := DefaultConfig()
		cfg.APIKey = "entry-key-that-must-not-show-0123"
		r := NewClient(closedURL(GinkgoT()), cfg, nil).Get("/api/users", WithKey(KeyQuery))
		Expect(IsTransportError(r.Err)).To(BeTrue())
		got, ok := entry(CurrentSpecReport(), ReportEntryTransportError)
		Expect(ok).To(BeTrue())
		Expect(got).To(HavePrefix("GET "))
		Expect(got).NotTo(ContainSubstring(cfg.APIKey))
	})

	It("leaves none when the caller cancelled the request", func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := NewClient(closedURL(GinkgoT()), DefaultConfig(), nil).WithContext(ctx).Get("/api/status")
		var te *TransportError
		Expect(errors.As(r.Err, &te)).To(BeTrue())
		Expect(te.Canceled).To(BeTrue())
		_, ok := entry(CurrentSpecReport(), ReportEntryTransportError)
		Expect(ok).To(BeFalse())
	})
})

// The run stops after TransportErrorLimit requests in a row without an answer; observed from
// outside by TestTargetStoppedAnsweringStopsTheRun, so these skip in an ordinary run.
var _ = Describe("a target that stopped answering", Ordered, Label("transport-abort"), func() {
	BeforeAll(func() {
		if os.Getenv(transportAbortEnv) == "" {
			Skip("run by TestTargetStoppedAnsweringStopsTheRun in a child process")
		}
	})

	It("stops the run after a few requests in a row without an answer", func() {
		c := NewClient(closedURL(GinkgoT()), DefaultConfig(), nil)
		for range 2 * TransportErrorLimit {
			c.Get("/api/status")
		}
		Fail("the run went on after the target stopped answering")
	})

	It("never runs", func() {})
})
