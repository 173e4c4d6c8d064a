package mutants

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/suites"
)

// compiled is the suites' test binary, built once for every run (set in TestMain, read-only
// afterwards).
var compiled struct {
	binary, dir string
	buildErr    error
}

func TestMain(m *testing.M) {
	flag.Parse()
	tmp, err := os.MkdirTemp("", "mutants-suites-")
	if err == nil && !testing.Short() {
		compiled.dir, compiled.buildErr = filepath.Abs(filepath.Join("..", "..", "suites"))
		compiled.binary = filepath.Join(tmp, "suites.test")
		if compiled.buildErr == nil {
			compiled.buildErr = buildSuites(compiled.binary)
		}
	}
	code := m.Run()
	_ = os.RemoveAll(tmp)
	os.Exit(code)
}

// buildSuites compiles ./suites from the module root, as `go test` would run it.
func buildSuites(out string) error {
	cmd := exec.Command("go", "test", "-c", "-o", out, "./suites")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c ./suites: %v\n%s", err, b)
	}
	return nil
}

// knownGaps are mutants the suites do not catch yet, keyed "<mutant> <rule>", each written up in
// GAPS.md for the suites' owner. A gap that closes fails the test until it is removed here.
var knownGaps = map[string]string{}

// withoutMutant are rules no mutant can prove, and why.
var withoutMutant = map[string]string{}

func levels() map[string]harness.Level {
	out := map[string]harness.Level{}
	for _, r := range suites.Catalogue() {
		out[r.ID] = r.Level
	}
	return out
}

// runConfigFor runs a mutant's specs strictly when it breaks a SHOULD rule: otherwise a
// SHOULD failure is only a report entry and could not be told from a pass.
func runConfigFor(m Mutant, lv map[string]harness.Level) runConfig {
	rc := runConfig{labels: m.Labels, userAuthOff: m.UserAuthOff, executesRuns: m.ExecutesRuns}
	for _, id := range m.Breaks {
		rc.strict = rc.strict || lv[id] == harness.SHOULD
	}
	return rc
}

// The proof the issue asks for: every mutant makes the specs of each rule it breaks fail, and
// the same specs, under the same filter, pass against the unwrapped reference.
func TestSuitesCatchEveryMutant(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiled suites about a hundred and fifty times; skipped with -short")
	}
	if compiled.buildErr != nil {
		t.Fatal(compiled.buildErr)
	}
	lv := levels()
	ms := Catalogue()
	for _, m := range ms {
		for _, id := range m.Breaks {
			if lv[id] == "" {
				t.Errorf("mutant %s breaks %s, which is not in suites.Catalogue()", m.Name, id)
			}
		}
	}
	controls := controlRuns(t, ms, lv)
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			if !controlHolds(t, m, controls[runConfigFor(m, lv)]) {
				return
			}
			run := runSuites(t, m.Wrap(newReference(m)), runConfigFor(m, lv))
			if msg, failed := run.setupFailure(); failed {
				t.Fatalf("mutant %s broke the suite setup, so no rule could catch it: %s", m.Name, firstLine(msg))
			}
			var gaps []string
			for _, id := range m.Breaks {
				by := run.caughtBy(id)
				gap, known := knownGaps[m.Name+" "+id]
				switch {
				case len(by) == 0 && known:
					gaps = append(gaps, fmt.Sprintf("not caught by %s: %s", id, gap))
				case len(by) == 0:
					t.Errorf("NOT CAUGHT: mutant %s breaks %s, but no spec failed on %s (filter %q); failures: %v", m.Name, id, id, m.Labels, run.failures())
				case known:
					t.Errorf("mutant %s is caught by %s now: remove the gap from knownGaps and GAPS.md", m.Name, id)
				default:
					t.Logf("%s caught by %d spec(s), e.g. %s", id, len(by), by[0])
				}
			}
			if extra := run.otherRulesFailed(m.Breaks); len(extra) > 0 {
				t.Logf("collateral: the mutant also failed %v", extra)
			}
			if len(gaps) > 0 && !t.Failed() {
				t.Skipf("known gap (GAPS.md): mutant %s %s", m.Name, strings.Join(gaps, "; "))
			}
		})
	}
}

// sweptRules are checked by the suites' AfterEach sweeps over every exchange of every spec
// (suites/sweeps.go), so any spec that ran judges them, whatever its labels.
var sweptRules = func() map[string]bool {
	m := map[string]bool{}
	for _, id := range suites.SweptRules() {
		m[id] = true
	}
	return m
}()

// controlRuns runs every distinct filter of the mutants against the plain reference, two at a
// time, and returns what each run left.
func controlRuns(t *testing.T, ms []Mutant, lv map[string]harness.Level) map[runConfig]*suiteRun {
	var mu sync.Mutex
	runs := map[runConfig]*suiteRun{}
	t.Run("control", func(t *testing.T) {
		for _, m := range ms {
			rc := runConfigFor(m, lv)
			if _, seen := runs[rc]; seen {
				continue
			}
			runs[rc] = nil
			t.Run(m.Name, func(t *testing.T) {
				t.Parallel()
				run := runSuites(t, newReference(m), rc)
				mu.Lock()
				runs[rc] = &run
				mu.Unlock()
			})
		}
	})
	return runs
}

// controlHolds says whether the mutant's filter passed against the reference, with a spec
// judging each rule the mutant breaks: otherwise a "caught" verdict would be noise.
func controlHolds(t *testing.T, m Mutant, control *suiteRun) bool {
	t.Helper()
	if control == nil {
		t.Errorf("no control run for the filter %q", m.Labels)
		return false
	}
	if msg, failed := control.setupFailure(); failed {
		t.Errorf("control run (filter %q): suite setup failed against the reference: %s", m.Labels, firstLine(msg))
		return false
	}
	for _, f := range control.failures() {
		t.Errorf("control run (filter %q) failed against the reference: %s", m.Labels, f)
	}
	for _, id := range m.Breaks {
		if control.passedFor(id) == 0 && !(sweptRules[id] && control.passed() > 0) {
			t.Errorf("control run (filter %q): no spec judging %s ran and passed against the reference", m.Labels, id)
		}
	}
	return !t.Failed()
}
