package harness

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// maxTranscriptBody is where transcript bodies are cut: enough to see an envelope, small enough
// that a JUnit file with hundreds of specs stays readable.
const maxTranscriptBody = 4 << 10

// Exchange is one HTTP request and its answer, exactly as sent and received.
type Exchange struct {
	Method     string
	URL        string
	ReqHeader  http.Header
	ReqBody    []byte
	Status     int
	RespHeader http.Header
	RespBody   []byte
	Err        error // transport error; Status is 0 then
	// Housekeeping marks the harness's own setup and cleanup requests: shown in transcripts,
	// but not judged as the target's answer to the spec under test.
	Housekeeping bool

	rec *Recorder // where it was recorded, so matchers can mark what they looked at
	seq uint64    // its number in the process (Finding.Answers)
	// sessions are the sessions whose token it sent, so a reproduce line can log them in.
	sessions []*Session
	// credentials are the declared credentials its answer showed (CredentialAttribute), so a
	// reproduce line that creates its record again reads them back.
	credentials []shownCredential
	// dependsOn are the earlier requests its answer depends on (DependsOn).
	dependsOn []*Exchange
}

// Recorder keeps the exchanges of one spec (or of a setup phase), in order. Safe for concurrent use.
type Recorder struct {
	mu        sync.Mutex
	exchanges []*Exchange
	checked   *Exchange // last exchange a harness matcher looked at
	failed    *Exchange // last exchange a harness matcher rejected
}

func NewRecorder() *Recorder { return &Recorder{} }

func (r *Recorder) add(e *Exchange) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e.rec = r
	if e.seq == 0 {
		e.seq = exchangeSeq.Add(1)
	}
	r.exchanges = append(r.exchanges, e)
}

// Exchanges returns a copy of the list; the exchanges themselves are shared.
func (r *Recorder) Exchanges() []*Exchange {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Exchange(nil), r.exchanges...)
}

// noteChecked remembers what a matcher looked at, so the report's curl points at the request a
// failing check was about rather than at whatever cleanup ran last.
func (r *Recorder) noteChecked(e *Exchange, ok bool) {
	if r == nil || e == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checked = e
	if !ok {
		r.failed = e
	}
}

// Focus is the exchange a report should reproduce when no check named one: the last one a
// matcher rejected, else the last one a matcher looked at, else the last request that is safe
// to repeat and not the harness's own setup or cleanup (nil if none): a reproduce line must
// never delete a record because a cleanup happened to come last.
func (r *Recorder) Focus() *Exchange {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	failed, checked := r.failed, r.checked
	r.mu.Unlock()
	switch {
	case failed != nil:
		return failed
	case checked != nil:
		return checked
	}
	return r.lastSafe()
}

// lastChecked is the last exchange a matcher looked at (nil if none).
func (r *Recorder) lastChecked() *Exchange {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.checked
}

// lastSafe is the latest exchange of the spec itself (not setup or cleanup) whose request is
// safe to repeat: GET, HEAD or OPTIONS.
func (r *Recorder) lastSafe() *Exchange {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.exchanges) - 1; i >= 0; i-- {
		if e := r.exchanges[i]; !e.Housekeeping && safeMethod(e.Method) {
			return e
		}
	}
	return nil
}

// Transcript renders every exchange with credentials redacted (every secret the run knows by
// now, whichever client learnt it).
func (r *Recorder) Transcript() string {
	var b strings.Builder
	for i, e := range r.Exchanges() {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "=== #%d ", i+1)
		b.WriteString(e.Transcript())
	}
	return b.String()
}

// Transcript renders this exchange with credentials redacted.
func (e *Exchange) Transcript() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", e.Method, redactedText(urlPieces(e.URL)))
	writeHeaders(&b, "> ", e.ReqHeader)
	writeBody(&b, "> ", e.ReqBody)
	if e.Err != nil {
		fmt.Fprintf(&b, "!! no response: %s\n", redactedText(globalPieces(e.Err.Error())))
		return Redact(b.String())
	}
	fmt.Fprintf(&b, "< HTTP %d\n", e.Status)
	writeHeaders(&b, "< ", e.RespHeader)
	writeBody(&b, "< ", e.RespBody)
	return Redact(b.String())
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range h[name] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, name, redactedText(headerPieces(name, v)))
		}
	}
}

func writeBody(b *strings.Builder, prefix string, body []byte) {
	if len(body) == 0 {
		return
	}
	text := strings.TrimSuffix(redactedText(bodyPieces(body)), "\n")
	if len(text) > maxTranscriptBody {
		text = fmt.Sprintf("%s... [%d more bytes]", text[:maxTranscriptBody], len(text)-maxTranscriptBody)
	}
	fmt.Fprintf(b, "%s\n", prefix)
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintf(b, "%s%s\n", prefix, line)
	}
}
