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
	setupAll(func() {
		if !applies() {
			return
		}
		users := usersFixture()
		for _, role := range fixtures.NonOwnerRoles() {
			payload := fac().User()
			payload["roles_new"] = []int{role.RoleID()}
			rec, _ := tryCreate(owner().Housekeeping(), users, "", payload)
			check("B4.create", func(g Gomega) {
				g.Expect(rec.created).To(harness.BeSuccess(users.Singular), "creating a user with role %s (roles_new [%d])", role, role.RoleID())
			})
			s, resp := anon().Housekeeping().Login(payload["email"].(string), payload["password"].(string))
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
