package reference_test

import (
	"sync"

	"golang.org/x/crypto/bcrypt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// The last owner: without one nobody can log in to administer the server until it restarts.
var _ = Describe("The last owner", Label("crud", "auth"), func() {
	var c *client
	var owner session

	BeforeEach(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
	})

	It("cannot be deleted, also not by itself, and can still log in afterwards", func() {
		before := c.get("/api/users?_limit=100", owner.as()).Raw
		expectFailure(c.del("/api/users/1", owner.as()), 400, "record_invalid")
		Expect(c.get("/api/users?_limit=100", owner.as()).Raw).To(Equal(before))
		c.loginOwner()
	})

	DescribeTable("cannot be demoted by an update that would leave no owner",
		func(attrs map[string]any) {
			before := c.get("/api/users/1", owner.as()).Raw
			expectFailure(c.put("/api/users/1", body("user", attrs), owner.as()), 400, "record_invalid")
			Expect(c.get("/api/users/1", owner.as()).Raw).To(Equal(before))
		},
		Entry("owner false and a viewer role", map[string]any{"owner": false, "roles_new": []int{4}}),
		Entry("owner false and no roles", map[string]any{"owner": false, "roles_new": []int{}}),
		Entry("owner false and the admin role through role_ids", map[string]any{"owner": false, "role_ids": []int{2}}),
	)

	It("may drop one of the ways it is an owner, as long as one is left", func() {
		obj := object(c.put("/api/users/1", body("user", map[string]any{"owner": false}), owner.as()), "user")
		Expect(obj).To(HaveKeyWithValue("owner", true)) // still the Owner role
		obj = object(c.put("/api/users/1", body("user", map[string]any{"owner": true, "roles_new": []int{4}}), owner.as()), "user")
		Expect(obj).To(HaveKeyWithValue("owner", true)) // now the owner flag
		expectFailure(c.put("/api/users/1", body("user", map[string]any{"owner": false}), owner.as()), 400, "record_invalid")
	})

	It("can be deleted or demoted once another owner exists, and then the other one is the last", func() {
		second := c.newUser(owner, "second@example.com", map[string]any{"roles_new": []int{1}})
		object(c.put("/api/users/1", body("user", map[string]any{"owner": false, "roles_new": []int{4}}), owner.as()), "user")
		expectFailure(c.del("/api/users/"+itoa(second.ID), second.as()), 400, "record_invalid")
		expectFailure(c.put("/api/users/"+itoa(second.ID), body("user", map[string]any{"roles_new": []int{3}}), second.as()), 400, "record_invalid")
		object(c.put("/api/users/1", body("user", map[string]any{"roles_new": []int{1}}), second.as()), "user")
		object(c.del("/api/users/"+itoa(second.ID), owner.as()), "user")
		expectFailure(c.del("/api/users/1", owner.as()), 400, "record_invalid")
	})

	It("is kept when two owners delete each other at the same moment", func() {
		survivor := owner
		for round := range 20 {
			email := "rival" + itoa(round) + "@example.com"
			rival := c.newUser(survivor, email, map[string]any{"roles_new": []int{1}})
			var wg sync.WaitGroup
			var a, b response
			wg.Go(func() { a = c.del("/api/users/"+itoa(rival.ID), survivor.as()) })
			wg.Go(func() { b = c.del("/api/users/"+itoa(survivor.ID), rival.as()) })
			wg.Wait()
			_, aWon := a.Body["user"]
			_, bWon := b.Body["user"]
			Expect(aWon != bWon).To(BeTrue(), "exactly one delete wins: %s / %s", a.Raw, b.Raw)
			loser := a
			if aWon {
				loser = b
			} else {
				survivor = rival
			}
			// The loser was refused as the last owner, or was already gone when it was authenticated.
			Expect(loser.Body["error"]).To(HaveKeyWithValue("type", BeElementOf("record_invalid", "expired_oauth_token")), "%s", loser.Raw)
			owners := 0
			for _, u := range items(c.get("/api/users?_limit=100", survivor.as()), "users") {
				if u.(map[string]any)["owner"] == true {
					owners++
				}
			}
			Expect(owners).To(Equal(1))
		}
	})

	It("is no concern with user authentication off, where nobody logs in", func() {
		cfg := reference.DefaultConfig()
		cfg.RequireUserAuthentication = false
		off := newClient(cfg)
		object(off.post("/api/users", body("user", map[string]any{"email": "o@example.com", "password": "password1",
			"password_confirmation": "password1", "roles_new": []int{1}})), "user")
		object(off.del("/api/users/1"), "user")
	})
})

// Mage protects nobody (compat.LastOwnerUnprotected) and ignores owner on an update
// (compat.OwnerWriteIgnored): what a real Mage 0.9.79 did on 2026-12-01.
var _ = Describe("The last owner in mage-0.9.79", Label("crud", "auth", "compat"), func() {
	var c *client
	var owner session

	BeforeEach(func() {
		cfg := reference.DefaultConfig()
		cfg.Compat = reference.CompatMage0979
		c = newClient(cfg)
		owner = c.loginOwner()
	})

	It("can be deleted, after which nobody can log in as the owner and its token is expired", func() {
		object(c.del("/api/users/1", owner.as()), "user")
		expectFailure(c.post("/api/sessions", map[string]any{"session": map[string]any{
			"email": reference.DefaultOwnerEmail, "password": reference.DefaultOwnerPassword}}, keyHeader(apiKey)), 404, "record_not_found")
		expectAuthFailure(c.get("/api/users/1", owner.as()), "expired_oauth_token")
	})

	It("is demoted by a roles_new without the Owner role, and owner written on an update changes nothing", func() {
		Expect(object(c.put("/api/users/1", body("user", map[string]any{"owner": true, "roles_new": []int{4}}), owner.as()), "user")).
			To(HaveKeyWithValue("owner", false))
		expectFailure(c.get("/api/users", owner.as()), 403, "unauthorized_access") // a viewer now
	})
})

// Login tells nobody which emails exist: the same answer, after the same work (a bcrypt
// comparison at the configured cost, against a dummy hash when the user is unknown; counted
// in internal/resources, timed by BenchmarkLogin).
var _ = Describe("Login with unknown and known emails", Label("auth"), func() {
	It("answers an unknown email or username exactly like a wrong password", func() {
		cfg := reference.DefaultConfig()
		cfg.BcryptCost = 5
		c := newClient(cfg)
		Expect(bcrypt.Cost(reference.EnvOf(c.handler).DummyHash)).To(Equal(5))
		attempt := func(session map[string]any) response {
			return c.post("/api/sessions", map[string]any{"session": session}, keyHeader(apiKey))
		}
		wrong := attempt(map[string]any{"email": reference.DefaultOwnerEmail, "password": "wrong"})
		expectFailure(wrong, 404, "record_not_found")
		for _, s := range []map[string]any{
			{"email": "nobody@example.com", "password": "wrong"},
			{"username": "nobody", "password": "wrong"},
			{"username": reference.DefaultOwnerUsername, "password": "wrong"},
		} {
			Expect(attempt(s).Raw).To(Equal(wrong.Raw), "%v", s)
		}
	})
})
