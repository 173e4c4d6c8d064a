package suites

import (
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

func usersFixture() fixtures.Resource {
	res, _ := fixtures.ByName("users")
	return res
}

// ownDetail is the owner's own user record: private, readable by every logged-in user.
func ownDetail(s *harness.Session) string { return usersFixture().MemberPath(strconv.Itoa(s.UserID)) }

// B3: every key placement × every token placement, then every way to get it wrong.
var _ = Describe("B3 authentication", Label("auth", "resource:users"), func() {
	BeforeEach(func() { skipUnlessAuth("users") })

	DescribeTable("accepts the key and the token where Mage reads them",
		func(k harness.KeyPlacement, t harness.TokenPlacement) {
			s := env().owner
			var resp *harness.Response
			key := "user"
			if k == harness.KeyBody {
				// Mage reads a body key on POST only: the protected request is a user create.
				users := usersFixture()
				payload := fac().User()
				env().forbid(sensitiveValues(users, payload)...)
				resp = anon().Post(users.CollectionPath(""), harness.WithKey(k), harness.WithSession(s, t), wrap(users, payload))
				if obj := resp.Object(users.Singular); obj != nil && pkOf(users, obj) != "" {
					DeferCleanup(removeQuietly, users, pkOf(users, obj))
				}
			} else {
				resp = anon().Get(ownDetail(s), harness.WithKey(k), harness.WithSession(s, t))
			}
			check(keyRule(k), func(g Gomega) {
				g.Expect(resp).NotTo(harness.HaveErrorType("invalid_api_key"), "the key sent in the %s was not accepted", k)
			})
			check(tokenRule(t), func(g Gomega) {
				g.Expect(resp).To(harness.BeSuccess(key))
				if k != harness.KeyBody {
					g.Expect(intOf(resp.Object(key), "id")).To(Equal(s.UserID), "the token must act as its own user")
				}
			})
		},
		authMatrix(),
	)

	DescribeTable("refuses a request without a valid key or token",
		func(ruleID, typ string, opts func() []harness.Option) {
			resp := anon().Get(ownDetail(env().owner), opts()...)
			check(ruleID, func(g Gomega) { g.Expect(resp).To(harness.BeAuthFailure(typ)) })
		},
		Entry("no key, no token", rules("B3.missing-key"), "B3.missing-key", "invalid_api_key",
			func() []harness.Option { return []harness.Option{harness.WithoutKey()} }),
		Entry("no key, valid token", rules("B3.missing-key"), "B3.missing-key", "invalid_api_key",
			func() []harness.Option {
				return []harness.Option{harness.WithoutKey(), harness.WithSession(env().owner, harness.TokenOAuthHeader)}
			}),
		Entry("wrong key in the header", rules("B3.wrong-key"), "B3.wrong-key", "invalid_api_key",
			func() []harness.Option {
				return []harness.Option{harness.WithKeyValue(fac().Name(), harness.KeyHeader), harness.WithSession(env().owner, harness.TokenOAuthHeader)}
			}),
		Entry("wrong key in the query", rules("B3.wrong-key"), "B3.wrong-key", "invalid_api_key",
			func() []harness.Option {
				return []harness.Option{harness.WithKeyValue(fac().Name(), harness.KeyQuery), harness.WithSession(env().owner, harness.TokenOAuthHeader)}
			}),
		Entry("garbage OAUTH-TOKEN", rules("B3.garbage-token"), "B3.garbage-token", "invalid_oauth_token",
			func() []harness.Option {
				return []harness.Option{harness.WithRawToken(garbageToken(), harness.TokenOAuthHeader)}
			}),
		Entry("garbage bearer token", rules("B3.garbage-token"), "B3.garbage-token", "invalid_oauth_token",
			func() []harness.Option {
				return []harness.Option{harness.WithRawToken(garbageToken(), harness.TokenBearer)}
			}),
		Entry("garbage OAUTH-TOKEN beside a valid cookie", rules("B3.garbage-token"), "B3.garbage-token", "invalid_oauth_token",
			func() []harness.Option {
				return []harness.Option{harness.WithSession(env().owner, harness.TokenCookie), harness.WithRawToken(garbageToken(), harness.TokenOAuthHeader)}
			}),
		Entry("the session JWT in OAUTH-TOKEN", rules("B3.jwt-in-header"), "B3.jwt-in-header", "invalid_oauth_token",
			func() []harness.Option {
				return []harness.Option{harness.WithRawToken(env().owner.JWT, harness.TokenOAuthHeader)}
			}),
		Entry("the session JWT as a bearer token", rules("B3.jwt-in-header"), "B3.jwt-in-header", "invalid_oauth_token",
			func() []harness.Option {
				return []harness.Option{harness.WithRawToken(env().owner.JWT, harness.TokenBearer)}
			}),
	)

	Describe("with a valid key and no token (the public scope)", func() {
		for _, res := range fixtures.All() {
			if !res.Has(fixtures.List) {
				continue
			}
			It("refuses to list "+res.Plural, Label("resource:"+res.Plural, actionLabel(fixtures.List)),
				rules("B3.public-scope"), func() {
					skipUnlessApplicable(res.Plural)
					resp := anon().Get(res.CollectionPath(""))
					check("B3.public-scope", func(g Gomega) {
						g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
					})
				})
		}
	})

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
				resp := anon().Post("/api/sessions", harness.WithJSON(map[string]any{"session": session()}))
				check("B3.bad-login", func(g Gomega) {
					g.Expect(resp).To(harness.BeErrorEnvelope(404, "record_not_found"))
				})
			},
			Entry("wrong password", rules("B3.bad-login"), func() map[string]any {
				return map[string]any{"email": env().cfg.Email, "password": fac().Name()}
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
					g.Expect(after).To(harness.BeAuthFailure("expired_oauth_token"), "token in the %s after logout", t)
				})
			}
		})

		It("expires the token of a deleted user", rules("B3.deleted-user-token"), func() {
			users := usersFixture()
			payload := fac().User()
			rec, ok := tryCreate(owner(), users, "", payload)
			Expect(ok).To(BeTrue(), "creating a user to delete: %s", describe(rec.created))
			s, resp := anon().Login(payload["email"].(string), payload["password"].(string))
			Expect(s).NotTo(BeNil(), "the new user cannot log in: %s", describe(resp))
			Expect(owner().Delete(users.MemberPath(rec.pk))).To(harness.BeSuccess(users.Singular))
			after := anon().Get(users.MemberPath(rec.pk), harness.WithSession(s, harness.TokenOAuthHeader))
			check("B3.deleted-user-token", func(g Gomega) {
				g.Expect(after).To(harness.BeAuthFailure("expired_oauth_token"))
			})
		})
	})

	It("answers authentication failures with HTTP 200, as documented", rules("B1.auth-http-200"), Label("errors"), func() {
		s, _ := anon().Login(env().cfg.Email, env().cfg.Password)
		Expect(s).NotTo(BeNil())
		anon().Logout(s)
		answers := map[string]*harness.Response{
			"invalid_api_key":     anon().Get(ownDetail(env().owner), harness.WithoutKey()),
			"invalid_oauth_token": anon().Get(ownDetail(env().owner), harness.WithRawToken(garbageToken(), harness.TokenOAuthHeader)),
			"expired_oauth_token": anon().Get(ownDetail(s), harness.WithSession(s, harness.TokenOAuthHeader)),
		}
		check("B1.auth-http-200", func(g Gomega) {
			for typ, r := range answers {
				g.Expect(r).To(harness.HaveErrorType(typ))
				g.Expect(r.Status).To(Equal(200), "HTTP status of a %s failure", typ)
			}
		})
	})
})

// B3 with user authentication off: every caller is an anonymous owner.
var _ = Describe("B3 open server", Label("auth", "resource:users"), func() {
	BeforeEach(func() { skipUnlessOpen("users") })

	It("serves a request without key or token as the owner", rules("B3.open-server"), func() {
		users := usersFixture()
		list := anon().Get(users.CollectionPath(""), harness.WithoutKey())
		check("B3.open-server", func(g Gomega) { g.Expect(list).To(harness.BeSuccess(users.Plural)) })
		payload := fac().User()
		env().forbid(sensitiveValues(users, payload)...)
		created := anon().Post(users.CollectionPath(""), harness.WithoutKey(), wrap(users, payload))
		pk := pkOf(users, created.Object(users.Singular))
		if pk != "" {
			DeferCleanup(removeQuietly, users, pk)
		}
		check("B3.open-server", func(g Gomega) {
			g.Expect(created).To(harness.BeSuccess(users.Singular))
			g.Expect(anon().Delete(users.MemberPath(pk), harness.WithoutKey())).To(harness.BeSuccess(users.Singular))
		})
	})
})

func authMatrix() []TableEntry {
	var out []TableEntry
	for _, k := range harness.KeyPlacements {
		for _, t := range harness.TokenPlacements {
			labels := append(Labels{"key:" + string(k), "token:" + string(t)}, rules(keyRule(k), tokenRule(t))...)
			out = append(out, Entry("key in the "+string(k)+", token as "+string(t), labels, k, t))
		}
	}
	return out
}

func keyRule(k harness.KeyPlacement) string     { return "B3.key-" + string(k) }
func tokenRule(t harness.TokenPlacement) string { return "B3.token-" + string(t) }

// garbageToken looks like a real inner token (43 base64url characters) but was never issued.
func garbageToken() string {
	n := fac().Name()
	for len(n) < 43 {
		n += "x"
	}
	return n[:43]
}

func logoutQuietly(s *harness.Session) {
	if s != nil {
		anon().Logout(s)
	}
}
