package mutants

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// suiteRun is what one run of the compiled suites against one server left behind.
type suiteRun struct {
	specs  []types.SpecReport
	output string
}

// runConfig says how to run the suites: which specs, how strictly, against what kind of server.
type runConfig struct {
	labels      string
	strict      bool
	userAuthOff bool
	binary      string // the compiled suites to run ("": the ones TestMain built)
	// executesRuns declares the opt-in feature executes-runs (the server runs what it creates).
	executesRuns bool
}

// runSuites serves h on a local port and runs the compiled suites against it, reading the
// verdicts from Ginkgo's JSON report (the exit code only says that something failed).
func runSuites(t *testing.T, h http.Handler, rc runConfig) suiteRun {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	// An empty .env of the run's own, so no developer's .env leaks in either.
	if err := os.WriteFile(filepath.Join(dir, "empty.env"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "executes-runs.yaml"), []byte("name: executes runs\nfeatures: [http-error-codes, cors, options, unknown-resource, executes-runs]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The profile of an open server: specs for it run only when the target declares it.
	if err := os.WriteFile(filepath.Join(dir, "open.yaml"), []byte("name: open server\nuser_authentication: off\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	binary := compiled.binary
	if rc.binary != "" {
		binary = rc.binary
	}
	cmd := exec.Command(binary,
		"-ginkgo.label-filter="+rc.labels,
		"-ginkgo.json-report="+report,
		"-ginkgo.no-color",
		"-test.timeout=10m")
	cmd.Dir = compiled.dir
	cmd.Env = suiteEnv(srv.URL, dir, rc)
	out, _ := cmd.CombinedOutput()
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("the suites left no report (%v); output:\n%s", err, tail(out))
	}
	var reports []types.Report
	if err := json.Unmarshal(raw, &reports); err != nil {
		t.Fatalf("the suites' report does not parse: %v", err)
	}
	run := suiteRun{output: string(out)}
	for _, r := range reports {
		run.specs = append(run.specs, r.SpecReports...)
	}
	return run
}

// suiteEnv is this process's environment without any CONFORMANCE_ setting (a developer's own
// target or strictness must not leak in), plus the run's own settings.
func suiteEnv(url, dir string, rc runConfig) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"CONFORMANCE_TARGET_URL="+url,
		"CONFORMANCE_SEED=20261126",
		"CONFORMANCE_ENV_FILE="+filepath.Join(dir, "empty.env"))
	if rc.strict {
		env = append(env, "CONFORMANCE_STRICT=1")
	}
	if rc.userAuthOff {
		env = append(env, "CONFORMANCE_USER_AUTH=off", "CONFORMANCE_PROFILE="+filepath.Join(dir, "open.yaml"))
	}
	if rc.executesRuns {
		// The reference executes a run in three reads: a run not done in two seconds never is.
		env = append(env, "CONFORMANCE_PROFILE="+filepath.Join(dir, "executes-runs.yaml"), "CONFORMANCE_RUN_WAIT=2s")
	}
	return env
}

func tail(out []byte) string {
	const keep = 4000
	if len(out) > keep {
		return "...\n" + string(out[len(out)-keep:])
	}
	return string(out)
}

// setupFailure is the failure of a suite-level setup node, if one failed: then no spec ran and
// no rule could catch anything.
func (r suiteRun) setupFailure() (string, bool) {
	for _, s := range r.specs {
		if s.LeafNodeType.Is(types.NodeTypeBeforeSuite|types.NodeTypeSynchronizedBeforeSuite) && s.State.Is(types.SpecStateFailureStates) {
			return s.Failure.Message, true
		}
	}
	return "", false
}

func isSpec(s types.SpecReport) bool { return s.LeafNodeType == types.NodeTypeIt }

// namedRule is how harness.Verify names the rule in a failure: "[B3.key-header MUST] ...".
var namedRule = regexp.MustCompile(`\[B\d+\.[a-z0-9-]+ (MUST|SHOULD)\]`)

// failureMessages are every failure a spec recorded (the first and any later ones).
func failureMessages(s types.SpecReport) []string {
	msgs := []string{s.Failure.Message}
	for _, a := range s.AdditionalFailures {
		msgs = append(msgs, a.Failure.Message)
	}
	return msgs
}

// charges reports whether a failed spec's failure is the rule's: a failure naming the rule
// counts; one naming other rules does not (a spec checking two rules may fail on the other);
// a failure naming no rule at all counts for the rules on the spec's labels.
func charges(s types.SpecReport, id string) bool {
	anyNamed := false
	for _, m := range failureMessages(s) {
		if strings.Contains(m, "["+id+" ") {
			return true
		}
		anyNamed = anyNamed || namedRule.MatchString(m)
	}
	return !anyNamed && slices.Contains(s.Labels(), "rule:"+id)
}

// caughtBy lists the failed specs whose failure is the rule's.
func (r suiteRun) caughtBy(id string) []string {
	var names []string
	for _, s := range r.specs {
		if isSpec(s) && s.State.Is(types.SpecStateFailureStates) && charges(s, id) {
			names = append(names, s.FullText())
		}
	}
	return names
}

// passedFor counts the specs labelled with the rule that ran and passed.
func (r suiteRun) passedFor(id string) int {
	n := 0
	for _, s := range r.specs {
		if isSpec(s) && s.State == types.SpecStatePassed && slices.Contains(s.Labels(), "rule:"+id) {
			n++
		}
	}
	return n
}

// passed counts the specs that ran and passed.
func (r suiteRun) passed() int {
	n := 0
	for _, s := range r.specs {
		if isSpec(s) && s.State == types.SpecStatePassed {
			n++
		}
	}
	return n
}

// failures describes every failed spec, one line each.
func (r suiteRun) failures() []string {
	var out []string
	for _, s := range r.specs {
		if s.State.Is(types.SpecStateFailureStates) {
			out = append(out, fmt.Sprintf("%s: %s", s.FullText(), firstLine(s.Failure.Message)))
		}
	}
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// otherRulesFailed lists the rules named in failures that are not among the given ones: the
// collateral damage of a mutant meant to break only those.
func (r suiteRun) otherRulesFailed(ids []string) []string {
	var out []string
	for _, s := range r.specs {
		for _, m := range failureMessages(s) {
			for _, named := range namedRule.FindAllString(m, -1) {
				id := strings.Fields(strings.Trim(named, "[]"))[0]
				if !slices.Contains(ids, id) && !slices.Contains(out, id) {
					out = append(out, id)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
