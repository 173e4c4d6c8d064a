package plain_test

import (
	"errors"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/plain"
)

// failure is the message a real Gomega assertion gives, so the cases follow Gomega's format
// as it is, not as a test author remembers it.
func failure(assert func(g Gomega)) string {
	var msg string
	g := NewGomega(func(m string, _ ...int) { msg = m })
	assert(g)
	return msg
}

var _ = Describe("Reason", func() {
	DescribeTable("says what was wrong in one sentence, without Gomega's dumps",
		func(assert func(g Gomega), want string) {
			got := plain.Reason(failure(assert))
			Expect(got).To(Equal(want))
			Expect(got).NotTo(ContainSubstring("Expected"))
			Expect(got).NotTo(MatchRegexp(`<[^>]*\|`), "no type annotations")
		},
		Entry("equal, with a description", func(g Gomega) { g.Expect(5).To(Equal(4), "count at offset %d", 2) },
			"count at offset 2: got 5, want 4"),
		Entry("a description says it alone for a boolean", func(g Gomega) { g.Expect(false).To(BeTrue(), "the key was accepted") },
			"the key was accepted"),
		Entry("not nil, with a description", func(g Gomega) { g.Expect((*int)(nil)).NotTo(BeNil(), "no usable session") },
			"no usable session"),
		Entry("not nil, without one", func(g Gomega) { g.Expect((*int)(nil)).NotTo(BeNil()) }, "got nothing"),
		Entry("empty", func(g Gomega) { g.Expect([]string{"a", "b"}).To(BeEmpty(), "leaks") }, `leaks: ["a", "b"]`),
		Entry("a missing key", func(g Gomega) { g.Expect(map[string]any{"a": 1}).To(HaveKey("email")) }, "no key email"),
		Entry("a length", func(g Gomega) { g.Expect([]int{1, 2, 3}).To(HaveLen(2), "items") }, "items: got 3 items, want 2"),
		Entry("missing and extra elements", func(g Gomega) { g.Expect([]string{"a", "d"}).To(ConsistOf("a", "c")) },
			`missing ["c"]; unexpected ["d"]`),
		Entry("a prefix", func(g Gomega) { g.Expect("text/html").To(HavePrefix("application/json"), "GET /x") },
			"GET /x: got text/html, want it to have prefix application/json"),
		Entry("an error", func(g Gomega) { g.Expect(errors.New("boom")).NotTo(HaveOccurred()) }, "unexpected error: boom"),
		Entry("a pointer's value", func(g Gomega) { g.Expect(&[]int{401}[0]).To(HaveValue(Equal(200)), "body status") },
			"body status: got 401, want 200"),
		Entry("a map value", func(g Gomega) {
			g.Expect(map[string]any{"email": "x"}).To(HaveKeyWithValue("email", "y"), "attribute email")
		}, `attribute email: got {"email": "x"}, want {"email": "y"}`),
		Entry("a map value matched by a matcher", func(g Gomega) {
			g.Expect(map[string]any{"email": "x"}).To(HaveKeyWithValue("email", BeEquivalentTo("y")), "attribute email")
		}, `attribute email: got {"email": "x"}`),
	)

	It("keeps the first line of a message that is a sentence already", func() {
		Expect(plain.Reason("want E(404, record_not_found), but error.type is missing\nexchange:\n  GET /x")).
			To(Equal("want E(404, record_not_found), but error.type is missing"))
	})

	It("cuts long values", func() {
		long := make([]string, 60)
		for i := range long {
			long[i] = "item"
		}
		Expect(len(plain.Reason(failure(func(g Gomega) { g.Expect(long).To(BeEmpty()) })))).To(BeNumerically("<", 100))
	})
})
