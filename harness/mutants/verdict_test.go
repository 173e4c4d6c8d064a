package mutants

import (
	"slices"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// spec builds a synthetic spec report: labels on the leaf, a state, and failure messages.
func spec(state types.SpecState, labels []string, messages ...string) types.SpecReport {
	s := types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: "spec", LeafNodeLabels: labels, State: state}
	if len(messages) > 0 {
		s.Failure.Message = messages[0]
		for _, m := range messages[1:] {
			s.AdditionalFailures = append(s.AdditionalFailures, types.AdditionalFailure{State: state, Failure: types.Failure{Message: m}})
		}
	}
	return s
}

// The verdict decides what "caught" means, so it gets its own cases: a failure is the rule's
// when it names the rule, or names no rule and the spec carries the rule's label.
func TestChargesFollowTheNamedRule(t *testing.T) {
	both := []string{"rule:B3.key-header", "rule:B3.token-bearer", "must"}
	cases := []struct {
		name string
		s    types.SpecReport
		rule string
		want bool
	}{
		{"named in the failure", spec(types.SpecStateFailed, both, "[B3.key-header MUST] invalid_api_key"), "B3.key-header", true},
		{"another rule named", spec(types.SpecStateFailed, both, "[B3.token-bearer MUST] 403"), "B3.key-header", false},
		{"named in a later failure", spec(types.SpecStateFailed, nil, "[B4.update MUST] x", "[B7.no-sensitive MUST] leak"), "B7.no-sensitive", true},
		{"no rule named, labelled", spec(types.SpecStateFailed, both, "Expected <int>: 401 to equal <int>: 200"), "B3.token-bearer", true},
		{"no rule named, not labelled", spec(types.SpecStateFailed, both, "Expected something"), "B4.create", false},
	}
	for _, c := range cases {
		if got := charges(c.s, c.rule); got != c.want {
			t.Errorf("%s: charges(%s) = %v, want %v", c.name, c.rule, got, c.want)
		}
	}
}

func TestRunVerdicts(t *testing.T) {
	run := suiteRun{specs: []types.SpecReport{
		spec(types.SpecStatePassed, []string{"rule:B8.count"}),
		spec(types.SpecStateFailed, []string{"rule:B8.count", "rule:B8.paging"}, "[B8.paging MUST] items at offset 2"),
		spec(types.SpecStateSkipped, []string{"rule:B8.next"}),
	}}
	if by := run.caughtBy("B8.count"); len(by) != 0 {
		t.Errorf("a failure naming B8.paging must not count for B8.count: %v", by)
	}
	if by := run.caughtBy("B8.paging"); len(by) != 1 {
		t.Errorf("B8.paging failed once, got %v", by)
	}
	if run.passedFor("B8.count") != 1 || run.passedFor("B8.next") != 0 || run.passed() != 1 {
		t.Error("only specs that ran and passed count; a skipped spec judges nothing")
	}
	if got := run.otherRulesFailed([]string{"B8.count"}); !slices.Equal(got, []string{"B8.paging"}) {
		t.Errorf("collateral = %v, want [B8.paging]", got)
	}
	setup := suiteRun{specs: []types.SpecReport{{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStateAborted, Failure: types.Failure{Message: "cannot open the target\nmore"}}}}
	if msg, failed := setup.setupFailure(); !failed || msg == "" {
		t.Error("a failed suite setup must be reported")
	}
	if _, failed := run.setupFailure(); failed {
		t.Error("no setup node failed in the ordinary run")
	}
}
