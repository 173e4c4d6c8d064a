package suites

import (
	"bytes"
	"slices"
	"sync"

	. "github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/factory"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
)

// environment is what every spec of one process shares: set once by the suite setup, read-only
// afterwards except for the set of secret values created so far.
type environment struct {
	cfg     harness.Config
	url     string
	profile *profile.Profile
	owner   *harness.Session // nil when the target runs without user authentication
	factory *factory.Factory
	ledger  *ledger // the records this process created and has not removed
	actors  actorPool

	mu        sync.Mutex
	forbidden []string // secret values and passwords this process wrote: no response may echo them
	// writers are the creates that wrote each forbidden value: a leak's reproduce line makes
	// the record again first (the run's own is gone when the line is pasted)
	writers map[string]*harness.Exchange
}

// perSpec is what one spec owns: its exchange recorder and its seeded factory.
type perSpec struct {
	rec     *harness.Recorder
	factory *factory.Factory
	// exchanges where a SHOULD rule already judges Mage's code-500 unhandled-exception body,
	// so the MUST envelope sweep does not count it a second time
	tolerated map[*harness.Exchange]bool
	// SHOULD rules that failed in strict mode: the spec fails at its end, after its later
	// checks (MUST ones included) have been judged too
	strictShould []string
}

// Set by the suite setup in suite_setup.go (never in init), one per Ginkgo process.
var (
	shared  *environment
	current perSpec
)

func env() *environment {
	if shared == nil {
		Fail("suite setup did not run: no target")
	}
	return shared
}

// authOn reports whether the target requires user authentication (config and profile agree).
func (e *environment) authOn() bool {
	return e.cfg.UserAuth && e.profile.UserAuthentication
}

func (e *environment) forbid(values ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, v := range values {
		if v != "" {
			e.forbidden = append(e.forbidden, v)
		}
	}
}

// wrote remembers the create that wrote the values.
func (e *environment) wrote(ex *harness.Exchange, values ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.writers == nil {
		e.writers = map[string]*harness.Exchange{}
	}
	for _, v := range values {
		if _, known := e.writers[v]; !known && v != "" {
			e.writers[v] = ex
		}
	}
}

// writersIn are the creates of the forbidden values that body shows.
func (e *environment) writersIn(body []byte) []*harness.Exchange {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*harness.Exchange
	for v, ex := range e.writers {
		if bytes.Contains(body, []byte(v)) && !slices.Contains(out, ex) {
			out = append(out, ex)
		}
	}
	return out
}

func (e *environment) forbiddenValues() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.forbidden...)
}

// fac is the current spec's factory (derived from the seed and the spec's text).
func fac() *factory.Factory { return current.factory }

// anon is a client recording into the current spec, sending the API key and no token.
func anon() *harness.Client {
	return harness.NewClient(env().url, env().cfg, current.rec)
}

// owner is a client acting as the owner (anonymous owner when authentication is off).
func owner() *harness.Client {
	if env().owner == nil {
		return anon()
	}
	return anon().As(env().owner)
}

// as is a client acting as the given session.
func as(s *harness.Session) *harness.Client { return anon().As(s) }

// tolerateServerError marks an answer a SHOULD rule judges, where Mage answers with its
// code-500 unhandled-exception body (Part C §3.4).
func tolerateServerError(r *harness.Response) {
	if r != nil && r.Exchange != nil {
		current.tolerated[r.Exchange] = true
	}
}
