package reference_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// tokens is the list of the caller's access tokens: their raw values, latest expiry first.
func tokens(c *client, query string, as session) []string {
	GinkgoHelper()
	var out []string
	for _, t := range items(c.get("/api/oauth_access_tokens"+query, as.as()), "oauth_access_tokens") {
		Expect(keysOf(t)).To(Equal([]string{"expires", "token", "user_id"}))
		Expect(t).To(HaveKeyWithValue("user_id", float64(as.ID)))
		out = append(out, t.(map[string]any)["token"].(string))
	}
	return out
}

var _ = Describe("OAuth access tokens", Label("tokens", "auth"), func() {
	for _, mode := range reference.Compats() {
		Context("in "+string(mode), func() {
			var c *client
			var owner, viewer session
			var now time.Time
			BeforeEach(func() {
				cfg := reference.DefaultConfig()
				cfg.Compat = mode
				now = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
				cfg.Now = func() time.Time { return now }
				c = newClient(cfg)
				owner = c.loginOwner()
				now = now.Add(time.Second)
				viewer = c.newUser(owner, "viewer@example.com", map[string]any{"roles_new": []int{4}})
			})

			It("list only the caller's own, the newest expiry first, each a live credential", func() {
				Expect(tokens(c, "", owner)).To(Equal([]string{owner.Raw}))
				mine := tokens(c, "", viewer)
				Expect(mine).To(HaveLen(2), "the login's and the one made when the owner created the user")
				Expect(mine).To(ContainElement(viewer.Raw))
				for _, raw := range mine {
					object(c.get("/api/users/"+itoa(viewer.ID), keyHeader(apiKey), oauthToken(raw)), "user")
				}
				Expect(tokens(c, "?user_id="+itoa(viewer.ID), owner)).To(Equal([]string{owner.Raw}), "an owner's other query keys are ignored")
				expectFailure(c.get("/api/oauth_access_tokens?user_id=1", viewer.as()), 403, "unauthorized_access")
			})

			It("page with _limit and _offset, with count and next", func() {
				now = now.Add(time.Second)
				c.login("viewer@example.com", "password1")
				res := c.get("/api/oauth_access_tokens?_limit=1&_offset=1", viewer.as())
				Expect(items(res, "oauth_access_tokens")).To(HaveLen(1))
				Expect(metadata(res)).To(Equal(map[string]any{"count": 3.0, "next": true}))
				res = c.get("/api/oauth_access_tokens?_limit=0", viewer.as())
				Expect(items(res, "oauth_access_tokens")).To(BeEmpty())
				Expect(metadata(res)).To(HaveKeyWithValue("next", true))
			})

			It("hide a logged-out token unless show_all, which Mage reads as true for 0 too", func() {
				now = now.Add(time.Second)
				second := c.login("viewer@example.com", "password1")
				Expect(tokens(c, "", viewer)[0]).To(Equal(second.Raw))
				object(c.put("/api/sessions/current", body("session", map[string]any{}), second.as()), "session")
				Expect(tokens(c, "", viewer)).To(HaveLen(2))
				Expect(tokens(c, "?show_all=1", viewer)).To(HaveLen(3))
				Expect(tokens(c, "?show_all=true", viewer)).To(HaveLen(3))
				Expect(tokens(c, "?show_all=false", viewer)).To(HaveLen(2))
				Expect(tokens(c, "?show_all=", viewer)).To(HaveLen(2))
				if mode == reference.CompatMage0979 {
					Expect(tokens(c, "?show_all=0", viewer)).To(HaveLen(3))
				} else {
					Expect(tokens(c, "?show_all=0", viewer)).To(HaveLen(2))
				}
				expectAuthFailure(c.get("/api/users", second.as()), "expired_oauth_token")
			})

			It("give a deleted user's tokens to nobody", func() {
				object(c.del("/api/users/"+itoa(viewer.ID), owner.as()), "user")
				Expect(tokens(c, "?show_all=1", owner)).To(Equal([]string{owner.Raw}))
				expectAuthFailure(c.get("/api/oauth_access_tokens", viewer.as()), "expired_oauth_token")
				again := c.newUser(owner, "again@example.com", map[string]any{"roles_new": []int{4}})
				Expect(tokens(c, "?show_all=1", again)).NotTo(ContainElement(viewer.Raw))
			})

			It("under a user list the caller's own (another user's are refused, or in Mage the caller's again)", func() {
				list := items(c.get("/api/users/"+itoa(viewer.ID)+"/oauth_access_tokens", viewer.as()), "oauth_access_tokens")
				Expect(list).To(HaveLen(2))
				res := c.get("/api/users/1/oauth_access_tokens", viewer.as())
				if mode == reference.CompatMage0979 {
					Expect(items(res, "oauth_access_tokens")).To(Equal(list))
				} else {
					expectFailure(res, 403, "unauthorized_access")
				}
				res = c.get("/api/users/999/oauth_access_tokens", viewer.as())
				if mode == reference.CompatMage0979 {
					Expect(items(res, "oauth_access_tokens")).To(Equal(list))
				} else {
					expectFailure(res, 404, "record_not_found")
				}
			})

			It("refuse every other action, a missing id first", func() {
				for _, method := range []string{"GET", "PUT", "DELETE"} {
					expectFailure(c.do(method, "/api/oauth_access_tokens/1", `{}`, owner.as()), 403, "unauthorized_access")
					expectFailure(c.do(method, "/api/oauth_access_tokens/999", `{}`, owner.as()), 404, "record_not_found")
				}
				expectFailure(c.post("/api/oauth_access_tokens", `{"oauth_access_token": {}}`, owner.as()), 403, "unauthorized_access")
				nobody := c.newUser(owner, "nobody@example.com", map[string]any{"roles_new": []int{}})
				expectFailure(c.get("/api/oauth_access_tokens", nobody.as()), 403, "unauthorized_access")
				expectFailure(c.get("/api/oauth_access_tokens", keyHeader(apiKey)), 403, "unauthorized_access")
				expectAuthFailure(c.get("/api/oauth_access_tokens"), "invalid_api_key")
			})

			It("show expires as the datetimes of the mode", func() {
				t := items(c.get("/api/oauth_access_tokens", owner.as()), "oauth_access_tokens")[0]
				if mode == reference.CompatMage0979 {
					Expect(t).To(HaveKeyWithValue("expires", "2026-04-03 05:06:07"))
				} else {
					Expect(t).To(HaveKeyWithValue("expires", "2026-04-03 05:06:07.000000+00:00"))
				}
			})

			It("with user authentication off are none (Mage: the code-500 body)", func() {
				cfg := reference.DefaultConfig()
				cfg.Compat, cfg.RequireUserAuthentication = mode, false
				res := newClient(cfg).get("/api/oauth_access_tokens")
				if mode == reference.CompatMage0979 {
					Expect(res.Body).To(HaveKey("url_parameters"))
					return
				}
				Expect(items(res, "oauth_access_tokens")).To(BeEmpty())
				Expect(metadata(res)).To(Equal(map[string]any{"count": 0.0, "next": false}))
			})
		})
	}
})
