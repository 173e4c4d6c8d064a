package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// tryAction performs one action as the actor on a record the owner made, and checks the verdict.
func tryAction(res fixtures.Resource, who *actor, a fixtures.Action, allowed bool, target record) {
	GinkgoHelper()
	c := as(who.session)
	pk := target.pk
	switch a {
	case fixtures.Create:
		pk = target.parentPK
	case fixtures.Delete:
		if allowed {
			pk = seedBeside(res, target, "B6.allowed").pk // a record of its own, so the shared one survives
		}
		// A refused delete is tried on the shared record: it must survive it, and a record of
		// its own would cost a create (a password hash for users: a second on a real Mage).
	}
	attrs := updateFor(res)
	var before map[string]any
	if a == fixtures.Update && !allowed && res.Has(fixtures.Detail) {
		before = owner().Get(res.MemberPath(pk)).Object(res.Singular)
	}
	var resp *harness.Response
	if a == fixtures.Create {
		rec, _ := tryCreate(c, res, pk, payloadFor(res))
		resp = rec.created
	} else {
		resp = perform(c, res, a, pk, attrs)
	}
	key := res.Singular
	if a == fixtures.List {
		key = res.Plural
	}
	if allowed {
		check("B6.allowed", func(g Gomega) { g.Expect(resp).To(harness.BeSuccess(key)) })
		return
	}
	check("B6.forbidden", func(g Gomega) { g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access")) })
	switch a {
	case fixtures.Update:
		expectUnchanged(res, pk, res.UpdateAttribute, before[res.UpdateAttribute], "B6.forbidden")
	case fixtures.Delete:
		expectStillThere(res, pk, "B6.forbidden")
	}
}

// tryForbiddenWrite sends a write of an attribute outside the role's allow-list.
func tryForbiddenWrite(res fixtures.Resource, who *actor, probe fixtures.WriteProbe, target record) {
	GinkgoHelper()
	c := as(who.session)
	if probe.Action == fixtures.Create {
		payload := payloadFor(res)
		payload[probe.Attribute] = probe.Value
		rec, _ := tryCreate(c, res, target.parentPK, payload)
		check("B6.forbidden-attribute", func(g Gomega) {
			g.Expect(rec.created).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
		})
		return
	}
	pk := target.pk
	if probe.OnSelf {
		pk = who.user.pk
	}
	before := owner().Get(res.MemberPath(pk)).Object(res.Singular)
	check("B4.detail", func(g Gomega) {
		g.Expect(before).NotTo(BeNil(), "the owner reading the record before the write")
	})
	resp := perform(c, res, fixtures.Update, pk, map[string]any{probe.Attribute: probe.Value})
	check("B6.forbidden-attribute", func(g Gomega) {
		g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
	})
	if _, shown := before[probe.Attribute]; shown { // a hidden attribute (password_hash) cannot be read back
		expectUnchanged(res, pk, probe.Attribute, before[probe.Attribute], "B6.forbidden-attribute")
	}
}

// updateFor is an update payload changing the resource's update attribute.
func updateFor(res fixtures.Resource) map[string]any {
	if res.UpdateAttribute == "" {
		return map[string]any{"name": fac().Name()}
	}
	if res.UpdateValue != nil {
		return map[string]any{res.UpdateAttribute: res.UpdateValue}
	}
	return map[string]any{res.UpdateAttribute: fac().UpdateValue(res.UpdateAttribute)}
}

// expectUnchanged checks, as the owner, that a refused update left the attribute as it was.
func expectUnchanged(res fixtures.Resource, pk, attr string, old any, ruleID string) {
	GinkgoHelper()
	if !res.Has(fixtures.Detail) {
		return
	}
	obj := owner().Get(res.MemberPath(pk)).Object(res.Singular)
	check(ruleID, func(g Gomega) {
		g.Expect(obj).NotTo(BeNil(), "the record is gone after a refused write")
		if old == nil {
			g.Expect(obj[attr]).To(BeNil(), "attribute %s after a refused write", attr)
		} else {
			g.Expect(obj[attr]).To(Equal(old), "attribute %s after a refused write", attr)
		}
	})
}

// expectStillThere checks, as the owner, that a refused delete left the record in place.
func expectStillThere(res fixtures.Resource, pk, ruleID string) {
	GinkgoHelper()
	var found map[string]any
	if res.Has(fixtures.Detail) {
		found = owner().Get(res.MemberPath(pk)).Object(res.Singular)
	} else {
		found, _ = findInList(owner(), res.ListPath(res.ParentOf(pk)), res, pk)
	}
	check(ruleID, func(g Gomega) { g.Expect(found).NotTo(BeNil(), "the record is gone after a refused delete") })
}

func existenceRule(res fixtures.Resource) string {
	if !res.Missing.Typed() {
		return "B6.existence-first-intended"
	}
	return "B6.existence-first"
}

// expectMissing checks the answer about a record that does not exist, at the fixture's level.
func expectMissing(res fixtures.Resource, resp *harness.Response, ruleID string) {
	GinkgoHelper()
	if !res.Missing.Typed() {
		tolerateServerError(resp)
		check(ruleID, func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(res.Missing.Code, res.Missing.Type))
		})
		return
	}
	check(ruleID, func(g Gomega) { g.Expect(resp).To(harness.HaveErrorType(res.Missing.Type)) })
}
