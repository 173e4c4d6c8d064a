package reference_test

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("Lists (A2, B8)", Label("lists"), Ordered, func() {
	var c *client
	var owner session
	const secrets = 45

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
		for i := range secrets {
			object(c.post("/api/secrets", body("secret", map[string]any{"name": fmt.Sprintf("s%02d", i), "value": "v"}), owner.as()), "secret")
		}
		for _, name := range []string{"bravo", "alpha", "charlie"} {
			object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": name, "tags": []string{name[:1]}}), owner.as()), "pipeline")
		}
	})

	DescribeTable("database-style lists page by _limit/_offset in id order",
		func(query string, wantLen int, wantNext bool, wantResults any) {
			res := c.get("/api/secrets"+query, owner.as())
			list := items(res, "secrets")
			Expect(list).To(HaveLen(wantLen))
			meta := metadata(res)
			Expect(meta).To(HaveKeyWithValue("count", BeNumerically("==", secrets)))
			Expect(meta).To(HaveKeyWithValue("next", wantNext))
			if wantResults == nil {
				Expect(meta).NotTo(HaveKey("results"))
			} else {
				Expect(meta).To(HaveKeyWithValue("results", BeNumerically("==", wantResults)))
			}
			for i := 1; i < len(list); i++ {
				Expect(list[i].(map[string]any)["id"]).To(BeNumerically(">", list[i-1].(map[string]any)["id"]))
			}
		},
		Entry("default page of 40", "", 40, true, nil),
		Entry("limit 1", "?_limit=1", 1, true, 1),
		Entry("the last one", fmt.Sprintf("?_limit=1&_offset=%d", secrets-1), 1, false, 1),
		Entry("offset with the default limit", "?_offset=40", 5, false, nil),
		Entry("offset beyond the end", "?_offset=1000", 0, false, nil),
		Entry("limit 0", "?_limit=0", 0, true, 0),
		Entry("huge limit and offset", "?_limit=9223372036854775807&_offset=9223372036854775807", 0, false, 0),
		Entry("huge limit", "?_limit=9223372036854775807", secrets, false, secrets),
	)

	It("starts a page at the offset", func() {
		list := items(c.get("/api/secrets?_limit=2&_offset=10", owner.as()), "secrets")
		Expect(list[0]).To(HaveKeyWithValue("name", "s10"))
		Expect(list[1]).To(HaveKeyWithValue("name", "s11"))
	})

	It("lists pipelines by uuid without a default limit; next is null without _limit", func() {
		res := c.get("/api/pipelines", owner.as())
		Expect(uuids(items(res, "pipelines"))).To(Equal([]string{"alpha", "bravo", "charlie"}))
		Expect(metadata(res)).To(Equal(map[string]any{"count": 3.0, "results": 3.0, "next": nil}))
		res = c.get("/api/pipelines?_limit=1&_offset=1", owner.as())
		Expect(uuids(items(res, "pipelines"))).To(Equal([]string{"bravo"}))
		Expect(metadata(res)).To(Equal(map[string]any{"count": 3.0, "results": 1.0, "next": true}))
	})

	DescribeTable("orders pipelines by _order_by[]",
		func(query string, want []string) {
			Expect(uuids(items(c.get("/api/pipelines?"+query, owner.as()), "pipelines"))).To(Equal(want))
		},
		Entry("descending name", "_order_by[]=-name", []string{"charlie", "bravo", "alpha"}),
		Entry("ascending name", "_order_by[]=name", []string{"alpha", "bravo", "charlie"}),
		Entry("creation time", "_order_by[]=created_at", []string{"bravo", "alpha", "charlie"}),
		Entry("a leading - on the first key reverses every key", "_order_by[]=-type&_order_by[]=uuid", []string{"charlie", "bravo", "alpha"}),
	)

	DescribeTable("filters pipelines",
		func(query string, want []string) {
			Expect(uuids(items(c.get("/api/pipelines?"+query, owner.as()), "pipelines"))).To(Equal(want))
		},
		Entry("search", "search=rav", []string{"bravo"}),
		Entry("tag[]", "tag[]=a&tag[]=c", []string{"alpha", "charlie"}),
		Entry("type[]", "type[]=streaming", []string{}),
		Entry("status[] no_schedules", "status[]=no_schedules", []string{"alpha", "bravo", "charlie"}),
	)
})

func uuids(list []any) []string {
	out := []string{}
	for _, p := range list {
		out = append(out, p.(map[string]any)["uuid"].(string))
	}
	return out
}

var _ = Describe("Lists with huge paging values", Label("lists"), Ordered, func() {
	It("pages users and pipelines without overflowing", func() {
		c := newClient(reference.DefaultConfig())
		owner := c.loginOwner()
		object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "p"}), owner.as()), "pipeline")
		const huge = "9223372036854775807"
		Expect(items(c.get("/api/users?_limit="+huge+"&_offset=1", owner.as()), "users")).To(BeEmpty())
		Expect(items(c.get("/api/users?_limit="+huge, owner.as()), "users")).To(HaveLen(1))
		Expect(items(c.get("/api/pipelines?_limit="+huge+"&_offset="+huge, owner.as()), "pipelines")).To(BeEmpty())
		Expect(items(c.get("/api/pipelines?_limit="+huge, owner.as()), "pipelines")).To(HaveLen(1))
	})
})
