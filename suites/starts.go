package suites

import (
	"maps"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B4 starts: a record an update starts, which then makes records of another resource (a
// backfill's runs), for every resource whose description says so.
var _ = Describe("B4 starts", func() {
	for _, res := range fixtures.All() {
		if res.Starts != nil {
			describeStarts(res)
		}
	}
})

func describeStarts(res fixtures.Resource) {
	st := res.Starts
	made, _ := fixtures.ByName(st.Makes)
	Describe(res.Plural, Ordered, ContinueOnFailure, Label("crud", resourceLabel(res), actionLabel(fixtures.Update)), func() {
		var rec record
		var planned *harness.Response
		applies := gateContainer(func() string {
			if why := notApplicable(res.Plural); why != "" {
				return why
			}
			return notApplicable(made.Plural)
		})
		setupAll(func() {
			if applies() {
				rec = seed(res, "B4.create")
				planned = perform(owner(), res, fixtures.Update, rec.pk, st.Plan)
			}
		})

		// madeBy lists the records the record made (Names is a filter of their list).
		madeBy := func() []map[string]any {
			resp := owner().Get(made.ListPath(""), harness.WithQuery(st.Names, res.PKOf(rec.pk)),
				harness.WithQuery("_limit", "100"))
			var out []map[string]any
			for _, item := range listed(made, resp) {
				if renderPK(item[st.Names]) == res.PKOf(rec.pk) {
					out = append(out, item)
				}
			}
			return out
		}
		var makes []string // the pks of what the start made

		It("counts what a start will make in advance", rules("B4.start-preview"), func() {
			resp := owner().Get(res.MemberPath(rec.pk), harness.WithQuery(st.Preview, "1"))
			check("B4.start-preview", func(g Gomega) {
				harness.Precondition(rec.created.Exchange, planned.Exchange)
				g.Expect(planned).To(harness.BeSuccess(res.Singular), "planning the %s", res.Singular)
				g.Expect(resp).To(harness.BeSuccess(res.Singular))
				g.Expect(resp.Object(res.Singular)).To(HaveKeyWithValue(st.Counted, BeEquivalentTo(st.Count)), "with %s", st.Preview)
			})
		})

		It("makes them when it starts, each naming it", rules("B4.start-makes"), func() {
			resp := perform(owner(), res, fixtures.Update, rec.pk, st.Start)
			items := madeBy()
			for _, item := range items {
				makes = append(makes, pkOf(made, item))
			}
			check("B4.start-makes", func(g Gomega) {
				harness.Precondition(rec.created.Exchange, planned.Exchange)
				g.Expect(resp).To(harness.BeSuccess(res.Singular))
				g.Expect(items).To(HaveLen(st.Count), "%s with %s %s", made.Plural, st.Names, res.PKOf(rec.pk))
			})
		})

		It("stops what it made when it stops", rules("B4.stop-cascades"), func() {
			resp := perform(owner(), res, fixtures.Update, rec.pk, st.Stop)
			finished := map[string]bool{st.Stopped: true}
			if made.Executes != nil { // a target that executes them may have finished some
				finished[made.Executes.Steps[len(made.Executes.Steps)-1]] = true
			}
			items := madeBy()
			check("B4.stop-cascades", func(g Gomega) {
				g.Expect(resp).To(harness.BeSuccess(res.Singular))
				g.Expect(items).To(HaveLen(len(makes)), "%s with %s %s", made.Plural, st.Names, res.PKOf(rec.pk))
				for _, item := range items {
					g.Expect(finished).To(HaveKey(item[st.Status]), "%s %s: %s %v, want one of %v",
						made.Singular, pkOf(made, item), st.Status, item[st.Status], slices.Sorted(maps.Keys(finished)))
				}
			})
		})

		It("leaves what it made when it is deleted", rules("B4.delete-keeps-made"), func() {
			resp := owner().Delete(res.MemberPath(rec.pk))
			check("B4.delete-keeps-made", func(g Gomega) {
				g.Expect(resp).To(harness.BeSuccess(res.Singular))
				g.Expect(makes).NotTo(BeEmpty(), "the start made nothing to look for")
				for _, pk := range makes {
					g.Expect(owner().Get(made.MemberPath(pk))).To(harness.BeSuccess(made.Singular), "%s %s after the delete", made.Singular, pk)
				}
			})
		})
	})
}
