package suites

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B6: every action of every resource tried by the run's user of each role (actors.go).
var _ = Describe("B6 policies", Ordered, ContinueOnFailure, Label("policies"), func() {
	applies := gateContainer(func() string { return needsAuth(accounts().Plural) })
	setupAll(func() {
		DeferCleanup(env().actors.reset) // the setup's scope removes the users after the last spec
		if applies() {
			for _, role := range fixtures.NonOwnerRoles() {
				actorFor(role)
			}
		}
	})

	for _, res := range fixtures.All() {
		describePolicies(res)
	}
	for _, res := range fixtures.Catalogue() {
		if res.Owned != nil {
			describeOwned(res)
		}
	}
})

func describePolicies(res fixtures.Resource) {
	Describe(res.Plural, Label(resourceLabel(res)), func() {
		var target record
		applies := gateContainer(func() string {
			if why := needsAuth(accounts().Plural); why != "" {
				return why
			}
			return notApplicable(res.Plural)
		})
		setupAll(func() {
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
					tryAction(res, actorFor(role), a, allowed, target)
				})
			}
			for _, a := range res.SelfService {
				It(fmt.Sprintf("%s %s of their own record is allowed", role, a), Label(actionLabel(a), "role:"+string(role)),
					rules("B6.own-record"), func() {
						who := actorFor(role)
						resp := perform(as(who.session), res, a, who.user.pk, updateFor(res))
						check("B6.own-record", func(g Gomega) {
							g.Expect(resp).To(harness.BeSuccess(res.Singular))
							g.Expect(pkOf(res, resp.Object(res.Singular))).To(Equal(who.user.pk))
						})
					})
			}
		}

		describeExistenceFirst(res)

		if res.QueryGuarded && res.Has(fixtures.List) && res.MinRole[fixtures.List] != fixtures.Owner {
			role := res.MinRole[fixtures.List]
			It(fmt.Sprintf("refuses %s listing with a query parameter outside the allow-list", role),
				Label(actionLabel(fixtures.List), "role:"+string(role)), rules("B6.forbidden-query"), func() {
					param := fac().Prefix() + "probe"
					resp := as(actorFor(role).session).Get(someListPath(res), harness.WithQuery(param, "1"))
					check("B6.forbidden-query", func(g Gomega) {
						g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"), "query parameter %s", param)
					})
				})
		}

		for _, probe := range res.ForbiddenWrites {
			It(fmt.Sprintf("refuses %s writing %s on %s", probe.Role, probe.Attribute, probe.Action),
				Label(actionLabel(probe.Action), "role:"+string(probe.Role)), rules("B6.forbidden-attribute"), func() {
					tryForbiddenWrite(res, actorFor(probe.Role), probe, target)
				})
		}
	})
}

// describeExistenceFirst: a viewer asking for a missing record is told it is missing, whether
// or not the action would be allowed (or is disabled for everyone) on one that exists.
func describeExistenceFirst(res fixtures.Resource) {
	for _, a := range []fixtures.Action{fixtures.Detail, fixtures.Update, fixtures.Delete} {
		if !res.Has(a) && !res.IsDisabled(a) || a == fixtures.Detail && res.Missing.Asker() != fixtures.Detail {
			continue // a detail refused before any lookup says nothing about existence
		}
		It(fmt.Sprintf("answers viewer %s of a missing record with %s", a, res.Missing.Type),
			Label(actionLabel(a), "role:viewer"), rules(existenceRule(res)), func() {
				missing := missingKey(res)
				resp := perform(as(actorFor(fixtures.Viewer).session), res, a, missing, updateFor(res))
				expectMissing(res, resp, existenceRule(res))
			})
	}
}
