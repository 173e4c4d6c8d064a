package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
)

// B3 with user authentication off: every caller is an anonymous owner.
var _ = Describe("B3 open server", Label("auth", resourceLabel(accounts())), func() {
	BeforeEach(func() { skipUnlessOpen(accounts().Plural) })

	It("serves a request without key or token as the owner", rules("B3.open-server"), func() {
		users := accounts()
		list := anon().Get(users.CollectionPath(""), harness.WithoutKey())
		check("B3.open-server", func(g Gomega) { g.Expect(list).To(harness.BeSuccess(users.Plural)) })
		rec, _ := tryCreate(anon(), users, "", fac().User(), harness.WithoutKey())
		check("B3.open-server", func(g Gomega) {
			g.Expect(rec.created).To(harness.BeSuccess(users.Singular))
			g.Expect(anon().Delete(users.MemberPath(rec.pk), harness.WithoutKey())).To(harness.BeSuccess(users.Singular))
		})
	})
})
