package report_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/report"
)

var _ = Describe("the version a target claims", func() {
	withClaim := func(v string) *report.Summary {
		r := run(spec("setup", nodeType(types.NodeTypeSynchronizedBeforeSuite), entry("claimed-version", v)),
			spec("lists users", labels("rule:B4.list")))
		return report.Build(r, report.Options{Catalogue: catalogue, Target: &report.TargetInfo{Description: "http://mage:6789"}})
	}

	It("is read from the setup's entry and named beside the target", func() {
		s := withClaim("0.9.79")
		Expect(s.ClaimedVersion).To(Equal("0.9.79"))
		Expect(report.Conformance(s).MageVersion).To(Equal("0.9.79"), "the claim fills the report when no flag gives it")
		var b strings.Builder
		Expect(report.WriteText(&b, s)).To(Succeed())
		Expect(b.String()).To(ContainSubstring("target: judging http://mage:6789, which claims Mage 0.9.79"))
	})

	It("gives way to the version the implementation states", func() {
		s := withClaim("0.9.79")
		s.Implementation.MageVersion = "0.9.80"
		Expect(report.Conformance(s).MageVersion).To(Equal("0.9.80"))
	})

	It("says unknown when the target claims none", func() {
		s := withClaim("")
		Expect(report.Conformance(s).MageVersion).To(HavePrefix("unknown"))
	})
})
