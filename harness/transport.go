package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/redact"
)

// ReportEntryTransportError names the report entry a request without an HTTP answer leaves
// on the running spec; harness/report shows a failed spec carrying one as "error" (could not
// judge), not as "fail".
const ReportEntryTransportError = "transport-error"

// TransportErrorLimit is how many requests in a row may go without an HTTP answer before the
// run stops with "the target stopped answering": a dead target would otherwise fail every
// remaining spec with the same message.
const TransportErrorLimit = 5

// StoppedAnswering starts the AbortSuite message of a run whose target stopped answering.
const StoppedAnswering = "the target stopped answering: "

// slowRequestAfter is when a request still waiting for its answer is reported, and
// slowRequestOut where besides GinkgoWriter (nil: stdout).
var (
	slowRequestAfter           = 5 * time.Second
	slowRequestOut   io.Writer = nil
)

// TransportError is a request that got no HTTP answer: connection refused or reset, no answer
// before the request timeout, or the caller's context ended. Its message is redacted (a URL
// can carry ?api_key=...); errors.Is and errors.As reach the cause (syscall.ECONNREFUSED,
// context.Canceled, ...), not the *url.Error with the full URL.
type TransportError struct {
	Method string
	URL    string // redacted
	Cause  error
	// Canceled: the caller's context ended the request (an interrupt), not the target.
	Canceled bool
}

func (e *TransportError) Error() string {
	return redact.String(fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Cause))
}

func (e *TransportError) Unwrap() error { return e.Cause }

// IsTransportError reports whether err (a Response.Err) means the request got no HTTP answer.
func IsTransportError(err error) bool {
	var te *TransportError
	return errors.As(err, &te)
}

func newTransportError(method, rawURL string, err error, ctx context.Context) *TransportError {
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	return &TransportError{
		Method:   method,
		URL:      redactedText(urlPieces(rawURL)),
		Cause:    redact.Error(cause),
		Canceled: ctx.Err() != nil && !errors.Is(context.Cause(ctx), context.DeadlineExceeded),
	}
}

// run-wide state of the target's answers (one per process, like the transport).
var answers struct {
	inARow  atomic.Int32 // requests without an answer since the last answer
	stopped atomic.Bool  // the run was stopped for it
}

func targetAnswered() { answers.inARow.Store(0) }

// transportFailed notes a request without an answer on the running spec and stops the run
// after TransportErrorLimit in a row. A request the caller cancelled says nothing about the
// target and is not counted.
func transportFailed(err error) {
	var te *TransportError
	if !errors.As(err, &te) || te.Canceled {
		return
	}
	NoteTransportError(err)
	if answers.inARow.Add(1) >= TransportErrorLimit && inGinkgoNode() && answers.stopped.CompareAndSwap(false, true) {
		ginkgo.AbortSuite(StoppedAnswering+err.Error(), 2)
	}
}

// NoteTransportError marks the running spec as one the run could not judge because a request
// got no HTTP answer (Client.Do does it for its own requests; a suite that talks to the target
// another way can call it). Outside a running Ginkgo node it does nothing.
func NoteTransportError(err error) {
	if err == nil || !inGinkgoNode() {
		return
	}
	addEntry(ReportEntryTransportError, redact.String(err.Error()))
}

// TargetStopped reports whether this process stopped its run because the target stopped
// answering; cleanup code can skip its requests then.
func TargetStopped() bool { return answers.stopped.Load() }

// inGinkgoNode reports whether a Ginkgo node is running (report entries and AbortSuite need
// one; plain `go test` code and the CLI outside RunSpecs have none).
func inGinkgoNode() (running bool) {
	defer func() {
		if recover() != nil {
			running = false
		}
	}()
	r := ginkgo.CurrentSpecReport()
	return r.LeafNodeType != types.NodeTypeInvalid && r.EndTime.IsZero()
}

// addEntry adds a report entry to the running node; a Ginkgo refusal (no node after all) is
// swallowed rather than failing whatever runs.
func addEntry(name, value string) {
	defer func() { _ = recover() }()
	ginkgo.AddReportEntry(name, value, ginkgo.ReportEntryVisibilityFailureOrVerbose)
}

// noteSlowRequest says that a request is still waiting, so a run that seems stuck says why.
func noteSlowRequest(method, rawURL string) {
	line := fmt.Sprintf("mageconform: still waiting after %s for the answer to %s %s\n", slowRequestAfter, method, redactedPath(rawURL))
	fmt.Fprint(ginkgo.GinkgoWriter, line)
	out := slowRequestOut
	if out == nil {
		out = os.Stdout
	}
	if _, rc := ginkgo.GinkgoConfiguration(); !rc.Verbose && !rc.VeryVerbose {
		fmt.Fprint(out, line) // GinkgoWriter is shown only for failed specs
	}
}

// redactedPath is a request's path and query with credentials redacted.
func redactedPath(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return redactedText(urlPieces(rawURL))
	}
	rest := u.EscapedPath()
	if u.RawQuery != "" {
		rest += "?" + u.RawQuery
	}
	return redactedText(urlPieces(rest))
}

// The run's one HTTP transport: every client reuses its connections. Created on first use
// (not in init), one per process, so `ginkgo -p` processes each have their own.
var (
	transportOnce sync.Once
	transport     *http.Transport
)

func sharedTransport() *http.Transport {
	transportOnce.Do(func() {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = 128
		t.MaxIdleConnsPerHost = 32 // specs run one at a time per process, cleanups and setup a few more
		transport = t
	})
	return transport
}

// newHTTPClient is a client on the shared transport: no cookie jar (every credential must come
// from a request option) and no redirects followed (a redirect is an answer to judge).
func newHTTPClient() *http.Client {
	return &http.Client{
		Transport:     sharedTransport(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
