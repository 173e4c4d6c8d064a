package reference_test

import (
	"fmt"
	"math/rand/v2"
	neturl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// namePieces are what generated names are made of: letters, what URLs, paths and queries give a
// meaning to, escapes, control characters, and Unicode that changes with case or normalization.
var namePieces = []string{
	"a", "Z", "0", "7", "_", "-", " ", ".", "..", "...", "/", `\`, "%", "%2F", "%2e", "%00", "?", "#", "&",
	"=", "+", ";", ",", "~", "'", `"`, "<", ">", "*", ":", "@", "[", "]", "{", "}", "$", "!", "|", "^", "`",
	"\t", "\n", "\r", "\x00", "\x1b", "\x7f", "\u0085", "é", "e\u0301", "\u200b", "\u202e", "\u2028",
	"\ufeff", "\ufffd", "😀", "İ", "ß", "Σ", "日本", "api_key", "../", "./",
}

// genNames returns n names from a fixed seed: most a few pieces long, some long enough to pass
// the name limit, a few that are nothing but a path's special segments.
func genNames(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := []string{".", "..", "../x", "a/b", "/", "s\x00", "s\n", "x", ".x", "x.", " ", "%2e%2e", `..\x`}
	for len(out) < n {
		var b strings.Builder
		parts := 1 + r.IntN(6)
		if r.IntN(20) == 0 {
			parts = 60 + r.IntN(60) // around the 255-byte limit
		}
		for range parts {
			b.WriteString(namePieces[r.IntN(len(namePieces))])
		}
		out = append(out, b.String())
	}
	return out
}

// addressable is the documented rule (README, "Names"): what the intended mode accepts.
func addressable(name string, pk bool) bool {
	switch {
	case !utf8.ValidString(name), len(name) > resources.MaxNameBytes, strings.IndexFunc(name, unicode.IsControl) >= 0:
		return false
	case pk && (name == "." || name == ".." || strings.Contains(name, "/")):
		return false
	}
	return true
}

// escapes are the ways a client may put a name into a path segment.
var escapes = map[string]func(string) string{
	"neturl.PathEscape": neturl.PathEscape,
	"every byte escaped": func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%%%02X", s[i])
		}
		return b.String()
	},
}

var _ = Describe("Names (property: every name that can be created can be addressed)", Label("crud"), Ordered, func() {
	var c *client
	var owner session
	names := genNames(12, 600)

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
		object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "parent"}), owner.as()), "pipeline")
	})

	It("generates names of both kinds", func() {
		var good, bad int
		for _, n := range names {
			if addressable(n, true) {
				good++
			} else {
				bad++
			}
		}
		Expect(good).To(BeNumerically(">", 200))
		Expect(bad).To(BeNumerically(">", 200))
	})

	for how, escape := range escapes {
		It("creates a secret for exactly the addressable names, then finds, refuses to show, and deletes it by its "+how+" URL", func() {
			for _, name := range names {
				res := c.post("/api/secrets", body("secret", map[string]any{"name": name, "value": "v"}), owner.as())
				if !addressable(name, true) {
					expectFailure(res, 400, "record_invalid")
					continue
				}
				Expect(object(res, "secret")).To(HaveKeyWithValue("name", name), "%q", name)
				path := "/api/secrets/" + escape(name)
				// Found, and then refused by the policy: a missing secret is 404.
				expectFailure(c.get(path, owner.as()), 403, "unauthorized_access")
				expectFailure(c.put(path, body("secret", map[string]any{"value": "w"}), owner.as()), 403, "unauthorized_access")
				Expect(object(c.del(path, owner.as()), "secret")).To(HaveKeyWithValue("name", name), "%q", name)
				expectFailure(c.del(path, owner.as()), 404, "record_not_found")
			}
			Expect(metadata(c.get("/api/secrets", owner.as()))["count"]).To(BeNumerically("==", 0))
		})

		It("creates a pipeline for exactly the addressable names, then reads, updates and deletes it by its "+how+" URL", func() {
			for _, name := range names {
				res := c.post("/api/pipelines", body("pipeline", map[string]any{"name": name}), owner.as())
				if !addressable(name, false) || resources.CleanName(name) == "" {
					expectFailure(res, 400, "record_invalid")
					continue
				}
				uuid := object(res, "pipeline")["uuid"].(string)
				path := "/api/pipelines/" + escape(uuid)
				Expect(object(c.get(path, owner.as()), "pipeline")).To(HaveKeyWithValue("name", name), "%q", name)
				Expect(object(c.put(path, body("pipeline", map[string]any{"description": name}), owner.as()), "pipeline")).
					To(HaveKeyWithValue("description", name))
				object(c.del(path, owner.as()), "pipeline")
				expectFailure(c.get(path, owner.as()), 404, "record_not_found")
			}
		})
	}

	It("names schedules and users by the same rule, except that . and / are fine where the name is no pk", func() {
		seen := map[string]bool{reference.DefaultOwnerUsername: true, "": true}
		for i, name := range names[:200] {
			res := c.post("/api/pipelines/parent/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": name}), owner.as())
			user := c.post("/api/users", body("user", map[string]any{"email": fmt.Sprintf("n%d@example.com", i), "username": name,
				"password": "password1", "password_confirmation": "password1"}), owner.as())
			switch {
			case strings.TrimSpace(name) == "": // a schedule needs a name
				expectFailure(res, 400, "record_invalid")
			case addressable(name, false):
				id := intPK(object(res, "pipeline_schedule"))
				Expect(object(c.get("/api/pipeline_schedules/"+id, owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("name", name))
				object(c.del("/api/pipeline_schedules/"+id, owner.as()), "pipeline_schedule")
			default:
				expectFailure(res, 400, "record_invalid")
			}
			switch {
			case seen[name]: // taken, or no username at all
			case addressable(name, false):
				Expect(object(user, "user")).To(HaveKeyWithValue("username", name))
			default:
				expectFailure(user, 400, "record_invalid")
			}
			seen[name] = true
		}
	})
})
