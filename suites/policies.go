package suites

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// actor is a non-owner user the owner created with one role, logged in.
type actor struct {
	session *harness.Session
	user    record
}

// B6: one user per role, and every action of every resource tried by each of them.
var _ = Describe("B6 policies", Ordered, ContinueOnFailure, Label("policies"), func() {
	actors := map[fixtures.Role]*actor{}

	applies := gateContainer(func() string { return needsAuth("users") })
	BeforeAll(func() {
		if !applies() {
			return
		}
		users := usersFixture()
		for _, role := range fixtures.NonOwnerRoles() {
			payload := fac().User()
			payload["roles_new"] = []int{role.RoleID()}
			rec, _ := tryCreate(owner(), users, "", payload)
			check("B4.create", func(g Gomega) {
				g.Expect(rec.created).To(harness.BeSuccess(users.Singular), "creating a user with role %s (roles_new [%d])", role, role.RoleID())
			})
			s, resp := anon().Login(payload["email"].(string), payload["password"].(string))
			check("B3.login", func(g Gomega) {
				g.Expect(resp).To(harness.BeSuccess("session"), "logging in as the new %s", role)
				g.Expect(s).NotTo(BeNil(), "no usable session for the new %s", role)
			})
			actors[role] = &actor{session: s, user: rec}
		}
	})

	for _, res := range fixtures.All() {
		describePolicies(res, actors)
	}
})

func describePolicies(res fixtures.Resource, actors map[fixtures.Role]*actor) {
	Describe(res.Plural, Label("resource:"+res.Plural), func() {
		var target record
		applies := gateContainer(func() string {
			if why := needsAuth("users"); why != "" {
				return why
			}
			return notApplicable(res.Plural)
		})
		BeforeAll(func() {
			if applies() {
				target = seed(res, "B6.allowed")
			}
		})

		for _, role := range fixtures.NonOwnerRoles() {
			for _, a := range fixtures.Actions() {
				if !res.Has(a) {
					continue
				}
				allowed := res.Allows(role, a)
				verdict, ruleID := "is refused", "B6.forbidden"
				if allowed {
					verdict, ruleID = "is allowed", "B6.allowed"
				}
				It(fmt.Sprintf("%s %s %s", role, a, verdict), Label(actionLabel(a), "role:"+string(role)), rules(ruleID), func() {
					tryAction(res, actors[role], a, allowed, target)
				})
			}
			for _, a := range res.SelfService {
				It(fmt.Sprintf("%s %s of their own record is allowed", role, a), Label(actionLabel(a), "role:"+string(role)),
					rules("B6.own-record"), func() {
						own := actors[role].user
						resp := perform(as(actors[role].session), res, a, own.pk, updateFor(res))
						check("B6.own-record", func(g Gomega) {
							g.Expect(resp).To(harness.BeSuccess(res.Singular))
							g.Expect(pkOf(res, resp.Object(res.Singular))).To(Equal(own.pk))
						})
					})
			}
		}

		for _, a := range []fixtures.Action{fixtures.Detail, fixtures.Update, fixtures.Delete} {
			if !res.Has(a) && !res.IsDisabled(a) {
				continue
			}
			It(fmt.Sprintf("answers viewer %s of a missing record with %s", a, res.AfterDelete.Type),
				Label(actionLabel(a), "role:viewer"), rules(existenceRule(res)), func() {
					missing := res.MissingPK(fac().Prefix())
					resp := perform(as(actors[fixtures.Viewer].session), res, a, missing, updateFor(res))
					expectMissing(res, resp, existenceRule(res))
				})
		}

		if res.QueryGuarded && res.Has(fixtures.List) && res.MinRole[fixtures.List] != fixtures.Owner {
			role := res.MinRole[fixtures.List]
			It(fmt.Sprintf("refuses %s listing with a query parameter outside the allow-list", role),
				Label(actionLabel(fixtures.List), "role:"+string(role)), rules("B6.forbidden-query"), func() {
					param := fac().Prefix() + "probe"
					resp := as(actors[role].session).Get(res.CollectionPath(""), harness.WithQuery(param, "1"))
					check("B6.forbidden-query", func(g Gomega) {
						g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"), "query parameter %s", param)
					})
				})
		}

		for _, probe := range res.ForbiddenWrites {
			It(fmt.Sprintf("refuses %s writing %s on %s", probe.Role, probe.Attribute, probe.Action),
				Label(actionLabel(probe.Action), "role:"+string(probe.Role)), rules("B6.forbidden-attribute"), func() {
					tryForbiddenWrite(res, actors[probe.Role], probe, target)
				})
		}
	})
}

// tryAction performs one action as the actor on a record the owner made, and checks the verdict.
func tryAction(res fixtures.Resource, who *actor, a fixtures.Action, allowed bool, target record) {
	GinkgoHelper()
	c := as(who.session)
	pk := target.pk
	switch a {
	case fixtures.Create:
		pk = target.parentPK
	case fixtures.Delete:
		pk = seed(res, "B6.allowed").pk // a record of its own, so the shared one survives
	}
	attrs := updateFor(res)
	if a == fixtures.Create {
		var err error
		attrs, err = fac().Payload(res.Plural)
		Expect(err).NotTo(HaveOccurred())
		env().forbid(sensitiveValues(res, attrs)...)
	}
	var before map[string]any
	if a == fixtures.Update && !allowed && res.Has(fixtures.Detail) {
		before = owner().Get(res.MemberPath(pk)).Object(res.Singular)
	}
	resp := perform(c, res, a, pk, attrs)
	if a == fixtures.Create {
		if obj := resp.Object(res.Singular); pkOf(res, obj) != "" {
			DeferCleanup(removeQuietly, res, pkOf(res, obj))
		}
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
		payload, err := fac().Payload(res.Plural)
		Expect(err).NotTo(HaveOccurred())
		payload[probe.Attribute] = probe.Value
		env().forbid(sensitiveValues(res, payload)...)
		resp := perform(c, res, fixtures.Create, target.parentPK, payload)
		if obj := resp.Object(res.Singular); pkOf(res, obj) != "" {
			DeferCleanup(removeQuietly, res, pkOf(res, obj))
		}
		check("B6.forbidden-attribute", func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
		})
		return
	}
	pk := target.pk
	if probe.OnSelf {
		pk = who.user.pk
	}
	before := owner().Get(res.MemberPath(pk)).Object(res.Singular)
	Expect(before).NotTo(BeNil(), "reading the record before the write")
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
		found, _ = findInList(owner(), res.CollectionPath(""), res, pk)
	}
	check(ruleID, func(g Gomega) { g.Expect(found).NotTo(BeNil(), "the record is gone after a refused delete") })
}

func existenceRule(res fixtures.Resource) string {
	if res.AfterDelete.Level == fixtures.Should {
		return "B6.existence-first-intended"
	}
	return "B6.existence-first"
}

// expectMissing checks the answer about a record that does not exist, at the fixture's level.
func expectMissing(res fixtures.Resource, resp *harness.Response, ruleID string) {
	GinkgoHelper()
	if res.AfterDelete.Level == fixtures.Should {
		tolerateServerError(resp)
		check(ruleID, func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(res.AfterDelete.Code, res.AfterDelete.Type))
		})
		return
	}
	check(ruleID, func(g Gomega) { g.Expect(resp).To(harness.HaveErrorType(res.AfterDelete.Type)) })
}
