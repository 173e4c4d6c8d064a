package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
)

// errorCase is a request every Mage-like server answers with an error envelope (never with
// Mage's code-500 unhandled-exception body), so B1 can be checked on it.
type errorCase struct {
	name     string
	resource string
	needAuth bool
	send     func(extra ...harness.Option) *harness.Response
}

func errorCases() []errorCase {
	users := accounts()
	cases := []errorCase{
		{name: "no API key", resource: accounts().Plural, needAuth: true, send: func(extra ...harness.Option) *harness.Response {
			return anon().Get(users.CollectionPath(""), append(extra, harness.WithoutKey())...)
		}},
		{name: "a key but no token", resource: accounts().Plural, needAuth: true, send: func(extra ...harness.Option) *harness.Response {
			return anon().Get(users.CollectionPath(""), extra...)
		}},
		// An email nobody has: a wrong password for a known one costs a real Mage a password
		// hash (a second), and B3.bad-login judges that case.
		{name: "bad login", resource: "sessions", send: func(extra ...harness.Option) *harness.Response {
			return anon().Post("/api/sessions", append(extra, harness.WithJSON(map[string]any{
				"session": map[string]any{"email": fac().Name() + "@example.com", "password": env().cfg.Password},
			}))...)
		}},
		{name: "a user without attributes", resource: accounts().Plural, send: func(extra ...harness.Option) *harness.Response {
			return owner().Post(users.CollectionPath(""), append(extra, wrap(users, map[string]any{}))...)
		}},
	}
	for _, res := range fixtures.All() {
		if !res.Missing.Typed() {
			continue // Mage answers these with its code-500 body: see B4.deleted-not-found-intended
		}
		cases = append(cases, errorCase{name: string(res.Missing.Asker()) + " of a missing " + res.Singular, resource: res.Plural,
			send: func(extra ...harness.Option) *harness.Response {
				return perform(owner(), res, res.Missing.Asker(), missingKey(res), nil, extra...)
			}})
	}
	return cases
}

func (c errorCase) skipUnlessApplicable(features ...string) {
	if c.needAuth {
		skipUnlessAuth(c.resource, features...)
	} else {
		skipUnlessApplicable(c.resource, features...)
	}
}

var _ = Describe("B1 error envelope", Label("errors"), func() {
	for _, c := range errorCases() {
		It("is well formed for "+c.name, Label("resource:"+c.resource), rules("B1.envelope-shape"), func() {
			c.skipUnlessApplicable()
			resp := c.send()
			check("B1.envelope-shape", func(g Gomega) {
				problems := harness.EnvelopeProblems(resp)
				for _, p := range problems {
					harness.Reject(resp.Exchange, p)
				}
				g.Expect(problems).To(BeEmpty(), "the error envelope is malformed")
			})
		})

		It("carries the code as HTTP status with _http_error_codes for "+c.name, Label("resource:"+c.resource),
			rules("B1.http-error-codes"), func() {
				c.skipUnlessApplicable(profile.FeatureHTTPErrorCodes)
				resp := c.send(harness.WithHTTPErrorCodes())
				check("B1.http-error-codes", func(g Gomega) {
					e, isErr := resp.Error()
					g.Expect(isErr).To(BeTrue(), "want an error envelope, got %s", describe(resp))
					g.Expect(e.HTTPStatus).To(Equal(e.Code), "HTTP status")
					g.Expect(e.BodyStatus).NotTo(BeNil(), "body status")
					g.Expect(*e.BodyStatus).To(Equal(e.Code), "body status")
				})
			})
	}
})
