package suites

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
)

// B5: invalid users are refused with record_invalid and leave no trace.
var _ = Describe("B5 validation", Ordered, ContinueOnFailure, Label("errors", "resource:users", actionLabel("create")), func() {
	var taken record
	applies := resourceGate("users")
	setupAll(func() {
		if applies() {
			taken = seed(usersFixture(), "B4.create")
		}
	})

	DescribeTable("refuses an invalid user",
		func(ruleID, lookup string, spoil func(user, taken map[string]any)) {
			users := usersFixture()
			payload := fac().User()
			spoil(payload, taken.written)
			rec, _ := tryCreate(owner(), users, "", payload)
			resp := rec.created
			// A duplicate collides with the record the setup made: its reproduce line makes it
			// again first (the run's records are gone when the line is pasted).
			collides := func() {
				if strings.HasPrefix(ruleID, "B5.duplicate-") {
					harness.Precondition(taken.created.Exchange)
				}
			}
			check(ruleID, func(g Gomega) {
				collides()
				g.Expect(resp).To(harness.HaveErrorType("record_invalid"))
			})
			check("B5.code-400", func(g Gomega) {
				collides()
				e, isErr := resp.Error()
				g.Expect(isErr).To(BeTrue(), "want an error envelope, got %s", describe(resp))
				g.Expect(e.Code).To(Equal(400), "error.code")
			})
			if want, ok := payload[lookup]; ok && lookup != "" {
				found, _ := findWhere(owner(), users.CollectionPath(""), users, func(u map[string]any) bool {
					return u[lookup] == want
				})
				check(ruleID, func(g Gomega) {
					g.Expect(found).To(BeNil(), "a refused create must not leave a user with %s %v", lookup, want)
				})
			}
		},
		Entry("without any attribute", rules("B5.missing-required", "B5.code-400"), "B5.missing-required", "",
			func(u, _ map[string]any) { clear(u) }),
		Entry("without a password", rules("B5.missing-required", "B5.code-400"), "B5.missing-required", "email",
			func(u, _ map[string]any) { delete(u, "password"); delete(u, "password_confirmation") }),
		Entry("without an email", rules("B5.missing-required", "B5.code-400"), "B5.missing-required", "username",
			func(u, _ map[string]any) { delete(u, "email") }),
		Entry("with a taken email", rules("B5.duplicate-email", "B5.code-400"), "B5.duplicate-email", "username",
			func(u, t map[string]any) { u["email"] = t["email"] }),
		Entry("with a taken username", rules("B5.duplicate-username", "B5.code-400"), "B5.duplicate-username", "email",
			func(u, t map[string]any) { u["username"] = t["username"] }),
		Entry("with a 7-character password", rules("B5.short-password", "B5.code-400"), "B5.short-password", "email",
			func(u, _ map[string]any) { u["password"], u["password_confirmation"] = "abc1234", "abc1234" }),
		// Mage answers this one with error.code 200 (Part C §8), hence code 400 is only a SHOULD.
		Entry("with a malformed email", rules("B5.invalid-email", "B5.code-400"), "B5.invalid-email", "username",
			func(u, _ map[string]any) { u["email"] = strings.TrimSuffix(u["email"].(string), "@example.com") }),
		Entry("with a mismatched confirmation", rules("B5.password-mismatch", "B5.code-400"), "B5.password-mismatch", "email",
			func(u, _ map[string]any) { u["password_confirmation"] = strings.ToUpper(u["password"].(string)) + "x" }),
	)
})

// Malformed input: Mage answers both with its code-500 body (Part C §2, §10), so SHOULD.
var _ = Describe("B5 malformed input", Label("errors", "resource:users"), func() {
	It("refuses a create whose body is not JSON", Label(actionLabel("create")), rules("B5.malformed-input"), func() {
		skipUnlessApplicable("users")
		users := usersFixture()
		email := fac().Name() + "@example.com"
		password, _ := fac().User()["password"].(string)
		harness.RememberSecret(password, harness.VarUserPassword) // sent, so never shown in clear
		broken := `{"user": {"email": "` + email + `", "password": "` + password + `", "password_confirmation": "` + password + `"`
		resp := owner().Post(users.CollectionPath(""), harness.WithRawBody("application/json", []byte(broken)))
		adopt(users, "", nil, resp)
		tolerateServerError(resp)
		check("B5.malformed-input", func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(400, "record_invalid"))
		})
	})

	It("refuses a non-integer _limit", Label(actionLabel("list")), rules("B5.malformed-input"), func() {
		skipUnlessApplicable("users")
		resp := owner().Get(usersFixture().CollectionPath(""), harness.WithQuery("_limit", "abc"))
		tolerateServerError(resp)
		check("B5.malformed-input", func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(400, "record_invalid"))
		})
	})
})
