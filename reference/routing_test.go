package reference_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("Routing (A1)", Label("routing"), Ordered, func() {
	var c *client
	var owner session

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
	})

	It("puts the JSON content type and the CORS headers on every response", func() {
		for _, res := range []response{
			c.get("/api/status"), c.get("/api/users"), c.get("/api/users", owner.as()),
			c.do("PATCH", "/api/users/1", nil), c.do("OPTIONS", "/api/users", nil), c.get("/nothing"),
		} {
			Expect(res.Header.Get("Content-Type")).To(Equal("application/json"))
			Expect(res.Header.Get("Access-Control-Allow-Origin")).To(Equal("*"))
			Expect(res.Header.Get("Access-Control-Allow-Headers")).To(Equal("*"))
			Expect(res.Header.Get("Access-Control-Allow-Methods")).To(Equal("DELETE, GET, PATCH, POST, PUT, OPTIONS"))
		}
	})

	DescribeTable("OPTIONS on any /api/ path is 204 with an empty body, without a key",
		func(path string) {
			res := c.do("OPTIONS", path, nil)
			Expect(res.Status).To(Equal(204))
			Expect(res.Raw).To(BeEmpty())
		},
		Entry(nil, "/api/users"), Entry(nil, "/api/users/1"), Entry(nil, "/api/nosuch/1/x/2"), Entry(nil, "/api/"),
	)

	DescribeTable("another method on a known route shape is 405 with an empty body",
		func(method, path string) {
			res := c.do(method, path, nil, owner.as())
			Expect(res.Status).To(Equal(405))
			Expect(res.Raw).To(BeEmpty())
		},
		Entry(nil, "PATCH", "/api/users/1"), Entry(nil, "POST", "/api/users/1"),
		Entry(nil, "PUT", "/api/users"), Entry(nil, "DELETE", "/api/users"),
		Entry(nil, "HEAD", "/api/users"), Entry(nil, "PUT", "/api/pipelines/p/pipeline_schedules"),
		Entry(nil, "POST", "/api/pipelines/p/pipeline_schedules/1"),
	)

	DescribeTable("the health check needs no key and no token and lists under statuses",
		func(path string) {
			list := items(c.get(path), "statuses")
			Expect(list).To(HaveLen(1))
			status := list[0].(map[string]any)
			Expect(status).To(HaveKeyWithValue("require_user_authentication", true))
			Expect(status).To(HaveKey("project_uuid"))
			Expect(status).NotTo(HaveKey("last_user_request"))
		},
		Entry(nil, "/api/status"), Entry(nil, "/api/statuses"),
		Entry("even with a bad token", "/api/status?api_key=wrong"),
	)

	It("adds the activity details with _format=with_activity_details", func() {
		status := items(c.get("/api/status?_format=with_activity_details"), "statuses")[0].(map[string]any)
		Expect(status).To(HaveKey("active_pipeline_run_count"))
		Expect(status).To(HaveKey("last_user_request"))
	})

	It("answers a status detail or create with 403: no rule", func() {
		expectFailure(c.get("/api/statuses/1", owner.as()), 403, "unauthorized_access")
		expectFailure(c.post("/api/status", "", keyQuery(apiKey)), 403, "unauthorized_access")
		expectFailure(c.post("/api/status", ""), 403, "unauthorized_access") // no key needed on this route
	})

	It("checks the key before resolving the resource", func() {
		expectAuthFailure(c.get("/api/nosuch"), "invalid_api_key")
		expectFailure(c.get("/api/nosuch", owner.as()), 404, "record_not_found")
		expectFailure(c.get("/api/nosuch/1/users", owner.as()), 404, "record_not_found")
		expectFailure(c.get("/api/users/1/pipeline_schedules", owner.as()), 404, "record_not_found")
	})

	DescribeTable("paths outside the routes get a JSON 404 envelope, not HTML",
		func(path string) { expectFailure(c.get(path, owner.as()), 404, "record_not_found") },
		Entry(nil, "/api/"), Entry(nil, "/api/users/"), Entry(nil, "/"), Entry(nil, "/index.html"),
		Entry(nil, "/api/a/b/c/d/e"),
	)

	DescribeTable("path traversal is refused with E(400, record_invalid)",
		func(path string) { expectFailure(c.get(path, owner.as()), 400, "record_invalid") },
		Entry(nil, "/api/users/%2e%2e%2fetc"), Entry(nil, "/api/users?x=../etc"), Entry(nil, "/api//users"),
	)

	It("accepts singular resource URLs, listing under the segment as written", func() {
		Expect(object(c.get("/api/user/1", owner.as()), "user")).To(HaveKeyWithValue("id", BeNumerically("==", 1)))
		Expect(items(c.get("/api/secret", owner.as()), "secret")).To(BeEmpty())
	})
})
