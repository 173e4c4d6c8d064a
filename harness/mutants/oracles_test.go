package mutants

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/reference"
)

// expectedWarningsFile lists, per user-authentication mode, the SHOULD rules Mage 0.9.79 breaks:
// what the Mage-faithful reference must warn about, no more and no less (and what a run against
// the real Mage showed, docs/real-mage.md).
var expectedWarningsFile = filepath.Join("..", "..", "docs", "mage-0.9.79-should.txt")

// oracle is one of the four in-process runs of the whole suite that every `make test` makes.
type oracle struct {
	compat  reference.Compat
	authOff bool
	// executesRuns: the reference runs what it creates (--runs advance), and the profile says so.
	executesRuns bool
}

func (o oracle) name() string {
	n := string(o.compat) + "/" + authMode(o.authOff)
	if o.executesRuns {
		n += "/runs-advance"
	}
	return n
}

func authMode(off bool) string {
	if off {
		return "off"
	}
	return "on"
}

func (o oracle) config() reference.Config {
	cfg := reference.DefaultConfig()
	cfg.RequireUserAuthentication = !o.authOff
	cfg.Compat = o.compat
	if o.executesRuns {
		cfg.Runs = reference.RunsAdvance
	}
	return cfg
}

// The two oracles: the intended reference passes the whole suite in strict mode; the
// Mage-faithful one has no MUST failure, and its SHOULD warnings are exactly the checked-in
// list, so a change in either direction (a new deviation, or one that stopped showing) fails.
func TestOracles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole compiled suite five times; skipped with -short")
	}
	if compiled.buildErr != nil {
		t.Fatal(compiled.buildErr)
	}
	expected, err := readExpectedWarnings(expectedWarningsFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []oracle{
		{reference.CompatIntended, false, false}, {reference.CompatIntended, true, false},
		{reference.CompatMage0979, false, false}, {reference.CompatMage0979, true, false},
		// Runs executed: the intended reference still passes everything, run completion too.
		{reference.CompatIntended, false, true},
	} {
		t.Run(o.name(), func(t *testing.T) {
			t.Parallel()
			strict := o.compat == reference.CompatIntended
			run := runSuites(t, reference.New(o.config()), runConfig{strict: strict, userAuthOff: o.authOff, executesRuns: o.executesRuns})
			if msg, failed := run.setupFailure(); failed {
				t.Fatalf("suite setup failed: %s", firstLine(msg))
			}
			if run.passed() == 0 {
				t.Fatal("no spec passed: the run judged nothing")
			}
			if o.executesRuns && run.passedFor("B4.run-completes") == 0 {
				t.Error("no spec judged B4.run-completes against a reference that executes its runs")
			}
			for _, f := range run.failures() {
				t.Errorf("failed against the %s reference: %s", o.name(), f)
			}
			got := run.warnedRules()
			if strict {
				if len(got) > 0 {
					t.Errorf("the intended reference broke SHOULD rules %v", got)
				}
				return
			}
			want := expected[authMode(o.authOff)]
			if !slices.Equal(got, want) {
				t.Errorf("SHOULD warnings of the %s reference: got %v, want %v (the list in %s)", o.name(), got, want, expectedWarningsFile)
			}
		})
	}
}

// warnedRules are the SHOULD rules the run reported as not holding, sorted.
func (r suiteRun) warnedRules() []string {
	var out []string
	for _, s := range r.specs {
		for _, e := range s.ReportEntries {
			if e.Name != harness.ReportEntryShouldViolation {
				continue
			}
			id, _, _ := strings.Cut(e.StringRepresentation(), ":")
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// readExpectedWarnings reads lines "<on|off> <rule id>"; '#' starts a comment.
func readExpectedWarnings(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]string{"on": nil, "off": nil}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if _, ok := out[fields[0]]; !ok || len(fields) != 2 || levels()[fields[1]] != harness.SHOULD {
			return nil, &os.PathError{Op: "parse line " + strings.TrimSpace(sc.Text()), Path: path, Err: os.ErrInvalid}
		}
		out[fields[0]] = append(out[fields[0]], fields[1])
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out, sc.Err()
}
