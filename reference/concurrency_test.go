package reference_test

import (
	"fmt"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("Concurrent use (A8)", Label("crud"), Ordered, func() {
	var c *client
	var owner session

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
	})

	// parallel runs fn n times at once and returns the responses.
	parallel := func(n int, fn func(i int) response) []response {
		out := make([]response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				defer GinkgoRecover()
				out[i] = fn(i)
			})
		}
		wg.Wait()
		return out
	}

	It("lets exactly one of many simultaneous creates of the same email win", func() {
		results := parallel(16, func(int) response {
			return c.post("/api/users", body("user", map[string]any{"email": "race@example.com",
				"password": "password1", "password_confirmation": "password1"}), owner.as())
		})
		wins := 0
		for _, res := range results {
			if _, ok := res.Body["user"]; ok {
				wins++
			} else {
				expectFailure(res, 400, "record_invalid")
			}
		}
		Expect(wins).To(Equal(1))
	})

	It("keeps every one of many simultaneous creates, reads and deletes consistent", func() {
		parallel(40, func(i int) response {
			name := fmt.Sprintf("p%d", i)
			res := c.post("/api/secrets", body("secret", map[string]any{"name": name, "value": "v"}), owner.as())
			c.get("/api/secrets", owner.as())
			if i%2 == 0 {
				return c.del("/api/secrets/"+name, owner.as())
			}
			return res
		})
		Expect(metadata(c.get("/api/secrets", owner.as()))["count"]).To(BeNumerically("==", 20))
	})

	It("ends in exactly the state the clients' ledgers add up to, after mixed CRUD from several clients at once", func() {
		fresh := newClient(reference.DefaultConfig())
		o := fresh.loginOwner()
		send := func(method, path string, b any) (int, map[string]any) {
			res := fresh.do(method, path, b, o.as())
			return res.Status, res.Body
		}
		l, res := runWorkload(send, 6, 150, 1)
		Expect(res.problems).To(BeEmpty())
		Expect(res.requests).To(BeNumerically(">=", 900))
		Expect(res.refused).To(BeNumerically(">", 0), "the shared names were fought over")
		want := l.expected()
		Expect(ledgerDiff(observed(send), want)).To(BeEmpty())
		for _, kind := range []string{"secrets", "pipelines", "pipeline_schedules", "users"} {
			Expect(want[kind]).NotTo(BeEmpty(), "the workload left some %s", kind)
		}
	})

	It("survives simultaneous logins and logouts", func() {
		parallel(8, func(int) response {
			s := c.loginOwner()
			return c.put("/api/sessions/1", map[string]any{}, s.as())
		})
		object(c.get("/api/users/1", owner.as()), "user")
	})
})
