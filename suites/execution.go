package suites

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
)

// A run is read until it reaches its last status, or CONFORMANCE_RUN_WAIT (default two
// minutes) has passed: the reference's --runs advance needs three reads, a real scheduler about
// one tick of ten seconds per block. This is a wait, not a timing assertion: only the statuses
// seen are judged. The pause between reads grows to a second.

// B4 execution: on a target that declares it executes runs, each resource that is executed
// reaches its last status (a run; a backfill, which its runs complete).
var _ = Describe("B4 execution", func() {
	for _, res := range fixtures.All() {
		if res.Executes != nil {
			describeExecution(res)
		}
	}
})

func describeExecution(res fixtures.Resource) {
	x := res.Executes
	It("runs a "+res.Singular+" to "+x.Steps[len(x.Steps)-1], Label("crud", resourceLabel(res), actionLabel(fixtures.Detail)),
		rules("B4.run-completes"), func() {
			skipUnlessApplicable(res.Plural, profile.FeatureExecutesRuns)
			rec := executable(res)
			var seen []string
			var last *harness.Response
			deadline := time.Now().Add(env().cfg.RunWaitOrDefault())
			for i := 0; ; i++ {
				last = owner().Get(res.MemberPath(rec.pk))
				status, _ := last.Object(res.Singular)[x.Status].(string)
				if len(seen) == 0 || seen[len(seen)-1] != status {
					seen = append(seen, status)
				}
				if status == x.Steps[len(x.Steps)-1] || indexOf(x.Steps, status) < 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(min(time.Duration(i)*50*time.Millisecond, time.Second))
			}
			check("B4.run-completes", func(g Gomega) {
				g.Expect(last).To(harness.BeSuccess(res.Singular))
				g.Expect(inOrder(x.Steps, seen)).To(BeTrue(), "statuses seen %v, want a walk through %v", seen, x.Steps)
				g.Expect(seen[len(seen)-1]).To(Equal(x.Steps[len(x.Steps)-1]), "statuses seen %v", seen)
				for _, stamp := range x.Stamps {
					g.Expect(last.Object(res.Singular)).To(HaveKeyWithValue(stamp, Not(BeNil())), "%s once %s", stamp, seen[len(seen)-1])
				}
			})
		})
}

func indexOf(steps []string, s string) int {
	for i, step := range steps {
		if step == s {
			return i
		}
	}
	return -1
}

// inOrder reports whether every status seen is a step, each later than the one before.
func inOrder(steps, seen []string) bool {
	prev := -1
	for _, s := range seen {
		i := indexOf(steps, s)
		if i <= prev {
			return false
		}
		prev = i
	}
	return true
}

// finished reports whether obj is a record its target has executed to its last status (a
// target may execute runs without its profile saying so: Mage's own default runs a
// scheduler): an update of its status may then rightly change nothing.
func finished(res fixtures.Resource, obj map[string]any) bool {
	x := res.Executes
	return x != nil && obj[x.Status] == x.Steps[len(x.Steps)-1]
}

// executable creates a record its target will execute: through the trigger where the resource
// has one (a Mage scheduler runs the runs of active schedules, and a trigger activates its
// schedule), planned and started where an update starts it, or else with an ordinary create.
func executable(res fixtures.Resource) record {
	GinkgoHelper()
	t := res.Trigger
	if st := res.Starts; st != nil {
		rec := seed(res, "B4.create")
		for _, write := range []map[string]any{st.Plan, st.Start} {
			resp := perform(owner(), res, fixtures.Update, rec.pk, write)
			check("B4.run-completes", func(g Gomega) {
				g.Expect(resp).To(harness.BeSuccess(res.Singular), "starting the %s", res.Singular)
			})
		}
		return rec
	}
	if t == nil {
		return seed(res, "B4.create")
	}
	parentRes, _ := fixtures.ByName(res.Parent.Resource)
	parent := seedWith(parentRes, t.Triggerable, "B4.run-completes")
	resp := trigger(res, t.Paths[0], parent.pk, tokenOf(parent, t.Token), map[string]any{"mc_run": fac().Name()})
	rec, ok := adopt(res, parent.pk, nil, resp)
	if !ok {
		check("B4.run-completes", func(g Gomega) {
			g.Expect(resp.Object(res.Singular)).NotTo(BeNil(), "triggering a %s: %s", res.Singular, describe(resp))
		})
	}
	return rec
}
