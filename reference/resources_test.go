package reference_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("Resource rules (A8, C §8)", Label("crud"), Ordered, func() {
	var c *client
	var owner session

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
		c.newUser(owner, "taken@example.com", map[string]any{"username": "taken"})
	})

	user := func(attrs map[string]any) map[string]any { return body("user", attrs) }
	valid := func(extra map[string]any) map[string]any {
		attrs := map[string]any{"email": "fresh@example.com", "password": "abcdefgh", "password_confirmation": "abcdefgh"}
		for k, v := range extra {
			attrs[k] = v
		}
		return user(attrs)
	}

	DescribeTable("users create validation gives E(400, record_invalid) and creates nothing",
		func(payload map[string]any) {
			before := metadata(c.get("/api/users", owner.as()))["count"]
			expectFailure(c.post("/api/users", payload, owner.as()), 400, "record_invalid")
			Expect(metadata(c.get("/api/users", owner.as()))["count"]).To(Equal(before))
		},
		Entry("empty", user(map[string]any{})),
		Entry("unknown role", valid(map[string]any{"roles_new": []int{99999}})),
		Entry("missing password", user(map[string]any{"email": "x@example.com"})),
		Entry("missing email", user(map[string]any{"password": "abcdefgh", "password_confirmation": "abcdefgh"})),
		Entry("duplicate email", valid(map[string]any{"email": "taken@example.com"})),
		Entry("duplicate username", valid(map[string]any{"username": "taken"})),
		Entry("7-character password", valid(map[string]any{"password": "abcdefg", "password_confirmation": "abcdefg"})),
		Entry("mismatched confirmation", valid(map[string]any{"password_confirmation": "abcdefgX"})),
		Entry("missing confirmation", user(map[string]any{"email": "y@example.com", "password": "abcdefgh"})),
		Entry("malformed email", valid(map[string]any{"email": "notanemail"})),
		Entry("unknown attribute, even for the owner", valid(map[string]any{"password_hash": "x"})),
	)

	It("creates a user with a new token of its own and the given role", func() {
		obj := object(c.post("/api/users", valid(map[string]any{"roles_new": []int{4}}), owner.as()), "user")
		Expect(obj["id"]).To(BeNumerically(">", 1))
		Expect(obj["token"]).NotTo(Equal(owner.JWT))
		Expect(jwtPayload(obj["token"].(string))).To(HaveKey("token"))
		Expect(obj).To(HaveKeyWithValue("roles_display", "Viewer"))
		Expect(obj).To(HaveKeyWithValue("project_access", BeNumerically("==", 8)))
	})

	It("falls back to the action's attributes for an unknown _format", func() {
		Expect(object(c.get("/api/users/1?_format=nonsense", owner.as()), "user")).To(HaveKey("token"))
	})

	It("shows a user's token as the caller's own JWT on detail", func() {
		Expect(object(c.get("/api/users/2", owner.as()), "user")).To(HaveKeyWithValue("token", owner.JWT))
	})

	Describe("users update", func() {
		var self session
		BeforeAll(func() { self = c.newUser(owner, "self@example.com", map[string]any{"roles_new": []int{4}}) })

		It("lets a user rename themselves", func() {
			Expect(object(c.put("/api/users/"+itoa(self.ID), user(map[string]any{"username": "renamed"}), self.as()), "user")).
				To(HaveKeyWithValue("username", "renamed"))
		})

		DescribeTable("a password change needs the right password_current and the usual rules",
			func(attrs map[string]any) {
				expectFailure(c.put("/api/users/"+itoa(self.ID), user(attrs), self.as()), 400, "record_invalid")
				c.login("self@example.com", "password1") // unchanged
			},
			Entry("no current", map[string]any{"password": "newpassword", "password_confirmation": "newpassword"}),
			Entry("wrong current", map[string]any{"password": "newpassword", "password_confirmation": "newpassword", "password_current": "nope"}),
			Entry("too short", map[string]any{"password": "short", "password_confirmation": "short", "password_current": "password1"}),
			Entry("mismatch", map[string]any{"password": "newpassword", "password_confirmation": "other", "password_current": "password1"}),
			Entry("email taken", map[string]any{"email": "taken@example.com"}),
			Entry("malformed email", map[string]any{"email": "bad"}),
		)

		It("changes the password with the right current one", func() {
			object(c.put("/api/users/"+itoa(self.ID), user(map[string]any{"password": "newpassword",
				"password_confirmation": "newpassword", "password_current": "password1"}), self.as()), "user")
			c.login("self@example.com", "newpassword")
		})

		It("lets the owner reset a password without the current one", func() {
			object(c.put("/api/users/"+itoa(self.ID), user(map[string]any{"password": "password1",
				"password_confirmation": "password1"}), owner.as()), "user")
			c.login("self@example.com", "password1")
		})
	})

	DescribeTable("pipeline uuids come from the name",
		func(name, uuid string) {
			obj := object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": name}), owner.as()), "pipeline")
			Expect(obj).To(HaveKeyWithValue("uuid", uuid))
			Expect(obj).To(HaveKeyWithValue("name", name))
			Expect(obj).To(HaveKeyWithValue("type", "python"))
		},
		Entry(nil, "my pipe", "my_pipe"),
		Entry(nil, "Hello, World!", "hello__world_"),
		Entry(nil, `say "$hi"`, "say_hi"),
		Entry(nil, "9 lives", "letter_9_lives"),
		Entry(nil, "Ünïcode ok", "ünïcode_ok"),
	)

	It("creates a pipeline without a name, as the documented example does", func() {
		a := object(c.post("/api/pipelines", body("pipeline", map[string]any{}), owner.as()), "pipeline")
		b := object(c.post("/api/pipelines", body("pipeline", map[string]any{}), owner.as()), "pipeline")
		Expect(a["uuid"]).NotTo(Equal(b["uuid"]))
	})

	DescribeTable("pipeline create and update refuse bad values with E(400, record_invalid)",
		func(method, path string, attrs map[string]any) {
			expectFailure(c.do(method, path, body("pipeline", attrs), owner.as()), 400, "record_invalid")
		},
		Entry("duplicate name", "POST", "/api/pipelines", map[string]any{"name": "my pipe"}),
		Entry("a name with a tab (Mage's clean_name drops it from the uuid; the intended mode refuses it)", "POST", "/api/pipelines", map[string]any{"name": "tab\there"}),
		Entry("same uuid from another name", "POST", "/api/pipelines", map[string]any{"name": "My Pipe"}),
		Entry("unknown type", "POST", "/api/pipelines", map[string]any{"name": "x", "type": "cobol"}),
		Entry("name of the wrong type", "POST", "/api/pipelines", map[string]any{"name": 5}),
		Entry("rename onto another pipeline", "PUT", "/api/pipelines/my_pipe", map[string]any{"name": "9 lives"}),
		Entry("bad status", "PUT", "/api/pipelines/my_pipe", map[string]any{"status": "paused"}),
	)

	It("answers a missing pipeline with E(404, record_not_found)", func() {
		expectFailure(c.get("/api/pipelines/nosuch", owner.as()), 404, "record_not_found")
		expectFailure(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "c", "clone_pipeline_uuid": "nosuch"}), owner.as()), 404, "record_not_found")
		expectFailure(c.post("/api/pipelines/nosuch/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "t"}), owner.as()), 404, "record_not_found")
		expectFailure(c.get("/api/pipelines/nosuch/pipeline_schedules", owner.as()), 404, "record_not_found")
	})

	It("renames a pipeline to the uuid of its new name, taking its schedules along", func() {
		object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "old name"}), owner.as()), "pipeline")
		object(c.post("/api/pipelines/old_name/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "t"}), owner.as()), "pipeline_schedule")
		obj := object(c.put("/api/pipelines/old_name", body("pipeline", map[string]any{"name": "new name"}), owner.as()), "pipeline")
		Expect(obj).To(HaveKeyWithValue("uuid", "new_name"))
		expectFailure(c.get("/api/pipelines/old_name", owner.as()), 404, "record_not_found")
		Expect(items(c.get("/api/pipelines/new_name/pipeline_schedules", owner.as()), "pipeline_schedules")).To(HaveLen(1))
		Expect(object(c.get("/api/pipelines/new_name", owner.as()), "pipeline")["schedules"]).To(HaveLen(1))
	})

	It("clones a pipeline's attributes", func() {
		object(c.put("/api/pipelines/my_pipe", body("pipeline", map[string]any{"description": "orig"}), owner.as()), "pipeline")
		obj := object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "copy", "clone_pipeline_uuid": "my_pipe"}), owner.as()), "pipeline")
		Expect(obj).To(HaveKeyWithValue("description", "orig"))
	})

	Describe("pipeline schedules", func() {
		It("belong to the parent pipeline and get a 32-hex token", func() {
			obj := object(c.post("/api/pipelines/my_pipe/pipeline_schedules", body("pipeline_schedule", map[string]any{
				"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "active",
				"start_time": "2026-01-02T03:04:05Z"}), owner.as()), "pipeline_schedule")
			Expect(obj).To(HaveKeyWithValue("pipeline_uuid", "my_pipe"))
			Expect(obj["token"]).To(MatchRegexp(`^[0-9a-f]{32}$`))
			Expect(obj).To(HaveKeyWithValue("start_time", "2026-01-02 03:04:05.000000+00:00"))
			Expect(obj["last_enabled_at"]).NotTo(BeNil())
			list := items(c.get("/api/pipelines/my_pipe/pipeline_schedules", owner.as()), "pipeline_schedules")
			Expect(list).To(HaveEach(HaveKeyWithValue("pipeline_uuid", "my_pipe")))
			nested := "/api/pipelines/my_pipe/pipeline_schedules/" + intPK(obj)
			Expect(object(c.get(nested, owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("name", "t"))
			expectFailure(c.get("/api/pipelines/copy/pipeline_schedules/"+intPK(obj), owner.as()), 404, "record_not_found")
		})

		DescribeTable("refuse bad values with E(400, record_invalid)",
			func(path string, attrs map[string]any) {
				expectFailure(c.post(path, body("pipeline_schedule", attrs), owner.as()), 400, "record_invalid")
			},
			Entry("no name", "/api/pipelines/my_pipe/pipeline_schedules", map[string]any{}),
			Entry("blank name", "/api/pipelines/my_pipe/pipeline_schedules", map[string]any{"name": " "}),
			Entry("bad interval", "/api/pipelines/my_pipe/pipeline_schedules", map[string]any{"name": "t", "schedule_interval": "sometimes"}),
			Entry("bad type", "/api/pipelines/my_pipe/pipeline_schedules", map[string]any{"name": "t", "schedule_type": "cron"}),
			Entry("bad status", "/api/pipelines/my_pipe/pipeline_schedules", map[string]any{"name": "t", "status": "on"}),
			Entry("bad start_time", "/api/pipelines/my_pipe/pipeline_schedules", map[string]any{"name": "t", "start_time": "noon"}),
			Entry("no parent pipeline", "/api/pipeline_schedules", map[string]any{"name": "t"}),
		)

		It("are updated and deleted through the nested route too, and filtered by status[] and schedule_type[]", func() {
			base := "/api/pipelines/my_pipe/pipeline_schedules"
			api := object(c.post(base, body("pipeline_schedule", map[string]any{"name": "hook", "schedule_type": "api"}), owner.as()), "pipeline_schedule")
			nested := base + "/" + intPK(api)
			Expect(object(c.put(nested, body("pipeline_schedule", map[string]any{"description": "via parent"}), owner.as()), "pipeline_schedule")).
				To(HaveKeyWithValue("description", "via parent"))
			Expect(items(c.get("/api/pipeline_schedules?schedule_type[]=api&_limit=100", owner.as()), "pipeline_schedules")).
				To(ConsistOf(HaveKeyWithValue("name", "hook")))
			active := items(c.get("/api/pipeline_schedules?status[]=active&_limit=100", owner.as()), "pipeline_schedules")
			Expect(active).NotTo(BeEmpty())
			Expect(active).To(HaveEach(HaveKeyWithValue("status", "active")))
			object(c.del(nested, owner.as()), "pipeline_schedule")
			expectFailure(c.get("/api/pipeline_schedules/"+intPK(api), owner.as()), 404, "record_not_found")
		})

		It("take a pipeline update's status", func() {
			object(c.put("/api/pipelines/my_pipe", body("pipeline", map[string]any{"status": "inactive"}), owner.as()), "pipeline")
			Expect(items(c.get("/api/pipelines/my_pipe/pipeline_schedules", owner.as()), "pipeline_schedules")).
				To(HaveEach(HaveKeyWithValue("status", "inactive")))
		})

		It("go away with their pipeline", func() {
			object(c.del("/api/pipelines/my_pipe", owner.as()), "pipeline")
			Expect(items(c.get("/api/pipeline_schedules?_limit=100", owner.as()), "pipeline_schedules")).
				NotTo(ContainElement(HaveKeyWithValue("pipeline_uuid", "my_pipe")))
		})
	})

	Describe("secrets", func() {
		It("never show the value and refuse duplicates", func() {
			obj := object(c.post("/api/secrets", body("secret", map[string]any{"name": "db", "value": "s3cret"}), owner.as()), "secret")
			Expect(keys(obj)).To(ConsistOf("id", "name"))
			expectFailure(c.post("/api/secrets", body("secret", map[string]any{"name": "db", "value": "x"}), owner.as()), 400, "record_invalid")
			expectFailure(c.post("/api/secrets", body("secret", map[string]any{"name": "novalue"}), owner.as()), 400, "record_invalid")
			Expect(items(c.get("/api/secrets", owner.as()), "secrets")).
				To(HaveEach(WithTransform(func(s map[string]any) []string { return keys(s) }, ConsistOf("id", "name"))))
			expectFailure(c.get("/api/secrets/db", owner.as()), 403, "unauthorized_access")
		})
	})

	Describe("roles", func() {
		It("are the four defaults, each with one global permission", func() {
			list := items(c.get("/api/roles", owner.as()), "roles")
			Expect(list).To(HaveLen(4))
			for i, name := range []string{"Owner", "Admin", "Editor", "Viewer"} {
				role := list[i].(map[string]any)
				Expect(keys(role)).To(ConsistOf("id", "name", "permissions", "created_at", "updated_at"))
				Expect(role).To(HaveKeyWithValue("name", name))
				Expect(role["permissions"]).To(ConsistOf(HaveKeyWithValue("access", BeNumerically("==", 1<<i))))
			}
			Expect(object(c.get("/api/roles/2", owner.as()), "role")).To(HaveKeyWithValue("name", "Admin"))
			expectFailure(c.post("/api/roles", body("role", map[string]any{"name": "x"}), owner.as()), 403, "unauthorized_access")
		})
	})
})
