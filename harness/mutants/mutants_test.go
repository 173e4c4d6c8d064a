package mutants

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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
var knownGaps = map[string]string{
	"count-off-by-one B8.count": "a count off by one fails the paging spec, but charged to B8.paging and B8.next: B8.count only checks count >= own records and its stability across pages",
}

// withoutMutant are rules no mutant can prove, and why.
var withoutMutant = map[string]string{
	"B1.auth-http-200": "the reference itself answers authentication failures with HTTP 401 (spec A3/A5, as Mage does), so the rule fails against the reference in strict mode and no wrapper of it can show a difference",
}

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
	rc := runConfig{labels: m.Labels, userAuthOff: m.UserAuthOff}
	for _, id := range m.Breaks {
		rc.strict = rc.strict || lv[id] == harness.SHOULD
	}
	return rc
}

// The proof the issue asks for: every mutant makes the specs of each rule it breaks fail, and
// the same specs pass against the unwrapped reference.
func TestSuitesCatchEveryMutant(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiled suites about seventy times; skipped with -short")
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
	t.Run("control", func(t *testing.T) { controlRuns(t, ms, lv) })
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
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

// controlRuns runs the union of the mutants' filters against the reference, once per kind of
// run: nothing may fail there, and every rule a mutant claims must have a spec that ran, or a
// "caught" verdict would be noise.
func controlRuns(t *testing.T, ms []Mutant, lv map[string]harness.Level) {
	groups := map[runConfig][]Mutant{}
	for _, m := range ms {
		rc := runConfigFor(m, lv)
		rc.labels = ""
		groups[rc] = append(groups[rc], m)
	}
	for rc, group := range groups {
		var filters, rules []string
		for _, m := range group {
			filters = append(filters, "("+m.Labels+")")
			rules = append(rules, m.Breaks...)
		}
		rc.labels = strings.Join(filters, " || ")
		run := runSuites(t, newReference(group[0]), rc)
		if msg, failed := run.setupFailure(); failed {
			t.Fatalf("control run (strict=%v, auth off=%v): suite setup failed: %s", rc.strict, rc.userAuthOff, firstLine(msg))
		}
		for _, f := range run.failures() {
			t.Errorf("control run (strict=%v, auth off=%v) against the reference failed: %s", rc.strict, rc.userAuthOff, f)
		}
		slices.Sort(rules)
		for _, id := range slices.Compact(rules) {
			if run.passedFor(id) == 0 {
				t.Errorf("control run: no spec labelled rule:%s ran and passed; its mutants prove nothing", id)
			}
		}
	}
}
