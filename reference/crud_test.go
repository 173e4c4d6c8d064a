package reference_test

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// crudCase describes one resource for the generic lifecycle: how to create
// it, what the update writes, and how its pk is read.
type crudCase struct {
	plural, singular string
	createPath       string
	create           map[string]any
	update           map[string]any // nil: the resource has no update
	pk               func(obj map[string]any) string
	// detail is false for secrets, whose detail is 403 by policy.
	detail bool
}

func intPK(obj map[string]any) string { return fmt.Sprint(int(obj["id"].(float64))) }

var crudCases = []crudCase{
	{plural: "users", singular: "user", createPath: "/api/users", detail: true, pk: intPK,
		create: map[string]any{"email": "crud@example.com", "username": "crud", "password": "password1", "password_confirmation": "password1",
			"first_name": "Ada", "roles_new": []int{3}},
		update: map[string]any{"first_name": "Grace", "last_name": "Hopper"}},
	{plural: "pipelines", singular: "pipeline", createPath: "/api/pipelines", detail: true,
		pk:     func(obj map[string]any) string { return obj["uuid"].(string) },
		create: map[string]any{"name": "crud pipe", "type": "pyspark", "description": "first", "tags": []string{"a"}},
		update: map[string]any{"description": "second", "tags": []string{"b", "c"}}},
	{plural: "pipeline_schedules", singular: "pipeline_schedule", createPath: "/api/pipelines/crud_parent/pipeline_schedules", detail: true,
		pk:     intPK,
		create: map[string]any{"name": "t", "schedule_type": "time", "schedule_interval": "@daily", "status": "inactive"},
		update: map[string]any{"schedule_interval": "0 * * * *", "status": "active"}},
	{plural: "secrets", singular: "secret", createPath: "/api/secrets", detail: false, pk: func(obj map[string]any) string { return obj["name"].(string) },
		create: map[string]any{"name": "crud_secret", "value": "hunter2"}},
}

var _ = Describe("CRUD lifecycle per resource (A8)", Label("crud"), func() {
	for _, rc := range crudCases {
		Describe(rc.plural, Ordered, func() {
			var c *client
			var owner session
			var pk string

			BeforeAll(func() {
				c = newClient(reference.DefaultConfig())
				owner = c.loginOwner()
				object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "crud parent"}), owner.as()), "pipeline")
			})

			It("creates, showing what was written", func() {
				obj := object(c.post(rc.createPath, body(rc.singular, rc.create), owner.as()), rc.singular)
				pk = rc.pk(obj)
				expectWritten(obj, rc.create)
			})

			It("shows the record in detail", func() {
				res := c.get("/api/"+rc.plural+"/"+pk, owner.as())
				if !rc.detail {
					expectFailure(res, 403, "unauthorized_access")
					return
				}
				expectWritten(object(res, rc.singular), rc.create)
			})

			It("lists the record", func() {
				list := items(c.get("/api/"+rc.plural+"?_limit=100", owner.as()), rc.plural)
				Expect(list).To(ContainElement(HaveKeyWithValue(pkKey(rc), pkValue(rc, pk))))
			})

			It("updates the record, and detail shows the change", func() {
				if rc.update == nil {
					Skip("not applicable: " + rc.plural + " have no update")
				}
				expectWritten(object(c.put("/api/"+rc.plural+"/"+pk, body(rc.singular, rc.update), owner.as()), rc.singular), rc.update)
				expectWritten(object(c.get("/api/"+rc.plural+"/"+pk, owner.as()), rc.singular), rc.update)
			})

			It("deletes the record; detail is then record_not_found", func() {
				object(c.del("/api/"+rc.plural+"/"+pk, owner.as()), rc.singular)
				expectFailure(c.get("/api/"+rc.plural+"/"+pk, owner.as()), 404, "record_not_found")
				list := items(c.get("/api/"+rc.plural+"?_limit=100", owner.as()), rc.plural)
				Expect(list).NotTo(ContainElement(HaveKeyWithValue(pkKey(rc), pkValue(rc, pk))))
			})
		})
	}
})

func pkKey(rc crudCase) string {
	switch rc.plural {
	case "pipelines":
		return "uuid"
	case "secrets":
		return "name"
	}
	return "id"
}

func pkValue(rc crudCase, pk string) any {
	if pkKey(rc) == "id" {
		var n float64
		_, _ = fmt.Sscan(pk, &n)
		return n
	}
	return pk
}

// expectWritten: every written attribute that is presented reads back equal.
func expectWritten(obj, written map[string]any) {
	GinkgoHelper()
	for k, v := range written {
		switch k {
		case "password", "password_confirmation", "value":
			Expect(obj).NotTo(HaveKey(k))
		case "roles_new":
			Expect(obj[k]).To(HaveLen(len(v.([]int))))
		case "tags":
			Expect(obj[k]).To(HaveLen(len(v.([]string))))
			for i, tag := range v.([]string) {
				Expect(obj[k].([]any)[i]).To(Equal(tag))
			}
		default:
			Expect(obj).To(HaveKeyWithValue(k, v))
		}
	}
}
