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
	BeforeAll(func() {
		skipUnlessApplicable("users")
		taken = seed(usersFixture(), "B4.create")
	})

	DescribeTable("refuses an invalid user",
		func(ruleID, lookup string, spoil func(user, taken map[string]any)) {
			users := usersFixture()
			payload := fac().User()
			spoil(payload, taken.written)
			env().forbid(sensitiveValues(users, payload)...)
			resp := owner().Post(users.CollectionPath(""), wrap(users, payload))
			if obj := resp.Object(users.Singular); pkOf(users, obj) != "" {
				DeferCleanup(removeQuietly, users, pkOf(users, obj))
			}
			check(ruleID, func(g Gomega) { g.Expect(resp).To(harness.HaveErrorType("record_invalid")) })
			check("B5.code-400", func(g Gomega) {
				e, _ := resp.Error()
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
		Entry("with a mismatched confirmation", rules("B5.password-mismatch", "B5.code-400"), "B5.password-mismatch", "email",
			func(u, _ map[string]any) { u["password_confirmation"] = strings.ToUpper(u["password"].(string)) + "x" }),
	)
})
