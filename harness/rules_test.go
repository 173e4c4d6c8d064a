package harness

import (
	"strings"
	"testing"

	"github.com/onsi/gomega"
)

var (
	mustRule   = Rule{ID: "B1.envelope-shape", Level: MUST, Section: "B1", Text: "..."}
	shouldRule = Rule{ID: "B10.unknown-resource", Level: SHOULD, Section: "B10", Text: "..."}
)

func TestRuleLabels(t *testing.T) {
	if got := mustRule.Labels(); len(got) != 2 || got[0] != "rule:B1.envelope-shape" || got[1] != "must" {
		t.Errorf("MUST labels %v", got)
	}
	if got := shouldRule.Labels(); got[1] != "should" {
		t.Errorf("SHOULD labels %v", got)
	}
}

func TestRunRuleStopsAtTheFirstFailure(t *testing.T) {
	reached := false
	failure, failed := runRule(func(g gomega.Gomega) {
		g.Expect(1).To(gomega.Equal(2), "first")
		reached = true
	})
	if !failed || !strings.Contains(failure, "first") || reached {
		t.Errorf("failure %q, failed %v, continued after it: %v", failure, failed, reached)
	}
	if _, failed := runRule(func(g gomega.Gomega) { g.Expect(1).To(gomega.Equal(1)) }); failed {
		t.Error("a passing body reported a failure")
	}
	failure, failed = runRule(func(g gomega.Gomega) {
		var items []map[string]any
		_ = items[3]["id"] // what a check does when the target sent fewer items than expected
	})
	if !failed || !strings.Contains(failure, "panic") {
		t.Errorf("a panic in the body must become a failure, got %q %v", failure, failed)
	}
	failure, failed = runRule(func(g gomega.Gomega) {
		g.Expect(answer(200, `{"users":[]}`, usersURL)).To(BeErrorEnvelope(404, "record_not_found"))
	})
	if !failed || !strings.Contains(failure, "E(404, record_not_found)") {
		t.Errorf("harness matchers inside a rule: %q", failure)
	}
}

func TestJudge(t *testing.T) {
	cases := []struct {
		rule         Rule
		strict       bool
		fail, report string
	}{
		{mustRule, false, "[B1.envelope-shape MUST] boom", ""},
		{mustRule, true, "[B1.envelope-shape MUST] boom", ""},
		{shouldRule, false, "", "B10.unknown-resource: boom"},
		{shouldRule, true, "[B10.unknown-resource SHOULD] boom", ""},
		{Rule{ID: "X.unlevelled"}, false, "[X.unlevelled MUST] boom", ""},
	}
	for _, c := range cases {
		v := judge(c.rule, c.strict, "boom")
		if v.fail != c.fail || v.entry != c.report {
			t.Errorf("%s strict=%v: %+v", c.rule.ID, c.strict, v)
		}
	}
}
