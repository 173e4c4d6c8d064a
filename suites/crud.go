package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B4: one lifecycle per described resource, run by the same procedure for all of them.
var _ = Describe("B4 CRUD lifecycle", func() {
	for _, res := range fixtures.All() {
		describeLifecycle(res)
	}
})

func actionLabel(a fixtures.Action) string { return "action:" + string(a) }

func resourceLabel(r fixtures.Resource) string { return "resource:" + r.Plural }

func describeLifecycle(res fixtures.Resource) {
	Describe(res.Plural, Ordered, ContinueOnFailure, Label(resourceLabel(res)), func() {
		var rec record
		applies := resourceGate(res.Plural)
		setupAll(func() {
			if applies() {
				rec = seed(res, "B4.create")
			}
		})

		if res.Has(fixtures.Create) {
			It("answers create with the record as written", Label("crud", actionLabel(fixtures.Create)),
				rules("B4.create", "B2.success-envelope"), func() {
					check("B2.success-envelope", func(g Gomega) {
						g.Expect(rec.created).To(harness.BeSuccess(res.Singular))
					})
					check("B4.create", func(g Gomega) {
						expectSame(g, rec.created.Object(res.Singular), rec.written, res.Compare)
					})
				})
		}

		if res.PKKind == fixtures.PKDerivedUUID {
			It("derives the "+res.PK+" from the "+res.PKSource, Label("crud", actionLabel(fixtures.Create)),
				rules("B4.derived-pk"), func() {
					check("B4.derived-pk", func(g Gomega) {
						g.Expect(res.PKOf(rec.pk)).To(Equal(fixtures.CleanName(rec.written[res.PKSource].(string))))
					})
				})
		}

		if res.Parent != nil {
			It("names its parent and is listed under it", Label("crud", actionLabel(fixtures.List)),
				rules("B4.nested", "B2.list-envelope"), func() {
					check("B4.nested", func(g Gomega) { expectNamesParent(g, res, rec.object(), rec.parentPK) })
					if res.NestedToo(fixtures.List) {
						item, resp := findInList(owner(), res.CollectionPath(rec.parentPK), res, rec.pk)
						check("B2.list-envelope", func(g Gomega) { g.Expect(resp).To(harness.BeSuccess(res.Plural)) })
						check("B4.nested", func(g Gomega) {
							g.Expect(item).NotTo(BeNil(), "not listed under %s %s", res.Parent.Resource, rec.parentPK)
							for _, it := range listed(res, resp) {
								expectNamesParent(g, res, it, rec.parentPK)
							}
						})
					}
				})
		}

		if res.Parent != nil && res.Has(fixtures.Detail) {
			parent, _ := fixtures.ByName(res.Parent.Resource)
			ruleID := "B4.foreign-parent"
			if res.Parent.MageIgnoresForeign {
				ruleID = "B4.foreign-parent-intended"
			}
			It("is not answered under another "+parent.Singular, Label("crud", actionLabel(fixtures.Detail)), rules(ruleID), func() {
				other := seed(parent, ruleID)
				resp := owner().Get(res.MemberPathUnder(other.pk, rec.pk))
				check(ruleID, func(g Gomega) {
					harness.Precondition(rec.created.Exchange)
					g.Expect(resp.Err).NotTo(HaveOccurred())
					obj := resp.Object(res.Singular)
					g.Expect(obj == nil || pkOf(res, obj) != res.PKOf(rec.pk)).To(BeTrue(), "%s %s of %s %s is answered under %s %s",
						res.Singular, res.PKOf(rec.pk), parent.Singular, rec.parentPK, parent.Singular, other.pk)
				})
			})
		}

		if res.NestedToo(fixtures.List) {
			parent, _ := fixtures.ByName(res.Parent.Resource)
			isolated := "B4.nested-isolated"
			if res.Parent.MageListsAll {
				isolated = "B4.nested-isolated-intended"
			}
			It("is not listed under another "+parent.Singular+", whose own records it does not get", Label("crud", actionLabel(fixtures.List)),
				rules(isolated, "B4.nested"), func() {
					other := seed(parent, isolated)
					item, resp := findInList(owner(), res.CollectionPath(other.pk), res, rec.pk)
					check(isolated, func(g Gomega) {
						harness.Precondition(rec.created.Exchange)
						g.Expect(resp).To(harness.BeSuccess(res.Plural))
						g.Expect(item).To(BeNil(), "%s %s of %s %s is listed under %s %s", res.Singular, rec.pk,
							parent.Singular, rec.parentPK, parent.Singular, other.pk)
					})
					if !res.NestedOnly(fixtures.Create) {
						return
					}
					// Several parents exist now: a create under the newer one names it, and the
					// older one's list does not get it.
					child, _ := tryCreate(owner(), res, other.pk, payloadFor(res))
					listed, _ := findInList(owner(), res.CollectionPath(other.pk), res, child.pk)
					check("B4.nested", func(g Gomega) {
						g.Expect(child.created).To(harness.BeSuccess(res.Singular))
						expectNamesParent(g, res, child.created.Object(res.Singular), other.pk)
						g.Expect(listed).NotTo(BeNil(), "%s %s is not listed under the %s it was created under", res.Singular, child.pk, parent.Singular)
					})
					stray, _ := findInList(owner(), res.CollectionPath(rec.parentPK), res, child.pk)
					check(isolated, func(g Gomega) {
						g.Expect(stray).To(BeNil(), "%s %s of %s %s is listed under %s %s", res.Singular, child.pk,
							parent.Singular, other.pk, parent.Singular, rec.parentPK)
					})
				})
			It("answers a list under a missing "+parent.Singular+" with "+parent.Missing.Type, Label("crud", actionLabel(fixtures.List)),
				rules("B4.nested-missing-parent"), func() {
					resp := owner().Get(res.CollectionPath(parent.MissingPK(fac().Prefix())))
					tolerateServerError(resp)
					check("B4.nested-missing-parent", func(g Gomega) {
						g.Expect(resp).To(harness.BeErrorEnvelope(parent.Missing.Code, parent.Missing.Type))
					})
				})
		}

		if res.Has(fixtures.Detail) {
			It("shows what was written on detail", Label("crud", actionLabel(fixtures.Detail)),
				rules("B4.detail", "B2.success-envelope"), func() {
					resp := owner().Get(res.MemberPath(rec.pk))
					check("B2.success-envelope", func(g Gomega) { g.Expect(resp).To(harness.BeSuccess(res.Singular)) })
					check("B4.detail", func(g Gomega) {
						obj := resp.Object(res.Singular)
						g.Expect(pkOf(res, obj)).To(Equal(res.PKOf(rec.pk)))
						expectSame(g, obj, rec.written, res.Compare)
					})
				})
			It("shows the presenter's detail attributes", Label("presenters", actionLabel(fixtures.Detail)),
				rules("B7.detail-keys"), func() {
					resp := owner().Get(res.MemberPath(rec.pk))
					check("B7.detail-keys", func(g Gomega) {
						g.Expect(resp).To(harness.BeSuccess(res.Singular))
						for _, k := range append(res.DetailKeys, res.Compare...) {
							g.Expect(resp.Object(res.Singular)).To(HaveKey(k))
						}
					})
				})
		}

		for _, a := range res.Disabled {
			It("refuses "+string(a)+" of an existing record", Label("crud", actionLabel(a)),
				rules("B4.disabled-action"), func() {
					skipIf(writesOpenWithoutAuth(a))
					resp := perform(owner(), res, a, rec.pk, map[string]any{"name": rec.written["name"]})
					check("B4.disabled-action", func(g Gomega) {
						g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
					})
				})
		}

		if res.Has(fixtures.List) {
			It("lists the record", Label("crud", actionLabel(fixtures.List)),
				rules("B4.list", "B2.list-envelope"), func() {
					item, resp := findInList(owner(), res.ListPath(rec.parentPK), res, rec.pk)
					check("B2.list-envelope", func(g Gomega) { g.Expect(resp).To(harness.BeSuccess(res.Plural)) })
					check("B4.list", func(g Gomega) {
						harness.Precondition(rec.created.Exchange) // pasted later, the list needs the record again
						g.Expect(item).NotTo(BeNil(), "%s %s is not in the list", res.Singular, rec.pk)
						expectListed(g, res, item, rec.written, res.Compare)
					})
				})
			It("shows the presenter's list attributes", Label("presenters", actionLabel(fixtures.List)),
				rules("B7.list-keys"), func() {
					item, _ := findInList(owner(), res.ListPath(rec.parentPK), res, rec.pk)
					check("B7.list-keys", func(g Gomega) {
						harness.Precondition(rec.created.Exchange)
						g.Expect(item).NotTo(BeNil(), "%s %s is not in the list", res.Singular, rec.pk)
						if res.ListKeysExact {
							g.Expect(keysOf(item)).To(ConsistOf(res.ListKeys), "the keys of a listed %s", res.Singular)
						} else {
							g.Expect(keysOf(item)).To(ContainElements(res.ListKeys), "the keys of a listed %s", res.Singular)
						}
					})
				})
		}

		if res.Has(fixtures.Update) {
			It("changes the record on update and shows the change on detail", Label("crud", actionLabel(fixtures.Update)),
				rules("B4.update", "B2.success-envelope"), func() {
					change := updateFor(res)
					resp := perform(owner(), res, fixtures.Update, rec.pk, change)
					check("B2.success-envelope", func(g Gomega) { g.Expect(resp).To(harness.BeSuccess(res.Singular)) })
					if finished(res, resp.Object(res.Singular)) {
						// It executed to its end before the update came, which then changes
						// nothing: the record must really be at its end, not only the answer say so.
						detail := owner().Get(res.MemberPath(rec.pk))
						check("B4.update", func(g Gomega) {
							g.Expect(detail).To(harness.BeSuccess(res.Singular))
							g.Expect(finished(res, detail.Object(res.Singular))).To(BeTrue(),
								"the update answered a finished %s, detail shows %v", res.Singular, detail.Object(res.Singular)[res.Executes.Status])
						})
						return
					}
					check("B4.update", func(g Gomega) {
						expectSame(g, resp.Object(res.Singular), change, []string{res.UpdateAttribute})
					})
					switch {
					case res.Has(fixtures.Detail):
						detail := owner().Get(res.MemberPath(rec.pk))
						check("B4.update", func(g Gomega) {
							g.Expect(detail).To(harness.BeSuccess(res.Singular))
							expectSame(g, detail.Object(res.Singular), change, []string{res.UpdateAttribute})
						})
					case res.Has(fixtures.List): // no detail: the list shows the change
						item, _ := findInList(owner(), res.ListPath(rec.parentPK), res, rec.pk)
						check("B4.update", func(g Gomega) {
							g.Expect(item).NotTo(BeNil(), "%s %s is not in the list after its update", res.Singular, rec.pk)
							expectListed(g, res, item, change, []string{res.UpdateAttribute})
						})
					}
				})
		}

		if res.Has(fixtures.Delete) {
			// One spec, so a label filter can never run the "after delete" half on a living record.
			It("deletes the record, after which "+string(res.Missing.Asker())+" is "+res.Missing.Type, Label("crud", actionLabel(fixtures.Delete)),
				rules("B4.delete", "B2.success-envelope", "B4.deleted-is-error", deletedRule(res)), func() {
					resp := owner().Delete(res.MemberPath(rec.pk))
					check("B2.success-envelope", func(g Gomega) { g.Expect(resp).To(harness.BeSuccess(res.Singular)) })
					if res.Has(fixtures.List) {
						item, _ := findWhere(owner(), res.ListPath(rec.parentPK), res, func(it map[string]any) bool {
							return listedPK(res, it) == res.PKOf(rec.pk) && isSameRecord(res, it, rec)
						})
						check("B4.delete", func(g Gomega) {
							g.Expect(item).To(BeNil(), "%s %s is still listed after delete", res.Singular, rec.pk)
						})
					}
					if res.NestedToo(fixtures.List) && res.CollectionPath(rec.parentPK) != res.ListPath(rec.parentPK) {
						// Listed under its parent as well: gone from there too.
						nested, _ := findWhere(owner(), res.CollectionPath(rec.parentPK), res, func(it map[string]any) bool {
							return listedPK(res, it) == res.PKOf(rec.pk) && isSameRecord(res, it, rec)
						})
						check("B4.delete", func(g Gomega) {
							g.Expect(nested).To(BeNil(), "%s %s is still listed under its %s after delete", res.Singular, rec.pk, res.Parent.Resource)
						})
					}
					expectGone(owner(), res, rec, deletedRule(res))
				})
		}
	})
}
