package report

import (
	"encoding/json"
	"slices"
	"sort"

	"github.com/onsi/ginkgo/v2/types"
)

// Finding is one failed check as the harness recorded it (harness.Finding, entry "finding").
type Finding struct {
	Rule    string   `json:"rule"`
	Level   string   `json:"level"`
	Reason  string   `json:"reason"`
	Cause   string   `json:"cause"`
	Answers []string `json:"answers,omitempty"`
	Where   string   `json:"where,omitempty"`
	Curl    string   `json:"curl,omitempty"`
	// Ephemeral: the example is about a record the run created and removed.
	Ephemeral bool `json:"ephemeral,omitempty"`
}

// Cause is one probable fault behind several failures: the same thing wrong in many answers
// (a missing field, the same wrong code), with the rules and answers it explains.
type Cause struct {
	Text    string   `json:"text"`
	Rules   []string `json:"rules"`
	Answers int      `json:"answers"`
	// Must: a MUST rule failed of it (else it explains SHOULD warnings only).
	Must    bool   `json:"must"`
	Where   string `json:"example"`
	Curl    string `json:"curl,omitempty"`
	Example string `json:"example_rule"`
}

// specFindings reads a spec's finding entries; an entry that does not parse is skipped (the
// spec's failure message still says what happened).
func specFindings(sr types.SpecReport) []Finding {
	var out []Finding
	for _, raw := range entries(sr, entryFinding) {
		var f Finding
		if json.Unmarshal([]byte(raw), &f) == nil && f.Rule != "" {
			out = append(out, f)
		}
	}
	return out
}

// findingFor is the spec's first finding about the rule.
func findingFor(sp SpecResult, id string) (Finding, bool) {
	for _, f := range sp.Findings {
		if f.Rule == id {
			return f, true
		}
	}
	return Finding{}, false
}

// causes groups the findings of every failed or warned rule by cause and keeps those that
// explain more than one failure: two rules, or two answers. Most explained first.
func causes(rules []RuleResult) []Cause {
	type acc struct {
		Cause
		answers   map[string]bool
		ephemeral bool
	}
	byText := map[string]*acc{}
	var order []string
	for _, rr := range rules {
		if rr.State != Fail && rr.State != Warn {
			continue
		}
		for _, sp := range rr.Specs {
			for _, f := range sp.Findings {
				if f.Rule != rr.ID || f.Cause == "" || !judgedFailing(sp, rr.ID) {
					continue
				}
				a := byText[f.Cause]
				if a == nil {
					a = &acc{Cause: Cause{Text: f.Cause, Where: f.Where, Curl: f.Curl, Example: rr.ID}, answers: map[string]bool{}, ephemeral: f.Ephemeral}
					byText[f.Cause] = a
					order = append(order, f.Cause)
				}
				if !slices.Contains(a.Rules, rr.ID) {
					a.Rules = append(a.Rules, rr.ID)
				}
				a.Must = a.Must || rr.Level == "MUST" && rr.State == Fail
				if f.Curl != "" && (a.Curl == "" || a.ephemeral && !f.Ephemeral) {
					a.ephemeral = f.Ephemeral
					a.Where, a.Curl, a.Example = f.Where, f.Curl, rr.ID
				}
				for _, id := range f.Answers {
					a.answers[sp.ID+"|"+id] = true
				}
			}
		}
	}
	var out []Cause
	for _, text := range order {
		a := byText[text]
		a.Answers = len(a.answers)
		if len(a.Rules) > 1 || a.Answers > 1 {
			out = append(out, a.Cause)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Must != out[j].Must {
			return out[i].Must
		}
		if len(out[i].Rules) != len(out[j].Rules) {
			return len(out[i].Rules) > len(out[j].Rules)
		}
		return out[i].Answers > out[j].Answers
	})
	return out
}

// judgedFailing: the spec's own view of the rule is a failure or a warning (not a spec that
// failed earlier on another rule).
func judgedFailing(sp SpecResult, id string) bool {
	st := stateFor(sp, id).State
	return st == Fail || st == Warn
}

// causesOf are the numbers (1-based) of the listed causes that explain the rule.
func causesOf(cs []Cause, id string) []int {
	var out []int
	for i, c := range cs {
		if slices.Contains(c.Rules, id) {
			out = append(out, i+1)
		}
	}
	return out
}
