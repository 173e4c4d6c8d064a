package suites

import (
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// who is a caller of the own-records specs: a session and its user's id.
type who struct {
	s  *harness.Session
	id string
}

func callerAs(role fixtures.Role) who {
	if role == fixtures.Owner {
		return who{env().owner, strconv.Itoa(env().owner.UserID)}
	}
	a := actorFor(role)
	return who{a.session, a.user.pk}
}

// describeOwned judges a list of the caller's own records (OAuth access tokens), asked by every
// role, also for another user's. It runs inside B6 policies, whose role users it shares.
func describeOwned(res fixtures.Resource) {
	o := res.Owned
	Describe(res.Plural, Label(resourceLabel(res), actionLabel(fixtures.List)), func() {
		applies := gateContainer(func() string { return needsAuth(res.Plural) })
		setupAll(func() { applies() })

		// credentialsIn are the Credential values an answer lists, with the users they name.
		credentialsIn := func(resp *harness.Response) (values []string, users []string) {
			for _, item := range resp.Items(res.Plural) {
				v, _ := item[o.Credential].(string)
				values, users = append(values, v), append(users, renderPK(item[o.By]))
			}
			return values, users
		}

		for _, role := range append([]fixtures.Role{fixtures.Owner}, fixtures.NonOwnerRoles()...) {
			It(string(role)+" sees its own alone, also asking for another user's", Label("role:"+string(role)),
				rules("B6.own-records-only"), func() {
					me, other := callerAs(role), callerAs(fixtures.Viewer)
					if role == fixtures.Viewer {
						other = callerAs(fixtures.Owner)
					}
					c := as(me.s)
					answers := map[string]*harness.Response{
						"the list": c.Get(res.CollectionPath("")),
						// a non-owner may be refused the query: then it shows nothing, which holds
						"the list asking for another's":  c.Get(res.CollectionPath(""), harness.WithQuery(o.By, other.id)),
						"the list under another's route": c.Get(res.CollectionPath(other.id)),
					}
					for what, resp := range answers {
						_, users := credentialsIn(resp)
						check("B6.own-records-only", func(g Gomega) {
							g.Expect(resp.Err).NotTo(HaveOccurred())
							for _, u := range users {
								g.Expect(u).To(Equal(me.id), "%s shows a record of user %s to user %s", what, u, me.id)
							}
						})
					}
					check("B6.own-records-only", func(g Gomega) {
						g.Expect(answers["the list"]).To(harness.BeSuccess(res.Plural))
					})
				})
		}

		It("refuses to make one through the API, and lists none the more", Label("role:owner", actionLabel(fixtures.Create)),
			rules("B6.own-records-not-made"), func() {
				// For the editor's user, whom no other spec of this process logs in as: its list
				// changes only if the create made something.
				editor := callerAs(fixtures.Editor)
				listOf := func() []string {
					values, _ := credentialsIn(as(editor.s).Get(res.CollectionPath(""), harness.WithQuery(o.ShowAll, "1")))
					return values
				}
				before := listOf()
				resp := owner().Post(res.CollectionPath(""), harness.WithJSON(map[string]any{res.Singular: map[string]any{o.By: editor.id}}))
				after := listOf()
				check("B6.own-records-not-made", func(g Gomega) {
					g.Expect(resp).To(harness.BeTypedClientError())
					g.Expect(after).To(ConsistOf(before), "the %s list of user %s after a refused create", res.Plural, editor.id)
				})
			})

		describeExistenceFirst(res)

		It("lists credentials that authenticate as their user, and a logged-out one only when all are asked for",
			Label("role:viewer"), rules("B3.listed-token"), func() {
				a := actorFor(fixtures.Viewer)
				email, _ := a.user.written["email"].(string)
				password, _ := a.user.written["password"].(string)
				ended, login := anon().Housekeeping().Login(email, password)
				check("B3.login", func(g Gomega) { g.Expect(ended).NotTo(BeNil(), "a second login as the viewer: %s", describe(login)) })
				logout := anon().Logout(ended)
				c := as(a.session)
				listed, _ := credentialsIn(c.Get(res.CollectionPath("")))
				all, _ := credentialsIn(c.Get(res.CollectionPath(""), harness.WithQuery(o.ShowAll, "1")))
				check("B3.listed-token", func(g Gomega) {
					harness.Precondition(login.Exchange, logout.Exchange)
					g.Expect(listed).To(ContainElement(a.session.Token), "the caller's own session is listed")
					g.Expect(listed).NotTo(ContainElement(ended.Token), "a logged-out session is listed without %s", o.ShowAll)
					g.Expect(all).To(ContainElement(ended.Token), "a logged-out session is not listed with %s", o.ShowAll)
				})
				for _, v := range listed {
					resp := anon().Get(accounts().MemberPath(a.user.pk), harness.WithRawToken(v, harness.TokenOAuthHeader))
					check("B3.listed-token", func(g Gomega) {
						g.Expect(resp).To(harness.BeSuccess(accounts().Singular), "a listed credential does not authenticate")
						g.Expect(pkOf(accounts(), resp.Object(accounts().Singular))).To(Equal(a.user.pk), "a listed credential authenticates as another user")
					})
				}
			})
	})
}
