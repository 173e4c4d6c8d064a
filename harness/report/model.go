// Package report turns a Ginkgo report of the conformance suites into verdicts people can act
// on: the terminal summary (matrices, failed rules, counts), the exit code, and the files a CI
// job keeps (JUnit XML with transcripts, Ginkgo JSON, summary.json, a self-contained
// report.html), plus the generated rule catalogue docs/rules.md.
//
// It reads only the conventions of docs/architecture.md (labels, report entries, skip
// messages), so it can be tested with synthetic reports and works with any suite that follows
// them.
package report

import (
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/version"
)

// Rule is one catalogue entry (the same fields as harness.Rule; kept separate so the report
// does not depend on the client).
type Rule struct {
	ID      string `json:"id"`
	Level   string `json:"level"` // "MUST" or "SHOULD"
	Section string `json:"section"`
	Text    string `json:"text"`
}

// State is the outcome of a spec, a rule or a matrix cell.
type State string

const (
	Pass State = "pass"
	Fail State = "fail"
	Warn State = "warn" // a SHOULD rule did not hold, reported without failing the run
	// Error: the spec could not be judged: a request got no HTTP answer (connection refused or
	// reset, no answer in time) before the spec failed. Like OCI distribution-spec's Error, it
	// is not a failure of the target's conformance, and it is not a pass either.
	Error State = "error"
	// Known: a rule that failed and that the run's baseline accepts (--baseline): reported,
	// not failing the run.
	Known         State = "known"
	Skipped       State = "skipped" // skipped for another reason (label filter, no Docker, ...)
	NotApplicable State = "n/a"     // the target's profile does not declare it
	Untested      State = "untested"
)

// Exit codes of the CLI, also reported in summary.json.
const (
	ExitConformant    = 0
	ExitNotConformant = 1
	ExitCouldNotJudge = 2
)

// Options are what the report needs besides the Ginkgo report itself.
type Options struct {
	Catalogue []Rule
	Strict    bool // SHOULD failures fail the run
	Certify   bool // a MUST rule that was skipped or not applicable fails the run
	// Swept are rules checked after every spec (over all its exchanges) rather than by specs
	// carrying their label; every spec that ran counts as a check of them.
	Swept []string
	// Config is the run's configuration with secrets already redacted; written as given.
	Config any
	// Profile names the capability profile and what it leaves out, for the header.
	Profile ProfileInfo
	// Target says what was judged; nil: read from Config's CONFORMANCE_TARGET_URL,
	// _TARGET_IMAGE, _TARGET_DOCKERFILE and CONFORMANCE_COMPAT, when it has them.
	Target *TargetInfo
	// Command is how the reader invokes the CLI ("bin/mageconform"), for the lines the summary
	// suggests; "" is "mageconform".
	Command string
	// Baseline accepts known failures (nil: none); Now is the day its expiry dates are judged
	// against (zero: today).
	Baseline *Baseline
	Now      time.Time
	// Rerun is the command that reruns what failed, printed at the end of the summary.
	Rerun string
	// Implementation describes the judged server for conformance-report.yaml.
	Implementation Implementation
}

// TargetInfo is what the run judged.
type TargetInfo struct {
	// Description: "the built-in reference server (compat intended)", "http://host:6789",
	// "the container image org/mage:1.4".
	Description string `json:"description"`
	BuiltIn     bool   `json:"built_in"`
	// Compat is the mode the built-in reference ran in ("" for any other target).
	Compat string `json:"compat,omitempty"`
	// URL is the target's address when it outlives the run (a URL target), "" otherwise.
	URL string `json:"url,omitempty"`
}

// ProfileInfo is what the report shows of the capability profile.
type ProfileInfo struct {
	Name      string   `json:"name"`
	Source    string   `json:"source,omitempty"`
	LeavesOut []string `json:"leaves_out,omitempty"`
}

// Summary is everything the terminal summary, summary.json and report.html show.
type Summary struct {
	Suite    string        `json:"suite"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	Seed     int64         `json:"ginkgo_seed"`
	Labels   string        `json:"label_filter,omitempty"`
	Strict   bool          `json:"strict"`
	Certify  bool          `json:"certify"`
	Config   any           `json:"config,omitempty"`
	Profile  ProfileInfo   `json:"profile"`
	Target   *TargetInfo   `json:"target,omitempty"`
	// ClaimedVersion is the Mage version the target claims (GET /api/projects), "" for none.
	ClaimedVersion string `json:"claimed_version,omitempty"`
	Command        string `json:"command,omitempty"`
	// Mageconform is the build that judged the run; RulesRevision names the rule catalogue it
	// judged by (RulesRevision), so two reports can be told apart when the rules changed.
	Mageconform   version.Info `json:"mageconform"`
	RulesRevision string       `json:"rules_revision"`
	Verdict       Verdict      `json:"verdict"`
	Counts        Counts       `json:"counts"`
	Resources     Matrix       `json:"resources_by_action"`
	Auth          Matrix       `json:"key_by_token"`
	// Baseline says which failures the run's baseline accepted, which entries expired.
	Baseline *BaselineResult `json:"baseline,omitempty"`
	// Rerun is the command that reruns what failed ("" when nothing did).
	Rerun          string         `json:"rerun,omitempty"`
	Implementation Implementation `json:"implementation"`
	// Causes are the probable faults behind several failures, most explained first.
	Causes []Cause      `json:"probable_causes,omitempty"`
	Rules  []RuleResult `json:"rules"`
	// Unruled are failed specs (or suite nodes) that carry no rule label.
	Unruled []SpecResult `json:"failures_outside_rules,omitempty"`
	// Errors are the specs (or suite nodes) that could not be judged (state error).
	Errors []SpecResult `json:"errors,omitempty"`

	all   []SpecResult // every spec report, in report order, for the JUnit file
	swept []string     // the rules checked over every spec (Options.Swept), for the JUnit file
}

// Verdict is the decision a CI gate acts on.
type Verdict struct {
	ExitCode   int    `json:"exit_code"`
	Conformant bool   `json:"conformant"`
	Reason     string `json:"reason"`
	// CertifyGaps lists MUST-level specs that did not run, when certification was asked for.
	CertifyGaps []string `json:"certify_gaps,omitempty"`
}

// Counts are spec and rule tallies.
type Counts struct {
	Specs         int `json:"specs"`
	Passed        int `json:"passed"`
	Failed        int `json:"failed"`
	Errored       int `json:"errored"` // could not be judged: no HTTP answer
	Skipped       int `json:"skipped"`
	NotApplicable int `json:"not_applicable"`
	MustFailed    int `json:"must_rules_failed"`
	ShouldFailed  int `json:"should_rules_failed"`
	// Logins and UserCreates are the requests that cost a real Mage a bcrypt hash each (about
	// a second at cost 14), summed over the run's processes.
	Logins      int `json:"logins"`
	UserCreates int `json:"user_creates"`
	// Known counts failed rules the baseline accepts.
	Known int `json:"rules_known"`
	// RulesErrored counts rules some spec could not judge (and none failed).
	RulesErrored int `json:"rules_errored"`
	// MustNotRun counts MUST rules that were skipped, not applicable or untested.
	MustNotRun int `json:"must_rules_not_run"`
}

// Matrix is a grid of cells, each the combined state of the specs labelled with its row and
// column (worst wins: fail, warn, pass, skipped, n/a; untested when no spec has both labels).
type Matrix struct {
	Title string    `json:"title"`
	Rows  []string  `json:"rows"`
	Cols  []string  `json:"cols"`
	Cells [][]State `json:"cells"`
}

// RuleResult is one rule's outcome over the specs that carry its label.
type RuleResult struct {
	Rule
	State State `json:"state"`
	// Reason explains a fail, warn or skip: the first failing check's message, the
	// should-violation entry, or the skip message.
	Reason string `json:"reason,omitempty"`
	// Curl reproduces the request behind Reason, for a failed or warned rule.
	Curl string `json:"curl,omitempty"`
	// CurlAboutRemoved: Curl is about a record the run created and removed by its end, so it
	// shows the fault again only with --rerun-failed (or once the record exists again).
	CurlAboutRemoved bool `json:"curl_about_removed_record,omitempty"`
	// InCatalogue is false for a rule label that the catalogue does not know (a suite bug).
	InCatalogue bool `json:"in_catalogue"`
	// Specs carry the rule's label, or broke it. Swept counts the other specs after which a
	// swept rule was checked and held.
	Specs []SpecResult `json:"specs"`
	Swept int          `json:"swept_specs,omitempty"`
	// Known says why the baseline accepts this failure (state known).
	Known *KnownInfo `json:"known,omitempty"`
}

// SpecResult is one spec as the report shows it.
type SpecResult struct {
	ID         string   `json:"id"` // stable within one report; anchors in report.html
	Text       string   `json:"text"`
	Location   string   `json:"location"`
	State      State    `json:"state"`
	Reason     string   `json:"reason,omitempty"`
	Labels     []string `json:"labels,omitempty"`
	Transcript string   `json:"transcript,omitempty"`
	Curl       string   `json:"curl,omitempty"`
	// ShouldViolations are the spec's should-violation entries ("<ID>: reason").
	ShouldViolations []string `json:"should_violations,omitempty"`
	// FailedRules are the rule ids this spec's failure is charged to.
	FailedRules []string `json:"failed_rules,omitempty"`
	// Findings are the spec's failed checks (failures and SHOULD warnings), each with a plain
	// reason, its cause and the curl line of the answer it is about.
	Findings []Finding `json:"findings,omitempty"`

	// failedAfterBody: the failure came from a node after the spec's body (an AfterEach
	// sweep, a cleanup), so the body's own checks had all held.
	failedAfterBody bool
	// ephemeral: in a rule's view, Curl is about a record the run created and removed.
	ephemeral bool
	// For the JUnit file: the node kind, how long it ran and what it printed (GinkgoWriter).
	leaf    types.NodeType
	runTime time.Duration
	output  string
}
