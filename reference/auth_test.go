package reference_test

import (
	"encoding/base64"
	"time"

	"github.com/golang-jwt/jwt/v5"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("Authentication (A5)", Label("auth"), Ordered, func() {
	var c *client
	var owner session
	var clock time.Time

	BeforeAll(func() {
		clock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		cfg := reference.DefaultConfig()
		cfg.Now = func() time.Time { return clock }
		c = newClient(cfg)
		owner = c.loginOwner()
	})

	Describe("the session token", func() {
		It("is an HS256 JWT with exactly expires and token, the token 43 base64url characters", func() {
			parsed, err := jwt.Parse(owner.JWT, func(*jwt.Token) (any, error) { return []byte(reference.DefaultJWTSecret), nil })
			Expect(err).NotTo(HaveOccurred())
			Expect(parsed.Header).To(Equal(map[string]any{"alg": "HS256", "typ": "JWT"}))
			claims := jwtPayload(owner.JWT)
			Expect(claims).To(HaveLen(2))
			Expect(claims["expires"]).To(BeNumerically("~", float64(clock.Add(30*24*time.Hour).Unix()), 1))
			Expect(owner.Raw).To(MatchRegexp(`^[A-Za-z0-9_-]{43}$`))
			_, err = base64.RawURLEncoding.DecodeString(owner.Raw)
			Expect(err).NotTo(HaveOccurred())
		})

		It("comes with a session user block without email or password material", func() {
			res := c.post("/api/sessions", map[string]any{"session": map[string]any{"username": "admin", "password": "admin"}}, keyHeader(apiKey))
			user := object(res, "session")["user"].(map[string]any)
			Expect(user).To(HaveKeyWithValue("owner", true))
			Expect(keys(user)).To(ConsistOf("avatar", "first_name", "id", "last_name", "owner", "project_access",
				"roles", "roles_display", "roles_new", "username"))
		})
	})

	DescribeTable("each API key placement works",
		func(method string, withKey func(string) (string, any, []opt)) {
			path, body, opts := withKey(apiKey)
			// Past authentication: HTTP 200, whatever the action then answers.
			res := c.do(method, path, body, append(opts, oauthToken(owner.Raw))...)
			Expect(res.Status).To(Equal(200), "body %s", res.Raw)
			path, body, opts = withKey("wrong")
			expectAuthFailure(c.do(method, path, body, append(opts, oauthToken(owner.Raw))...), "invalid_api_key")
		},
		Entry("header, GET", "GET", func(k string) (string, any, []opt) { return "/api/users", nil, []opt{keyHeader(k)} }),
		Entry("header, POST", "POST", func(k string) (string, any, []opt) {
			return "/api/secrets", map[string]any{"secret": map[string]any{"name": "h" + k, "value": "v"}}, []opt{keyHeader(k)}
		}),
		Entry("header, PUT", "PUT", func(k string) (string, any, []opt) { return "/api/users/1", map[string]any{}, []opt{keyHeader(k)} }),
		Entry("query, GET", "GET", func(k string) (string, any, []opt) { return "/api/users?api_key=" + k, nil, nil }),
		Entry("query, PUT", "PUT", func(k string) (string, any, []opt) { return "/api/users/1?api_key=" + k, map[string]any{}, nil }),
		Entry("body, POST", "POST", func(k string) (string, any, []opt) {
			return "/api/secrets", map[string]any{"api_key": k, "secret": map[string]any{"name": "b" + k, "value": "v"}}, nil
		}),
		Entry("query, POST with an empty body (the session rule then answers)", "POST", func(k string) (string, any, []opt) {
			return "/api/sessions?api_key=" + k, "", nil
		}),
		Entry("query, POST with a body that is not JSON (reported after authentication)", "POST", func(k string) (string, any, []opt) {
			return "/api/secrets?api_key=" + k, "name=x", nil
		}),
	)

	It("takes the query key of a DELETE", func() {
		expectSuccess(c.post("/api/secrets", map[string]any{"secret": map[string]any{"name": "del", "value": "v"}}, owner.as()), "secret")
		expectAuthFailure(c.del("/api/secrets/del?api_key=wrong", oauthToken(owner.Raw)), "invalid_api_key")
		object(c.del("/api/secrets/del?api_key="+apiKey, oauthToken(owner.Raw)), "secret")
	})

	It("ignores the query key of a POST whose JSON body has none (C11 #31)", func() {
		res := c.post("/api/secrets?api_key="+apiKey, map[string]any{"secret": map[string]any{"name": "q", "value": "v"}}, oauthToken(owner.Raw))
		expectAuthFailure(res, "invalid_api_key")
	})

	It("reads a form-typed body as JSON, like curl -d", func() {
		body := `{"api_key": "` + apiKey + `", "secret": {"name": "form", "value": "v"}}`
		res := c.post("/api/secrets", body, oauthToken(owner.Raw), header("Content-Type", "application/x-www-form-urlencoded"))
		Expect(object(res, "secret")).To(HaveKeyWithValue("name", "form"))
	})

	DescribeTable("each token placement authenticates",
		func(place func(s session) opt) {
			user := object(c.get("/api/users/1", keyHeader(apiKey), place(owner)), "user")
			Expect(user).To(HaveKeyWithValue("id", BeNumerically("==", owner.ID)))
		},
		Entry("OAUTH-TOKEN: T", func(s session) opt { return oauthToken(s.Raw) }),
		Entry("Authorization: Bearer T", func(s session) opt { return bearer(s.Raw) }),
		Entry("Authorization: bearer T, among other credentials", func(s session) opt {
			return header("Authorization", "Basic abc, bearer "+s.Raw)
		}),
		Entry("Cookie: oauth_token=J", func(s session) opt { return cookie(s.JWT) }),
	)

	DescribeTable("bad tokens are 401 invalid_oauth_token",
		func(place func(s session) []opt) {
			expectAuthFailure(c.get("/api/users", append(place(owner), keyHeader(apiKey))...), "invalid_oauth_token")
		},
		Entry("garbage in OAUTH-TOKEN", func(s session) []opt { return []opt{oauthToken("garbage")} }),
		Entry("garbage bearer", func(s session) []opt { return []opt{bearer("garbage")} }),
		Entry("the JWT as a header token", func(s session) []opt { return []opt{bearer(s.JWT)} }),
		Entry("BEARER T: only Bearer and bearer prefixes are stripped", func(s session) []opt {
			return []opt{header("Authorization", "BEARER "+s.Raw)}
		}),
		Entry("a cookie that is not a JWT", func(s session) []opt { return []opt{cookie(s.Raw)} }),
		Entry("a cookie signed with another secret", func(s session) []opt {
			return []opt{cookie(sign("other", jwt.MapClaims{"expires": 1.0, "token": s.Raw}))}
		}),
		Entry("a cookie without a token claim", func(s session) []opt {
			return []opt{cookie(sign(reference.DefaultJWTSecret, jwt.MapClaims{"expires": 1.0}))}
		}),
		Entry("a cookie with an unknown token", func(s session) []opt {
			return []opt{cookie(sign(reference.DefaultJWTSecret, jwt.MapClaims{"expires": 1.0, "token": "unknown"}))}
		}),
		Entry("a cookie with alg none", func(s session) []opt {
			return []opt{cookie(unsigned(jwt.MapClaims{"expires": 1.0, "token": s.Raw}))}
		}),
		Entry("a bad header token beside a valid cookie: the header wins", func(s session) []opt {
			return []opt{oauthToken("garbage"), cookie(s.JWT)}
		}),
	)

	It("needs the key even with a valid token", func() {
		expectAuthFailure(c.get("/api/users", oauthToken(owner.Raw)), "invalid_api_key")
	})

	It("gives a valid key without a token the public scope: session create and status list only", func() {
		expectFailure(c.get("/api/users", keyHeader(apiKey)), 403, "unauthorized_access")
		expectFailure(c.get("/api/pipelines", keyHeader(apiKey)), 403, "unauthorized_access")
		expectFailure(c.get("/api/roles", keyHeader(apiKey)), 403, "unauthorized_access")
		expectFailure(c.put("/api/sessions/1", map[string]any{}, keyHeader(apiKey)), 403, "unauthorized_access")
		items(c.get("/api/statuses", keyHeader(apiKey)), "statuses")
	})

	DescribeTable("bad or missing credentials give E(404, record_not_found)",
		func(body any) {
			expectFailure(c.post("/api/sessions", body, keyHeader(apiKey)), 404, "record_not_found")
		},
		Entry("wrong password", map[string]any{"session": map[string]any{"email": "admin@admin.com", "password": "nope"}}),
		Entry("unknown email", map[string]any{"session": map[string]any{"email": "no@x.io", "password": "admin"}}),
		Entry("unknown username", map[string]any{"session": map[string]any{"username": "nobody", "password": "admin"}}),
		Entry("missing password", map[string]any{"session": map[string]any{"email": "admin@admin.com"}}),
		Entry("missing email", map[string]any{"session": map[string]any{"password": "admin"}}),
		Entry("missing wrapper", map[string]any{"email": "admin@admin.com", "password": "admin"}),
	)

	It("forbids logging in while holding a valid token", func() {
		res := c.post("/api/sessions", map[string]any{"session": map[string]any{"email": "admin@admin.com", "password": "admin"}}, owner.as())
		expectFailure(res, 403, "unauthorized_access")
	})

	It("forbids listing, showing and deleting sessions", func() {
		expectFailure(c.get("/api/sessions", owner.as()), 403, "unauthorized_access")
		expectFailure(c.get("/api/sessions/1", owner.as()), 403, "unauthorized_access")
		expectFailure(c.del("/api/sessions/1", owner.as()), 403, "unauthorized_access")
	})

	It("expires a token on logout, in every placement", func() {
		s := c.loginOwner()
		object(c.put("/api/sessions/anything", map[string]any{}, s.as()), "session")
		expectAuthFailure(c.get("/api/users", s.as()), "expired_oauth_token")
		expectAuthFailure(c.get("/api/users", keyHeader(apiKey), cookie(s.JWT)), "expired_oauth_token")
		object(c.get("/api/users/1", owner.as()), "user") // other sessions live on
	})

	It("expires a token when the store's expiry passes, not the JWT's", func() {
		s := c.loginOwner()
		clock = clock.Add(30*24*time.Hour + time.Second)
		DeferCleanup(func() { clock = clock.Add(-(30*24*time.Hour + time.Second)) })
		expectAuthFailure(c.get("/api/users", s.as()), "expired_oauth_token")
	})

	It("expires the tokens of a deleted user", func() {
		u := c.newUser(owner, "deleted@example.com", map[string]any{"roles_new": []int{4}})
		items(c.get("/api/pipelines", u.as()), "pipelines")
		object(c.del("/api/users/"+itoa(u.ID), owner.as()), "user")
		expectAuthFailure(c.get("/api/pipelines", u.as()), "expired_oauth_token")
	})
})

var _ = Describe("User authentication off (C §5.5)", Label("auth"), Ordered, func() {
	var c *client

	BeforeAll(func() {
		cfg := reference.DefaultConfig()
		cfg.RequireUserAuthentication = false
		c = newClient(cfg)
	})

	It("needs no key or token and makes everyone an anonymous owner", func() {
		Expect(items(c.get("/api/users"), "users")).To(BeEmpty())
		user := object(c.post("/api/users", map[string]any{"user": map[string]any{
			"email": "a@b.io", "password": "password1", "password_confirmation": "password1", "owner": true}}), "user")
		Expect(user).To(HaveKeyWithValue("owner", true))
		object(c.put("/api/users/1?anything=goes", map[string]any{"user": map[string]any{"first_name": "A"}}), "user")
		object(c.post("/api/pipelines", map[string]any{"pipeline": map[string]any{"name": "p"}}), "pipeline")
		object(c.del("/api/users/1"), "user")
	})

	It("reports it in the status", func() {
		Expect(items(c.get("/api/status"), "statuses")[0]).To(HaveKeyWithValue("require_user_authentication", false))
	})

	It("still answers actions without a rule with 403", func() {
		expectFailure(c.get("/api/sessions"), 403, "unauthorized_access")
	})
})

func sign(secret string, claims jwt.MapClaims) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	Expect(err).NotTo(HaveOccurred())
	return s
}

func unsigned(claims jwt.MapClaims) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	Expect(err).NotTo(HaveOccurred())
	return s
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
