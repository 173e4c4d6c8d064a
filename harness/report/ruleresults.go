package report

import (
	"slices"
	"strings"

	"github.com/mageconform/mageconform/harness/plain"
)

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
		rr.State, rr.Reason, rr.Curl, rr.CurlAboutRemoved = combine(states[id])
		if rr.State != Fail && rr.State != Warn {
			rr.Curl, rr.CurlAboutRemoved = "", false
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
			view.Reason = plain.Reason(trimRulePrefix(sp.Reason, id))
			if f, ok := findingFor(sp, id); ok {
				view.Reason, view.Curl, view.ephemeral = f.Reason, orElse(f.Curl, sp.Curl), f.Ephemeral
			}
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
				view.State, view.Reason = Warn, plain.Reason(reason)
				if f, ok := findingFor(sp, id); ok {
					view.Reason, view.Curl, view.ephemeral = f.Reason, orElse(f.Curl, sp.Curl), f.Ephemeral
				}
				break
			}
		}
	}
	return view
}

func orElse(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
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
// An error (not judged) outranks a pass: a rule is not shown as holding when a spec could
// not check it; a failure elsewhere outranks the error.
var severity = map[State]int{Untested: 0, NotApplicable: 1, Skipped: 2, Pass: 3, Warn: 4, Known: 5, Error: 6, Fail: 7}

// combine returns the worst state among the views, with the reason and curl line of the
// first view having it, preferring one whose curl line outlives the run (not about a record
// the run created and removed), so the line under a rule still shows the fault when pasted.
func combine(views []SpecResult) (state State, reason, curl string, aboutRemoved bool) {
	state = Untested
	lasting := false
	for _, v := range views {
		worse := severity[v.State] > severity[state]
		better := severity[v.State] == severity[state] && !lasting && v.Curl != "" && !v.ephemeral
		if worse || better {
			state, reason, curl, aboutRemoved = v.State, v.Reason, v.Curl, v.ephemeral
			lasting = v.Curl != "" && !v.ephemeral
		}
	}
	return state, firstLine(reason), curl, aboutRemoved
}

// sectionOf takes "B4" from "B4.create".
func sectionOf(id string) string {
	section, _, _ := strings.Cut(id, ".")
	return section
}
