package report

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/version"
)

// Build reads a Ginkgo report of the suites and decides the run.
func Build(r types.Report, opts Options) *Summary {
	s := &Summary{
		Suite:    r.SuiteDescription,
		Started:  r.StartTime,
		Duration: r.RunTime,
		Seed:     r.SuiteConfig.RandomSeed,
		Labels:   r.SuiteConfig.LabelFilter,
		Strict:   opts.Strict,
		Certify:  opts.Certify,
		Config:   opts.Config,
		Profile:  opts.Profile,
		Target:   opts.Target,
		Command:  opts.Command,
		Rerun:    opts.Rerun,
		swept:    opts.Swept,

		Implementation: opts.Implementation,

		Mageconform:   version.Get(),
		RulesRevision: RulesRevision(opts.Catalogue),
	}
	if s.Target == nil {
		s.Target = targetFromConfig(opts.Config)
	}
	specs, setupFailures := collect(r, s, opts.Catalogue)
	s.Rules = ruleResults(specs, opts.Catalogue, opts.Swept)
	s.Causes = causes(s.Rules)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	s.Baseline = applyBaseline(s.Rules, opts.Baseline, opts.Strict, now)
	s.Resources = matrix("Resources × actions", specs, labelResource, labelAction, resourceOrder(), actionOrder, false)
	s.Auth = matrix("Key placement × token placement", specs, labelKey, labelToken, keyOrder, tokenOrder, true)
	s.count()
	s.Verdict = decide(s, r, setupFailures)
	return s
}

// collect turns the spec reports into SpecResults, tallies the It specs and gathers failures
// that no rule covers. Suite setup failures are returned apart: after one, no verdict about
// the target holds.
func collect(r types.Report, s *Summary, catalogue []Rule) (specs []labelled, setupFailures []SpecResult) {
	for i, sr := range r.SpecReports {
		for _, v := range entries(sr, entryClaimedVersion) {
			s.ClaimedVersion = v
		}
		for _, raw := range entries(sr, entryRequestCounts) {
			var n struct{ Logins, UserCreates int }
			if json.Unmarshal([]byte(raw), &struct {
				Logins      *int `json:"logins"`
				UserCreates *int `json:"user_creates"`
			}{&n.Logins, &n.UserCreates}) == nil {
				s.Counts.Logins += n.Logins
				s.Counts.UserCreates += n.UserCreates
			}
		}
		res := specResult(i, sr)
		rules := labelValues(sr.Labels(), labelRule)
		if res.State == Fail {
			res.FailedRules = chargedRules(sr.Failure.Message, rules, catalogue)
			// A check that failed after the first failure (a sweep over the whole spec, run as
			// a cleanup once the body had failed) names its rule too: that rule failed as well.
			for _, later := range sr.AdditionalFailures {
				if m := verifyPrefix.FindStringSubmatch(later.Failure.Message); m != nil {
					res.FailedRules = appendNew(res.FailedRules, m[1])
				}
			}
		}
		s.all = append(s.all, res)
		switch sr.LeafNodeType {
		case types.NodeTypeIt:
			s.Counts.tally(res.State)
			if res.State == Fail && len(res.FailedRules) == 0 {
				s.Unruled = append(s.Unruled, res)
			}
			if res.State == Error {
				s.Errors = append(s.Errors, res)
			}
			specs = append(specs, labelled{SpecResult: res, rules: rules, level: levelOf(sr.Labels())})
		case types.NodeTypeBeforeSuite, types.NodeTypeSynchronizedBeforeSuite:
			if res.State == Fail {
				setupFailures = append(setupFailures, res)
			}
		case types.NodeTypeReportBeforeSuite, types.NodeTypeReportAfterSuite:
			// Reporting nodes (this package's own among them) judge nothing about the target.
		default:
			if res.State == Error {
				s.Errors = append(s.Errors, res)
				s.Counts.Errored++
			}
			if res.State == Fail {
				res.FailedRules = nil // a cleanup failure is about the run, not a rule
				s.Unruled = append(s.Unruled, res)
				s.Counts.Failed++
			}
		}
	}
	return specs, setupFailures
}

// labelled is a spec with the labels the report groups by.
type labelled struct {
	SpecResult
	rules []string
	level string
}

func specResult(i int, sr types.SpecReport) SpecResult {
	res := SpecResult{
		ID:               fmt.Sprintf("spec-%d", i),
		Text:             strings.TrimSpace(sr.FullText()),
		Location:         fmt.Sprintf("%s:%d", sr.FileName(), sr.LineNumber()),
		Labels:           sr.Labels(),
		Transcript:       lastEntry(sr, entryTranscript),
		Curl:             lastEntry(sr, entryCurl),
		ShouldViolations: entries(sr, entryShouldViolation),
		Findings:         specFindings(sr),
		leaf:             sr.LeafNodeType,
		runTime:          sr.RunTime,
		output:           sr.CapturedGinkgoWriterOutput,
	}
	if res.Text == "" {
		res.Text = "[" + sr.LeafNodeType.String() + "]"
	}
	msg := strings.TrimSpace(sr.Failure.Message)
	switch {
	case sr.State.Is(types.SpecStatePassed):
		res.State = Pass
		if len(res.ShouldViolations) > 0 {
			res.State, res.Reason = Warn, res.ShouldViolations[0]
		}
	case sr.State.Is(types.SpecStateSkipped):
		res.State, res.Reason = Skipped, msg
		if strings.HasPrefix(msg, skipNotApplicable) {
			res.State = NotApplicable
		}
		if msg == "" {
			res.Reason = "not selected (label filter or focus)"
		}
	case sr.State.Is(types.SpecStatePending):
		res.State, res.Reason = Skipped, "pending"
	default:
		res.failedAfterBody = sr.Failure.FailureNodeType.Is(afterBody)
		res.State, res.Reason = Fail, msg
		if msg == "" {
			res.Reason = sr.Failure.ForwardedPanic
		}
		if !sr.State.Is(types.SpecStateFailed) {
			res.Reason = fmt.Sprintf("%s: %s", sr.State, res.Reason)
		}
		if why, ok := notJudgedBecause(sr); ok {
			res.State, res.Reason = Error, why
		}
	}
	return res
}

// notJudgedBecause says why a spec that did not pass is an error rather than a failure: a
// request got no HTTP answer before the spec failed (its transport-error entry comes first),
// the harness stopped the run because the target stopped answering, or the spec ran out of
// time.
func notJudgedBecause(sr types.SpecReport) (string, bool) {
	msg := strings.TrimSpace(sr.Failure.Message)
	for _, e := range sr.ReportEntries {
		if e.Name == entryTransportError && e.TimelineLocation.Order <= sr.Failure.TimelineLocation.Order {
			if strings.HasPrefix(msg, stoppedAnswering) {
				return msg, true
			}
			return "no HTTP answer: " + e.Value.String(), true
		}
	}
	switch {
	case strings.HasPrefix(msg, stoppedAnswering):
		return msg, true
	case sr.State.Is(types.SpecStateTimedout):
		return "no answer in time: " + msg, true
	}
	return "", false
}

// afterBody are the nodes that run once a spec's body has completed.
const afterBody = types.NodeTypeAfterEach | types.NodeTypeJustAfterEach | types.NodeTypeCleanupAfterEach |
	types.NodeTypeAfterAll | types.NodeTypeCleanupAfterAll

// verifyPrefix is how harness.Verify starts a failure: "[B7.no-sensitive MUST] ...".
var verifyPrefix = regexp.MustCompile(`^\s*\[(\S+) (?:MUST|SHOULD)\]`)

// chargedRules decides which rules a failed spec's failure is about: the rule harness.Verify
// names in its prefix (even one the spec is not labelled with, as for the checks run after
// every spec), else the spec's or catalogue's rules the message names, else all of the spec's
// rules. A failure naming no rule in a spec with no rule label is charged to none.
func chargedRules(message string, labelled []string, catalogue []Rule) []string {
	if m := verifyPrefix.FindStringSubmatch(message); m != nil {
		return []string{m[1]}
	}
	candidates := slices.Clone(labelled)
	for _, r := range catalogue {
		if !slices.Contains(candidates, r.ID) {
			candidates = append(candidates, r.ID)
		}
	}
	var named []string
	for _, id := range candidates {
		if mentions(message, id) {
			named = append(named, id)
		}
	}
	if len(named) == 0 {
		return labelled
	}
	return named
}

// trimRulePrefix drops "[<id> MUST] " or "<id>: " from a reason shown next to the rule id.
func trimRulePrefix(reason, id string) string {
	if m := verifyPrefix.FindStringSubmatchIndex(reason); m != nil && reason[m[2]:m[3]] == id {
		return strings.TrimSpace(reason[m[1]:])
	}
	return strings.TrimSpace(strings.TrimPrefix(reason, id+":"))
}

func (s *Summary) count() {
	for _, rr := range s.Rules {
		switch {
		case rr.Level == "MUST" && rr.State == Fail:
			s.Counts.MustFailed++
		case rr.Level == "SHOULD" && (rr.State == Fail || rr.State == Warn):
			s.Counts.ShouldFailed++
		case rr.Level == "MUST" && rr.State != Pass && rr.State != Warn && rr.State != Known:
			s.Counts.MustNotRun++
		}
		if rr.State == Error {
			s.Counts.RulesErrored++
		}
		if rr.State == Known {
			s.Counts.Known++
		}
	}
}

func (c *Counts) tally(state State) {
	c.Specs++
	switch state {
	case Pass, Warn:
		c.Passed++
	case Fail:
		c.Failed++
	case Error:
		c.Errored++
	case NotApplicable:
		c.NotApplicable++
	default:
		c.Skipped++
	}
}

// RulesRevision names a catalogue by its content: the number of rules and the start of a
// SHA-256 over every id, level and sentence. Any change to a rule changes it.
func RulesRevision(catalogue []Rule) string {
	h := sha256.New()
	for _, r := range catalogue {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\n", r.ID, r.Level, r.Section, r.Text)
	}
	return fmt.Sprintf("%d-%x", len(catalogue), h.Sum(nil)[:6])
}
