package reference_test

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var userListKeys = []string{"avatar", "created_at", "email", "first_name", "id", "last_name", "owner",
	"project_access", "roles", "roles_display", "roles_new", "updated_at", "username"}

// sensitive are the attributes no response may ever carry (A7).
var sensitive = []string{"password", "password_hash", "password_salt", "password_confirmation", "password_current"}

var _ = Describe("Presenters (A7)", Label("presenters"), Ordered, func() {
	var c *client
	var owner session

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
	})

	It("lists users with exactly the default attributes", func() {
		c.newUser(owner, "p@example.com", nil)
		Expect(items(c.get("/api/users", owner.as()), "users")).
			To(HaveEach(WithTransform(func(u map[string]any) []string { return keys(u) }, ConsistOf(userListKeys))))
	})

	DescribeTable("user detail, create, update and delete add permissions and token",
		func(do func() response) {
			Expect(keys(object(do(), "user"))).To(ConsistOf(append(append([]string{}, userListKeys...), "permissions", "token")))
		},
		Entry("detail", func() response { return c.get("/api/users/1", owner.as()) }),
		Entry("create", func() response {
			return c.post("/api/users", body("user", map[string]any{"email": "q@example.com", "password": "password1", "password_confirmation": "password1"}), owner.as())
		}),
		Entry("update", func() response {
			return c.put("/api/users/1", body("user", map[string]any{"first_name": "Owner"}), owner.as())
		}),
		Entry("delete", func() response { return c.del("/api/users/3", owner.as()) }),
	)

	It("presents pipelines with the default attributes in lists and more in detail", func() {
		object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "shown"}), owner.as()), "pipeline")
		list := items(c.get("/api/pipelines", owner.as()), "pipelines")
		Expect(list[0]).To(HaveLen(23))
		Expect(list[0]).NotTo(HaveKey("schedules"))
		Expect(object(c.get("/api/pipelines/shown", owner.as()), "pipeline")).To(And(HaveLen(27), HaveKey("schedules")))
	})

	It("renders datetimes like Python's str(datetime)", func() {
		u := object(c.get("/api/users/1", owner.as()), "user")
		Expect(u["created_at"]).To(MatchRegexp(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$`))
	})

	It("never emitted a sensitive attribute or a secret's value in any response of this run", func() {
		object(c.post("/api/secrets", body("secret", map[string]any{"name": "n", "value": "VALUE-MARKER-123"}), owner.as()), "secret")
		items(c.get("/api/secrets", owner.as()), "secrets")
		c.mu.Lock()
		defer c.mu.Unlock()
		Expect(len(c.bodies)).To(BeNumerically(">", 10))
		for _, raw := range c.bodies {
			Expect(string(raw)).NotTo(ContainSubstring("VALUE-MARKER-123"))
			var decoded any
			if json.Unmarshal(raw, &decoded) == nil {
				Expect(keysAnywhere(decoded)).NotTo(ContainElement(BeElementOf(sensitive)), "in %s", raw)
			}
		}
	})
})

// keysAnywhere collects every object key in a decoded JSON value.
func keysAnywhere(v any) []string {
	var out []string
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			out = append(out, k)
			out = append(out, keysAnywhere(child)...)
		}
	case []any:
		for _, child := range t {
			out = append(out, keysAnywhere(child)...)
		}
	}
	return out
}
