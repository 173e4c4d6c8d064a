package suites

import (
	"strconv"
	"unicode"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
)

// accounts is the catalogue's resource whose records log in (users).
func accounts() fixtures.Resource { return fixtures.Accounts() }

// ownDetail is the owner's own user record: private, readable by every logged-in user.
func ownDetail(s *harness.Session) string { return accounts().MemberPath(strconv.Itoa(s.UserID)) }

// B3: every key placement × every token placement, then every way to get it wrong.
var _ = Describe("B3 authentication", Label("auth", resourceLabel(accounts())), func() {
	BeforeEach(func() { skipUnlessAuth(accounts().Plural) })

	DescribeTable("accepts the key and the token where Mage reads them",
		func(k harness.KeyPlacement, t harness.TokenPlacement) {
			s := env().owner
			var resp *harness.Response
			key := "user"
			if k == harness.KeyBody {
				// Mage reads a body key on POST only: the protected request is a create, of a
				// resource whose create is cheap (a user create hashes a password).
				res, ok := fixtures.Carrier(func(r fixtures.Resource) bool { return notApplicable(r.Plural) == "" })
				if !ok {
					Skip(profile.NotApplicable + "the profile declares no resource to create")
				}
				key = res.Singular
				rec, _ := tryCreate(anon(), res, "", payloadFor(res), harness.WithKey(k), harness.WithSession(s, t))
				resp = rec.created
			} else {
				resp = anon().Get(ownDetail(s), harness.WithKey(k), harness.WithSession(s, t))
			}
			check(keyRule(k), func(g Gomega) {
				g.Expect(resp.Err).NotTo(HaveOccurred(), "no answer")
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
		// Keys are matched exactly: a server comparing them without case accepts this one.
		Entry("the key in other letter case", rules("B3.wrong-key"), "B3.wrong-key", "invalid_api_key",
			func() []harness.Option {
				return []harness.Option{harness.WithKeyValue(otherCase(env().cfg.APIKey), harness.KeyHeader), harness.WithSession(env().owner, harness.TokenOAuthHeader)}
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
				return []harness.Option{harness.WithSessionJWT(env().owner, harness.TokenOAuthHeader)}
			}),
		Entry("the session JWT as a bearer token", rules("B3.jwt-in-header"), "B3.jwt-in-header", "invalid_oauth_token",
			func() []harness.Option {
				return []harness.Option{harness.WithSessionJWT(env().owner, harness.TokenBearer)}
			}),
	)

	Describe("with a valid key and no token (the public scope)", func() {
		for _, res := range fixtures.All() {
			if !res.Has(fixtures.List) {
				continue
			}
			It("refuses to list "+res.Plural, Label(resourceLabel(res), actionLabel(fixtures.List)),
				rules("B3.public-scope"), func() {
					skipUnlessApplicable(res.Plural)
					resp := anon().Get(someListPath(res))
					check("B3.public-scope", func(g Gomega) {
						g.Expect(resp).To(harness.BeErrorEnvelope(403, "unauthorized_access"))
					})
				})
		}
	})

	// Part B asks for the documented HTTP 200 here, but issue #2 and Part A3 settle the contract
	// on what Mage really sends (HTTP 401, body status 200), and the issue wins: the documented
	// 200 stays a well-formed envelope under B1.envelope-shape and is only reported here.
	It("answers authentication failures with HTTP 401 and body status 200, as Mage does", rules("B1.auth-http-401"), Label("errors"), func() {
		s, _ := anon().Login(env().cfg.Email, env().cfg.Password)
		check("B3.login", func(g Gomega) { g.Expect(s).NotTo(BeNil(), "the owner cannot log in a second time") })
		out := anon().Logout(s)
		answers := map[string]*harness.Response{
			"invalid_api_key":     anon().Get(ownDetail(env().owner), harness.WithoutKey()),
			"invalid_oauth_token": anon().Get(ownDetail(env().owner), harness.WithRawToken(garbageToken(), harness.TokenOAuthHeader)),
			"expired_oauth_token": anon().Get(ownDetail(s), harness.WithSession(s, harness.TokenOAuthHeader)),
		}
		check("B1.auth-http-401", func(g Gomega) {
			harness.Precondition(out.Exchange)
			for typ, r := range answers {
				e, ok := r.Error()
				g.Expect(ok).To(BeTrue(), "a %s failure without an error envelope", typ)
				g.Expect(e.Type).To(Equal(typ))
				g.Expect(r.Status).To(Equal(401), "HTTP status of a %s failure", typ)
				g.Expect(e.BodyStatus).To(HaveValue(Equal(200)), "body status of a %s failure", typ)
			}
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

// otherCase swaps the letter case of every letter, so the value differs from s only in case
// (s itself when it has no letters: the entry then proves nothing, so it fails instead).
func otherCase(s string) string {
	out := []rune(s)
	for i, c := range out {
		switch {
		case unicode.IsUpper(c):
			out[i] = unicode.ToLower(c)
		case unicode.IsLower(c):
			out[i] = unicode.ToUpper(c)
		}
	}
	Expect(string(out)).NotTo(Equal(s), "a value without letters cannot differ only in case")
	return string(out)
}
