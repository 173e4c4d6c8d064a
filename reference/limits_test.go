package reference_test

import (
	"bytes"
	"encoding/json"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// depthOf is how deeply arrays and objects nest in a decoded JSON value.
func depthOf(v any) int {
	deepest := 0
	switch x := v.(type) {
	case map[string]any:
		for _, item := range x {
			deepest = max(deepest, depthOf(item))
		}
	case []any:
		for _, item := range x {
			deepest = max(deepest, depthOf(item))
		}
	default:
		return 0
	}
	return deepest + 1
}

// The limits on bodies and stored values (README, "Limits"): at the limit a request is
// accepted, past it refused, and nothing stored makes a later answer hard to decode.
var _ = Describe("Limits on bodies and stored values", Label("errors"), Ordered, func() {
	var c *client
	var owner session
	nested := func(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
		object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "p"}), owner.as()), "pipeline")
		object(c.post("/api/pipelines/p/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "s"}), owner.as()), "pipeline_schedule")
	})

	It("accepts a body nested exactly MaxJSONDepth deep and refuses one level more", func() {
		// The pipeline wrapper, its object and variables are three levels.
		deepest := reference.DefaultMaxJSONDepth - 3
		object(c.put("/api/pipelines/p", `{"pipeline": {"variables": {"v": `+nested(deepest)+`}}}`, owner.as()), "pipeline")
		res := c.put("/api/pipelines/p", `{"pipeline": {"variables": {"v": `+nested(deepest+1)+`}}}`, owner.as())
		expectFailure(res, 400, "record_invalid")
		Expect(res.Body["error"]).To(HaveKeyWithValue("errors", HaveKeyWithValue("max_depth", BeNumerically("==", reference.DefaultMaxJSONDepth))))
		object(c.put("/api/pipeline_schedules/1", `{"pipeline_schedule": {"settings": {"s": `+nested(deepest)+`}}}`, owner.as()), "pipeline_schedule")
	})

	It("accepts a value of exactly MaxValueBytes and refuses one byte more", func() {
		exact := strings.Repeat("x", reference.DefaultMaxValueBytes)
		object(c.put("/api/pipelines/p", body("pipeline", map[string]any{"description": exact}), owner.as()), "pipeline")
		res := c.put("/api/pipelines/p", body("pipeline", map[string]any{"description": exact + "x"}), owner.as())
		expectFailure(res, 400, "record_invalid")
		Expect(res.Body["error"]).To(HaveKeyWithValue("errors", HaveKeyWithValue("attribute", "description")))
		// An object is measured as its JSON: {"k":"..."} is 8 bytes more than the string.
		object(c.put("/api/pipelines/p", body("pipeline", map[string]any{"settings": map[string]any{"k": exact[8:]}}), owner.as()), "pipeline")
		expectFailure(c.put("/api/pipelines/p", body("pipeline", map[string]any{"settings": map[string]any{"k": exact[7:]}}), owner.as()), 400, "record_invalid")
	})

	It("leaves every answer decodable by Go's decoder, and within 64 levels", func() {
		object(c.post("/api/secrets", body("secret", map[string]any{"name": strings.Repeat("é", 127), "value": "v"}), owner.as()), "secret")
		for _, path := range []string{"/api/pipelines", "/api/pipelines/p", "/api/pipelines?include_schedules=1",
			"/api/pipeline_schedules", "/api/pipeline_schedules/1", "/api/pipelines/p/pipeline_schedules", "/api/secrets", "/api/users"} {
			res := c.get(path, owner.as())
			Expect(res.Status).To(Equal(200))
			var v any
			dec := json.NewDecoder(bytes.NewReader(res.Raw))
			Expect(dec.Decode(&v)).To(Succeed(), path)
			Expect(depthOf(v)).To(BeNumerically("<=", 64), path)
		}
	})
})
