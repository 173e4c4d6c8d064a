package harness

import (
	"sync/atomic"

	"github.com/onsi/ginkgo/v2"
)

// Report entry names shared with harness/report (see docs/architecture.md).
const (
	ReportEntryTranscript = "transcript"
	ReportEntryCurl       = "curl"
)

// AttachRecorder makes the current spec publish rec when it ends: the redacted transcript of
// every exchange, and a curl for the request the failing check looked at (else the last one).
// Call it once per spec from a BeforeEach (or AfterEach); it defers its work to spec cleanup.
func AttachRecorder(rec *Recorder) {
	currentRecorder.Store(rec)
	ginkgo.DeferCleanup(func() { publishRecorder(rec) })
}

// currentRecorder is the running spec's recorder, where a failed check that looked at no
// answer finds the request to reproduce (one spec runs at a time in a process).
var currentRecorder atomic.Pointer[Recorder]

func publishRecorder(rec *Recorder) {
	logExchanges(rec) // CONFORMANCE_EXCHANGE_LOG, for mageconform diff (exchangelog.go)
	if rec == nil || len(rec.Exchanges()) == 0 {
		return
	}
	ginkgo.AddReportEntry(ReportEntryTranscript, Redact(rec.Transcript()), ginkgo.ReportEntryVisibilityFailureOrVerbose)
	if focus := rec.Focus(); focus != nil {
		ginkgo.AddReportEntry(ReportEntryCurl, Redact(Curl(focus)), ginkgo.ReportEntryVisibilityFailureOrVerbose)
	}
}
