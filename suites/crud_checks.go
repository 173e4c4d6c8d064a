package suites

import (
	"maps"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// deletedRule is the rule for "a deleted record is record_not_found" at the fixture's level.
func deletedRule(res fixtures.Resource) string {
	if !res.Missing.Typed() {
		return "B4.deleted-not-found-intended"
	}
	return "B4.deleted-not-found"
}

// expectGone checks that detail of a deleted record (or the request the fixture asks a missing
// record with) is an error of the fixture's kind. A real
// Mage reuses the highest id, so another spec's new record answering under the same id does not
// count as the deleted one coming back.
func expectGone(c *harness.Client, res fixtures.Resource, rec record, ruleID string) {
	GinkgoHelper()
	resp := perform(c, res, res.Missing.Asker(), rec.pk, nil)
	if !res.Missing.Typed() {
		tolerateServerError(resp)
	}
	if obj := resp.Object(res.Singular); obj != nil && !isSameRecord(res, obj, rec) {
		return
	}
	check("B4.deleted-is-error", func(g Gomega) {
		if res.Missing.Mage == fixtures.MageEmptyObject {
			g.Expect(resp).To(harness.RefuseWithout(res.Singular), "%s of a deleted %s", res.Missing.Asker(), res.Singular)
			return
		}
		_, isErr := resp.Error()
		g.Expect(isErr).To(BeTrue(), "%s of a deleted %s must be an error", res.Missing.Asker(), res.Singular)
	})
	check(ruleID, func(g Gomega) {
		if !res.Missing.Typed() {
			g.Expect(resp).To(harness.BeErrorEnvelope(res.Missing.Code, res.Missing.Type))
		} else {
			g.Expect(resp).To(harness.HaveErrorType(res.Missing.Type))
		}
	})
}

// isSameRecord tells whether obj is rec rather than a newer record that got its id: a real Mage
// reuses the highest id, and another run sharing the target may have created it meanwhile.
func isSameRecord(res fixtures.Resource, obj map[string]any, rec record) bool {
	if res.PKKind != fixtures.PKInt {
		return true
	}
	var compared []string
	for _, a := range res.Compare {
		if a != res.UpdateAttribute {
			compared = append(compared, a)
		}
	}
	return showsAsWritten(obj, rec.written, compared)
}

// perform sends one action on a record (or the collection for list and create).
func perform(c *harness.Client, res fixtures.Resource, a fixtures.Action, pk string, attrs map[string]any, extra ...harness.Option) *harness.Response {
	switch a {
	case fixtures.Detail:
		return c.Get(res.MemberPath(pk), extra...)
	case fixtures.Update:
		if res.UpdateRepeatsPK {
			attrs = maps.Clone(attrs)
			attrs[res.PK] = res.PKOf(pk)
		}
		return c.Put(res.MemberPath(pk), append(extra, wrap(res, attrs))...)
	case fixtures.Delete:
		return c.Delete(res.MemberPath(pk), extra...)
	case fixtures.List:
		return c.Get(res.ListPath(res.ParentOf(pk)), extra...)
	}
	return c.Post(res.CreatePath(pk), append(extra, wrap(res, attrs))...)
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// expectNamesParent checks that a record names its parent's pk, for a resource whose records
// carry it (a record known only under its parent, a block, carries none: its paths say it).
func expectNamesParent(g Gomega, res fixtures.Resource, obj map[string]any, parentPK string) {
	if res.Parent.Attribute == "" {
		return
	}
	g.Expect(obj).To(HaveKeyWithValue(res.Parent.Attribute, WithTransform(renderPK, Equal(parentPK))),
		"a record names its %s", res.Parent.Resource)
}
