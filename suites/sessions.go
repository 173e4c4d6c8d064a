package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
)

// B3 sessions: login, bad logins, logout and the tokens of deleted users.
var _ = Describe("B3 authentication", Label("auth", resourceLabel(accounts())), func() {
	BeforeEach(func() { skipUnlessAuth(accounts().Plural) })

	Describe("sessions", Label("resource:sessions"), func() {
		It("logs in by email and by username", rules("B3.login"), func() {
			username, _ := env().owner.User["username"].(string)
			for _, id := range []string{env().cfg.Email, username} {
				s, resp := anon().Login(id, env().cfg.Password)
				check("B3.login", func(g Gomega) {
					g.Expect(resp).To(harness.BeSuccess("session"))
					g.Expect(s).NotTo(BeNil(), "login as %q gave no usable session", id)
					g.Expect(s.UserID).To(Equal(env().owner.UserID))
				})
				logoutQuietly(s)
			}
		})

		DescribeTable("refuses bad credentials with E(404, record_not_found)",
			func(session func() map[string]any) {
				body := map[string]any{}
				if s := session(); s != nil {
					body["session"] = s
				}
				resp := anon().Post("/api/sessions", harness.WithJSON(body))
				check("B3.bad-login", func(g Gomega) {
					g.Expect(resp).To(harness.BeErrorEnvelope(404, "record_not_found"))
				})
			},
			Entry("wrong password", rules("B3.bad-login"), func() map[string]any {
				return map[string]any{"email": env().cfg.Email, "password": fac().Name()}
			}),
			// Emails are matched exactly, as Mage's database does.
			Entry("the email in other letter case", rules("B3.bad-login"), func() map[string]any {
				return map[string]any{"email": otherCase(env().cfg.Email), "password": env().cfg.Password}
			}),
			Entry("unknown email", rules("B3.bad-login"), func() map[string]any {
				return map[string]any{"email": fac().Name() + "@example.com", "password": env().cfg.Password}
			}),
			Entry("no password", rules("B3.bad-login"), func() map[string]any {
				return map[string]any{"email": env().cfg.Email}
			}),
			Entry("no email or username", rules("B3.bad-login"), func() map[string]any {
				return map[string]any{"password": env().cfg.Password}
			}),
			Entry("no session object at all", rules("B3.bad-login"), func() map[string]any { return nil }),
		)

		It("refuses a login while holding a valid token", rules("B3.login-with-token"), func() {
			resp := owner().Post("/api/sessions", harness.WithJSON(map[string]any{
				"session": map[string]any{"email": env().cfg.Email, "password": env().cfg.Password},
			}))
			check("B3.login-with-token", func(g Gomega) {
				g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
			})
		})

		It("logs out, after which the token is expired", rules("B3.logout"), func() {
			s, resp := anon().Login(env().cfg.Email, env().cfg.Password)
			check("B3.login", func(g Gomega) { g.Expect(s).NotTo(BeNil(), "login failed: %s", describe(resp)) })
			out := anon().Logout(s)
			check("B3.logout", func(g Gomega) { g.Expect(out).To(harness.BeSuccess("session")) })
			for _, t := range harness.TokenPlacements {
				after := anon().Get(ownDetail(s), harness.WithSession(s, t))
				check("B3.logout", func(g Gomega) {
					harness.Precondition(out.Exchange) // the reproduce line logs out first
					g.Expect(after).To(harness.BeAuthFailure("expired_oauth_token"), "token in the %s after logout", t)
				})
			}
		})

		It("expires the token of a deleted user", rules("B3.deleted-user-token"), func() {
			users := accounts()
			payload := fac().User()
			rec, ok := tryCreate(owner(), users, "", payload)
			check("B4.create", func(g Gomega) { g.Expect(ok).To(BeTrue(), "creating a user to delete: %s", describe(rec.created)) })
			s, resp := anon().Login(payload["email"].(string), payload["password"].(string))
			check("B3.login", func(g Gomega) { g.Expect(s).NotTo(BeNil(), "the new user cannot log in: %s", describe(resp)) })
			deleted := owner().Delete(users.MemberPath(rec.pk))
			check("B4.delete", func(g Gomega) { g.Expect(deleted).To(harness.BeSuccess(users.Singular)) })
			after := anon().Get(users.MemberPath(rec.pk), harness.WithSession(s, harness.TokenOAuthHeader))
			check("B3.deleted-user-token", func(g Gomega) {
				g.Expect(after).To(harness.BeAuthFailure("expired_oauth_token"))
			})
		})
	})

})
