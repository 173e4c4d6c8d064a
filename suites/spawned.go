package suites

import (
	"slices"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// seedSpawned brings about n records the server makes itself (fixtures.Spawned): n Per records
// under the ancestor they hang under, then the parent, created through its trigger, which makes
// one record for each. The records are found in the parent's list; they go with the parent.
func seedSpawned(res fixtures.Resource, n int, ruleID string) []record {
	GinkgoHelper()
	parent, _ := fixtures.ByName(res.Parent.Resource)
	per, _ := fixtures.ByName(res.Spawned.Per)
	holder, _ := fixtures.ByName(parent.Parent.Resource) // the parent's trigger hangs under it
	var perPKs []string
	holderParent := seedAncestry(holder, per.Parent.Resource, func(pk string) {
		for _, r := range seedUnder(per, pk, n, ruleID, nil) {
			perPKs = append(perPKs, per.PKOf(r.pk))
		}
	}, ruleID)
	Expect(perPKs).To(HaveLen(n), "no ancestor of %s is the %s its %s hang under", res.Plural, per.Parent.Resource, per.Plural)

	t := parent.Trigger
	triggerable := seedUnder(holder, holderParent, 1, ruleID, t.Triggerable)[0]
	resp := trigger(parent, t.Paths[0], triggerable.pk, tokenOf(triggerable, t.Token), map[string]any{})
	made, _ := adopt(parent, triggerable.pk, nil, resp)
	check(ruleID, func(g Gomega) {
		g.Expect(made.pk).NotTo(BeEmpty(), "triggering a %s to make its %s: %s", parent.Singular, res.Plural, describe(resp))
	})

	list := owner().Get(res.CollectionPath(made.pk), harness.WithQuery("_limit", strconv.Itoa(n+10)))
	var out []record
	for _, item := range listed(res, list) {
		if v, ok := item[res.Spawned.PerAttribute].(string); ok && slices.Contains(perPKs, v) {
			out = append(out, record{res: res, pk: res.Key(made.pk, listedPK(res, item)), parentPK: made.pk,
				written: map[string]any{res.Spawned.PerAttribute: v}, created: list, shown: item})
		}
	}
	check(ruleID, func(g Gomega) {
		g.Expect(out).To(HaveLen(n), "the %s a triggered %s made, one per %s: %s", res.Plural, parent.Singular, per.Singular, describe(list))
	})
	return out
}

// seedAncestry creates res's parent, its own parents first, and calls at with the pk of the one
// called name once it exists (before its descendants): where a spawned record's Per records go.
// It returns the pk of res's parent.
func seedAncestry(res fixtures.Resource, name string, at func(pk string), ruleID string) string {
	GinkgoHelper()
	parent, _ := fixtures.ByName(res.Parent.Resource)
	grandPK := ""
	if parent.NestedOnly(fixtures.Create) {
		grandPK = seedAncestry(parent, name, at, ruleID)
	}
	pk := seedUnder(parent, grandPK, 1, ruleID, nil)[0].pk
	if parent.Plural == name {
		at(pk)
	}
	return pk
}
