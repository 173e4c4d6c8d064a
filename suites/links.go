package suites

import (
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B4 links: records that link to each other within their parent (a pipeline's blocks), for
// every resource whose description says they do.
var _ = Describe("B4 links", func() {
	for _, res := range fixtures.All() {
		if res.Links != nil {
			describeLinks(res)
		}
	}
})

func describeLinks(res fixtures.Resource) {
	links := res.Links
	parent, _ := fixtures.ByName(res.Parent.Resource)
	Describe(res.Plural, Ordered, ContinueOnFailure, Label("crud", resourceLabel(res)), func() {
		var up, down record // down is written with up upstream of it
		applies := resourceGate(res.Plural)
		setupAll(func() {
			if !applies() {
				return
			}
			parentPK := newParent(res, "B4.create")
			up = seedUnder(res, parentPK, 1, "B4.create", nil)[0]
			down = seedUnder(res, parentPK, 1, "B4.create", map[string]any{links.Up: []any{res.PKOf(up.pk)}})[0]
		})

		// pksIn reads a link attribute of a record as the pks it names.
		pksIn := func(obj map[string]any, attr string) []string {
			var out []string
			list, _ := obj[attr].([]any)
			for _, v := range list {
				out = append(out, renderPK(v))
			}
			return out
		}
		detailOf := func(rec record) map[string]any {
			return owner().Get(res.MemberPath(rec.pk)).Object(res.Singular)
		}

		It("lists a record written with an upstream one downstream of it", Label(actionLabel(fixtures.Create)),
			rules("B4.linked-symmetric"), func() {
				check("B4.linked-symmetric", func(g Gomega) {
					harness.Precondition(up.created.Exchange)
					g.Expect(pksIn(down.created.Object(res.Singular), links.Up)).To(ConsistOf(res.PKOf(up.pk)), "%s of the new %s", links.Up, res.Singular)
					g.Expect(pksIn(detailOf(up), links.Down)).To(ContainElement(res.PKOf(down.pk)), "%s of its upstream %s", links.Down, res.Singular)
				})
			})

		It("shows its "+res.Plural+" and their links in the "+parent.Singular+"'s detail", Label(actionLabel(fixtures.Detail)),
			rules("B4.linked-in-parent"), func() {
				resp := owner().Get(parent.MemberPath(up.parentPK))
				check("B4.linked-in-parent", func(g Gomega) {
					harness.Precondition(up.created.Exchange, down.created.Exchange)
					g.Expect(resp).To(harness.BeSuccess(parent.Singular))
					shown := map[string]map[string]any{}
					list, _ := resp.Object(parent.Singular)[links.InParent].([]any)
					for _, v := range list {
						if obj, ok := v.(map[string]any); ok {
							shown[pkOf(res, obj)] = obj
						}
					}
					upPK, downPK := res.PKOf(up.pk), res.PKOf(down.pk)
					g.Expect(shown).To(HaveKey(upPK), "%s of the %s", links.InParent, parent.Singular)
					g.Expect(shown).To(HaveKey(downPK), "%s of the %s", links.InParent, parent.Singular)
					g.Expect(pksIn(shown[upPK], links.Down)).To(ContainElement(downPK), "%s of %s in the %s", links.Down, upPK, parent.Singular)
					g.Expect(pksIn(shown[downPK], links.Up)).To(ContainElement(upPK), "%s of %s in the %s", links.Up, downPK, parent.Singular)
				})
			})

		It("refuses to delete a "+res.Singular+" another one depends on", Label(actionLabel(fixtures.Delete)),
			rules("B4.linked-delete-refused", "B4.linked-delete-typed"), func() {
				resp := owner().Delete(res.MemberPath(up.pk), harness.DependsOn(down.created.Exchange))
				tolerateServerError(resp) // Mage's answer is its code-500 body: the typed error is a SHOULD
				check("B4.linked-delete-refused", func(g Gomega) {
					harness.Precondition(up.created.Exchange, down.created.Exchange)
					_, isErr := resp.Error()
					g.Expect(isErr).To(BeTrue(), "want an error envelope, got %s", describe(resp))
					g.Expect(detailOf(up)).NotTo(BeNil(), "the %s is gone after a refused delete", res.Singular)
				})
				check("B4.linked-delete-typed", func(g Gomega) { g.Expect(resp).To(harness.BeErrorEnvelope(400, "record_invalid")) })
			})

		It("drops a link from both sides when an update removes it", Label(actionLabel(fixtures.Update)),
			rules("B4.linked-symmetric"), func() {
				resp := perform(owner(), res, fixtures.Update, down.pk, map[string]any{links.Up: []any{}})
				check("B4.linked-symmetric", func(g Gomega) {
					harness.Precondition(up.created.Exchange, down.created.Exchange)
					g.Expect(resp).To(harness.BeSuccess(res.Singular))
					g.Expect(pksIn(resp.Object(res.Singular), links.Up)).To(BeEmpty(), "%s after the update", links.Up)
					g.Expect(slices.Contains(pksIn(detailOf(up), links.Down), res.PKOf(down.pk))).To(BeFalse(),
						"%s of the former upstream %s still names %s", links.Down, res.Singular, res.PKOf(down.pk))
				})
			})
	})
}
