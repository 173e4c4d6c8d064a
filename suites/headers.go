package suites

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
)

// corsMethods are the methods Mage lists in Access-Control-Allow-Methods.
var corsMethods = []string{"DELETE", "GET", "PATCH", "POST", "PUT", "OPTIONS"}

// sampleAnswers are a few answers of every kind: open, success, list and error.
func sampleAnswers() map[string]*harness.Response {
	out := map[string]*harness.Response{
		"GET /api/status":          anon().Get("/api/status", harness.WithoutKey()),
		"GET /api/users (no key)":  anon().Get("/api/users", harness.WithoutKey()),
		"POST /api/sessions (bad)": anon().Post("/api/sessions", harness.WithJSON(map[string]any{"session": map[string]any{}})),
	}
	for _, res := range fixtures.All() {
		if ok, _ := env().profile.Applies(res.Plural); ok && res.Has(fixtures.List) {
			path := someListPath(res)
			out["GET "+path] = owner().Get(path)
		}
	}
	return out
}

var _ = Describe("B9 headers", Label("headers"), func() {
	It("sends Content-Type: application/json", rules("B9.content-type"), func() {
		for what, r := range sampleAnswers() {
			check("B9.content-type", func(g Gomega) {
				g.Expect(r.Err).NotTo(HaveOccurred())
				g.Expect(r.Header.Get("Content-Type")).To(HavePrefix("application/json"), what)
			})
		}
	})

	It("sends the CORS headers", rules("B9.cors"), func() {
		skipUnlessApplicable("", profile.FeatureCORS)
		for what, r := range sampleAnswers() {
			check("B9.cors", func(g Gomega) {
				g.Expect(r.Err).NotTo(HaveOccurred())
				g.Expect(r.Header.Get("Access-Control-Allow-Origin")).To(Equal("*"), what)
				g.Expect(r.Header.Get("Access-Control-Allow-Headers")).To(Equal("*"), what)
				allowed := strings.Split(strings.ReplaceAll(r.Header.Get("Access-Control-Allow-Methods"), " ", ""), ",")
				g.Expect(allowed).To(ContainElements(corsMethods), what)
			})
		}
	})

	for _, res := range fixtures.All() {
		It("answers OPTIONS on "+res.Plural+" with 204 and no body", Label(resourceLabel(res)), rules("B9.options"), func() {
			skipUnlessApplicable(res.Plural, profile.FeatureOptions)
			for _, path := range []string{res.CollectionPath(""), res.MemberPath(missingKey(res))} {
				r := anon().Options(path, harness.WithoutKey(), harness.WithoutToken())
				check("B9.options", func(g Gomega) {
					g.Expect(r.Err).NotTo(HaveOccurred())
					g.Expect(r.Status).To(Equal(204), "OPTIONS %s", path)
					g.Expect(r.Body).To(BeEmpty(), "OPTIONS %s", path)
				})
			}
		})
	}
})

var _ = Describe("B10 unknown resource", Label("errors"), func() {
	It("answers an unknown resource with E(404, record_not_found)", rules("B10.unknown-resource"), func() {
		skipUnlessApplicable("", profile.FeatureUnknownResource)
		r := owner().Get("/api/" + fac().Prefix() + "no_such_things")
		tolerateServerError(r)
		check("B10.unknown-resource", func(g Gomega) {
			g.Expect(r).To(harness.BeErrorEnvelope(404, "record_not_found"))
		})
	})
})

var _ = Describe("B3 status", Label("auth", "resource:statuses"), func() {
	It("answers /api/status and /api/statuses without key or token", rules("B3.status-open"), func() {
		skipUnlessApplicable("statuses")
		for _, path := range []string{"/api/status", "/api/statuses"} {
			r := anon().Get(path, harness.WithoutKey(), harness.WithoutToken())
			check("B3.status-open", func(g Gomega) {
				g.Expect(r).To(harness.BeSuccess("statuses"))
				g.Expect(r.Items("statuses")).To(HaveLen(1), path)
				g.Expect(r.Items("statuses")[0]).To(HaveKeyWithValue("require_user_authentication", env().authOn()), path)
			})
		}
	})
})
