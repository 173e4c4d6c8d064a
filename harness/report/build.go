package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
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
	}
	specs, setupFailures := collect(r, s, opts.Catalogue)
	s.Rules = ruleResults(specs, opts.Catalogue, opts.Swept)
	s.Resources = matrix("Resources × actions", specs, labelResource, labelAction, resourceOrder, actionOrder, false)
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
		res := specResult(i, sr)
		rules := labelValues(sr.Labels(), labelRule)
		if res.State == Fail {
			res.FailedRules = chargedRules(sr.Failure.Message, rules, catalogue)
		}
		s.all = append(s.all, res)
		switch sr.LeafNodeType {
		case types.NodeTypeIt:
			s.Counts.tally(res.State)
			if res.State == Fail && len(res.FailedRules) == 0 {
				s.Unruled = append(s.Unruled, res)
			}
			specs = append(specs, labelled{SpecResult: res, rules: rules, level: levelOf(sr.Labels())})
		case types.NodeTypeBeforeSuite, types.NodeTypeSynchronizedBeforeSuite:
			if res.State == Fail {
				setupFailures = append(setupFailures, res)
			}
		case types.NodeTypeReportBeforeSuite, types.NodeTypeReportAfterSuite:
			// Reporting nodes (this package's own among them) judge nothing about the target.
		default:
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
	}
	return res
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

// ruleResults groups specs by rule: catalogue rules in catalogue order, then labels,
// violations or failures naming rules the catalogue lacks. A swept rule (checked after every
// spec) is judged by every spec that ran; only the specs that broke it are listed under it.
func ruleResults(specs []labelled, catalogue []Rule, swept []string) []RuleResult {
	byID := map[string]*RuleResult{}
	var order []string
	add := func(rule Rule, inCatalogue bool) *RuleResult {
		if rr, ok := byID[rule.ID]; ok {
			return rr
		}
		byID[rule.ID] = &RuleResult{Rule: rule, InCatalogue: inCatalogue, Specs: []SpecResult{}}
		order = append(order, rule.ID)
		return byID[rule.ID]
	}
	for _, rule := range catalogue {
		add(rule, true)
	}
	// Per rule, the state each spec gives it: a spec can pass for one rule and fail for another.
	states := map[string][]SpecResult{}
	for _, sp := range specs {
		ids := slices.Clone(sp.rules)
		for _, v := range sp.ShouldViolations {
			ids = appendNew(ids, firstOf(violationRule(v)))
		}
		for _, id := range sp.FailedRules {
			ids = appendNew(ids, id)
		}
		for _, id := range ids {
			level := sp.level
			if level == "" {
				level = "MUST"
			}
			rr := add(Rule{ID: id, Level: level, Section: sectionOf(id)}, false)
			rr.Specs = append(rr.Specs, sp.SpecResult)
			states[id] = append(states[id], stateFor(sp.SpecResult, id))
		}
		for _, id := range swept {
			if !slices.Contains(ids, id) && (sp.State == Pass || sp.State == Warn) {
				byID[id].Swept++
				states[id] = append(states[id], SpecResult{State: Pass})
			}
		}
	}
	out := make([]RuleResult, 0, len(order))
	for _, id := range order {
		rr := byID[id]
		rr.State, rr.Reason, rr.Curl = combine(states[id])
		if rr.State != Fail && rr.State != Warn {
			rr.Curl = ""
		}
		out = append(out, *rr)
	}
	return out
}

func appendNew(ids []string, id string) []string {
	if id == "" || slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

func firstOf(a, _ string) string { return a }

// stateFor is what one spec says about one rule.
func stateFor(sp SpecResult, id string) SpecResult {
	view := sp
	switch sp.State {
	case Fail:
		switch {
		case slices.Contains(sp.FailedRules, id):
			view.Reason = trimRulePrefix(sp.Reason, id)
		case sp.failedAfterBody:
			view.State, view.Reason = Pass, ""
		default:
			view.State = Skipped
			view.Reason = "not judged: the spec failed earlier on " + strings.Join(sp.FailedRules, ", ")
		}
	case Pass, Warn:
		view.State, view.Reason = Pass, ""
		for _, v := range sp.ShouldViolations {
			if vid, reason := violationRule(v); vid == id {
				view.State, view.Reason = Warn, reason
				break
			}
		}
	}
	return view
}

// ownState is a spec's outcome for the rules it is labelled with (and the SHOULD rules it
// reported on), for the matrices: a spec whose body held but which broke a rule checked after
// every spec shows as passing its own cell; the broken rule is listed on its own.
func ownState(sp labelled) State {
	ids := slices.Clone(sp.rules)
	for _, v := range sp.ShouldViolations {
		ids = appendNew(ids, firstOf(violationRule(v)))
	}
	if len(ids) == 0 {
		return sp.State
	}
	worst := Untested
	for _, id := range ids {
		if st := stateFor(sp.SpecResult, id).State; severity[st] > severity[worst] {
			worst = st
		}
	}
	return worst
}

// severity orders states so that the worst one decides a rule or a cell.
var severity = map[State]int{Untested: 0, NotApplicable: 1, Skipped: 2, Pass: 3, Warn: 4, Fail: 5}

// combine returns the worst state among the views, with the reason and curl line of the
// first view having it.
func combine(views []SpecResult) (state State, reason, curl string) {
	state = Untested
	for _, v := range views {
		if severity[v.State] > severity[state] {
			state, reason, curl = v.State, v.Reason, v.Curl
		}
	}
	return state, firstLine(reason), curl
}

// sectionOf takes "B4" from "B4.create".
func sectionOf(id string) string {
	section, _, _ := strings.Cut(id, ".")
	return section
}

func (s *Summary) count() {
	for _, rr := range s.Rules {
		switch {
		case rr.Level == "MUST" && rr.State == Fail:
			s.Counts.MustFailed++
		case rr.Level == "SHOULD" && (rr.State == Fail || rr.State == Warn):
			s.Counts.ShouldFailed++
		case rr.Level == "MUST" && rr.State != Pass && rr.State != Warn:
			s.Counts.MustNotRun++
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
	case NotApplicable:
		c.NotApplicable++
	default:
		c.Skipped++
	}
}
