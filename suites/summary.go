package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B7 summaries: a list that answers one item summarising the records of another resource under
// the same parent (a pipeline's logs, of its runs), for every resource whose description says so.
var _ = Describe("B7 summaries", Label("presenters"), func() {
	for _, res := range fixtures.Catalogue() {
		if res.Summary != nil {
			describeSummary(res)
		}
	}
})

func describeSummary(res fixtures.Resource) {
	sum := res.Summary
	of, _ := fixtures.ByName(sum.Of)
	It("summarises the "+of.Plural+" of a "+res.Parent.Resource+" in one item", Label(resourceLabel(res), actionLabel(fixtures.List)),
		rules("B7.summary"), func() {
			skipUnlessApplicable(res.Plural)
			skipUnlessApplicable(of.Plural)
			// One record to summarise, under a new parent of the summary's: the records' own
			// ancestry starts there.
			var parentPK string
			rec := seedUnder(of, seedAncestry(of, res.Parent.Resource, func(pk string) { parentPK = pk }, "B4.create"), 1, "B4.create", nil)[0]
			resp := owner().Get(res.CollectionPath(parentPK))
			check("B7.summary", func(g Gomega) {
				harness.Precondition(rec.created.Exchange)
				g.Expect(resp).To(harness.BeSuccess(res.Plural))
				items := resp.Items(res.Plural)
				g.Expect(items).To(HaveLen(1), "a summary is one item")
				g.Expect(keysOf(items[0])).To(ConsistOf(res.ListKeys), "the summary's attributes")
				g.Expect(items[0]).To(HaveKeyWithValue(sum.Counted, BeEquivalentTo(1)), "%s of one %s", sum.Counted, of.Singular)
				entries, _ := items[0][sum.Entries].([]any)
				g.Expect(entries).To(HaveLen(sum.PerRecord), "%s of one %s", sum.Entries, of.Singular)
				for _, e := range entries {
					g.Expect(e).To(BeAssignableToTypeOf(map[string]any{}), "an entry of %s", sum.Entries)
					g.Expect(keysOf(e.(map[string]any))).To(ConsistOf(sum.EntryKeys), "an entry of %s", sum.Entries)
				}
			})
		})
}
