// Package diff compares two servers' answers to one seeded scenario: the exchanges the
// conformance suites make, logged by each side's run (harness.EnvExchangeLog), paired by spec
// and position, normalised where values differ by nature, and compared by envelope, status,
// error code and type, keys and JSON types, list lengths and metadata, never by message text.
// docs/diff.md lists the normalisation rules.
package diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mageconform/mageconform/harness"
)

// Exchange is one logged exchange.
type Exchange = harness.LoggedExchange

// Run is one side's exchange log, spec by spec.
type Run struct {
	Specs map[string][]Exchange // by specKey, in the order of the spec's requests
	Order []string              // spec keys in the order the log has them
	// own holds the run prefixes of the names this run sent: a listed record with any other
	// prefix belongs to another run sharing the server.
	own map[string]bool
	// pre holds, per resource, the records its lists showed that no run created; aside those
	// of them the other run's server did not have (setAside).
	pre, aside map[string]map[string]bool
}

// specKey names a spec the same way in both runs: its text, and where it is declared (two
// specs can share a text), by file name so two checkouts of the suites still agree.
func specKey(e Exchange) string {
	loc := e.Location
	if file, line, ok := strings.Cut(filepath.Base(loc), ":"); ok {
		loc = file + ":" + line
	}
	return e.Spec + " @" + loc
}

// LoadRun reads an exchange log file.
func LoadRun(path string) (*Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadRun(f)
}

// ReadRun reads an exchange log: one JSON object per line.
func ReadRun(r io.Reader) (*Run, error) {
	run := newRun()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var e Exchange
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		run.add(e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	run.finish()
	return run, nil
}

func newRun() *Run {
	return &Run{Specs: map[string][]Exchange{}, own: map[string]bool{}, pre: map[string]map[string]bool{}}
}

func (r *Run) add(e Exchange) {
	k := specKey(e)
	if _, seen := r.Specs[k]; !seen {
		r.Order = append(r.Order, k)
	}
	r.Specs[k] = append(r.Specs[k], e)
	for _, p := range prefixPattern.FindAllString(e.URL+" "+e.ReqBody, -1) {
		r.own[p] = true
	}
}

// finish orders each spec's exchanges and, once every name the run sent is known, notes the
// records the server held before the run.
func (r *Run) finish() {
	for _, k := range r.Order {
		ex := r.Specs[k]
		sort.SliceStable(ex, func(i, j int) bool { return ex[i].Index < ex[j].Index })
		for _, e := range ex {
			r.notePreexisting(e)
		}
	}
}

// Len is the number of exchanges in the run.
func (r *Run) Len() int {
	n := 0
	for _, ex := range r.Specs {
		n += len(ex)
	}
	return n
}

// Rebase rewrites the base URL of every exchange's URL and curl line: the built-in reference
// listened on a port that is gone when the diff is read, so its lines point at the address
// `mage-reference` serves by default instead, where they reproduce the answer.
func (r *Run) Rebase(to string) {
	to = strings.TrimRight(to, "/")
	for _, ex := range r.Specs {
		for i := range ex {
			from := baseOf(ex[i].URL)
			if from == "" {
				continue
			}
			ex[i].URL = to + strings.TrimPrefix(ex[i].URL, from)
			ex[i].Curl = strings.ReplaceAll(ex[i].Curl, from+"/", to+"/")
		}
	}
}

// baseOf is scheme://host of an absolute URL ("" otherwise).
func baseOf(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	return scheme + "://" + host
}
