package suites

import (
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/fixtures"
)

// The ledger is every record this process created on the target and has not removed yet. It,
// not a DeferCleanup per record, is what removes them: Ginkgo crashes the process when a
// DeferCleanup is registered by a node it has already abandoned (an interrupt during record
// seeding), and a record created after the spec's cleanup ran would be left behind. Records
// belong to the scope that was active when they were created: a spec, or an ordered
// container's setup (setupAll); each scope removes its own at its end, and the suite's end
// removes whatever is left, waiting briefly for creates still on the wire.
type ledger struct {
	mu       sync.Mutex
	entries  []*ledgerEntry
	active   *scope
	closed   bool // the run is ending: a record created from now on is removed at once
	inflight int  // create requests on the wire
}

type ledgerEntry struct {
	res   fixtures.Resource
	pk    string
	scope *scope
}

// scope is one owner of records: a spec or an ordered container's setup.
type scope struct{ name string }

// drainWait bounds how long the end of the run waits for creates still in flight, so an
// interrupted run still ends within seconds.
const drainWait = 1500 * time.Millisecond

func newLedger() *ledger { return &ledger{} }

// creating marks a create request in flight until the returned function is called. It is a
// counter under the ledger's lock, not a WaitGroup: an abandoned setup may still start a create
// while drain waits, which a WaitGroup forbids.
func (l *ledger) creating() (done func()) {
	l.mu.Lock()
	l.inflight++
	l.mu.Unlock()
	return func() {
		l.mu.Lock()
		l.inflight--
		l.mu.Unlock()
	}
}

// idle waits until no create is in flight, at most until deadline.
func (l *ledger) idle(deadline time.Time) {
	for {
		l.mu.Lock()
		n := l.inflight
		l.mu.Unlock()
		if n == 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keep records that res/pk exists on the target, in the active scope.
func (l *ledger) keep(res fixtures.Resource, pk string) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		removeQuietly(res, pk)
		return
	}
	l.entries = append(l.entries, &ledgerEntry{res: res, pk: pk, scope: l.active})
	l.mu.Unlock()
}

// enter makes s the active scope and returns a function restoring the previous one.
func (l *ledger) enter(s *scope) (leave func()) {
	l.mu.Lock()
	prev := l.active
	l.active = s
	l.mu.Unlock()
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.active == s {
			l.active = prev
		}
	}
}

// take removes from the ledger the entries match selects, newest first (children before
// the parents they were created under).
func (l *ledger) take(match func(*ledgerEntry) bool) []*ledgerEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out, kept []*ledgerEntry
	for i := len(l.entries) - 1; i >= 0; i-- {
		if match(l.entries[i]) {
			out = append(out, l.entries[i])
		}
	}
	for _, e := range l.entries {
		if !match(e) {
			kept = append(kept, e)
		}
	}
	l.entries = kept
	return out
}

// release removes the records of scope s from the target.
func (l *ledger) release(s *scope) {
	for _, e := range l.take(func(e *ledgerEntry) bool { return e.scope == s }) {
		removeQuietly(e.res, e.pk)
	}
}

// drain ends the run's creating: it waits a little for creates in flight, then removes every
// record still in the ledger. Later creates are removed as soon as they answer.
func (l *ledger) drain() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.idle(time.Now().Add(drainWait))
	for _, e := range l.take(func(*ledgerEntry) bool { return true }) {
		removeQuietly(e.res, e.pk)
	}
}

// records is this process's ledger; nil before the suite setup and in a dry run.
func records() *ledger {
	if shared == nil || shared.ledger == nil {
		Fail("suite setup did not run: no record ledger")
	}
	return shared.ledger
}

// setupAll is BeforeAll for an ordered container whose setup creates records: they belong to
// the container and are removed after its last spec. Its cleanup is registered before the
// body runs, so an interrupt at any point of the setup still removes what it created.
func setupAll(body func()) {
	BeforeAll(func() {
		s := &scope{name: CurrentSpecReport().FullText()}
		DeferCleanup(func() { records().release(s) })
		defer records().enter(s)()
		body()
	})
}

// specScope opens the running spec's scope; the returned function removes its records.
func specScope() (release func()) {
	s := &scope{name: CurrentSpecReport().FullText()}
	leave := records().enter(s)
	return func() {
		leave()
		records().release(s)
	}
}
