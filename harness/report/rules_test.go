package report_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/report"
)

var _ = Describe("RulesMarkdown", func() {
	preview := run(
		spec("users create", labels("rule:B4.create", "must")),
		spec("pipelines create", labels("rule:B4.create", "must")),
		spec("cors", labels("rule:B9.cors", "must")),
		spec("unknown", labels("rule:B10.unknown-resource", "should")),
		spec("typo", labels("rule:B4.craete", "must")),
	)
	var doc string
	BeforeEach(func() { doc = report.RulesMarkdown(catalogue, []string{"B7.no-secrets"}, preview) })

	It("lists every rule under its section, sections in spec order", func() {
		for _, r := range catalogue {
			Expect(doc).To(ContainSubstring("### `" + r.ID + "` (" + r.Level + ")\n\n" + r.Text))
		}
		Expect(strings.Index(doc, "## B9 Headers")).To(BeNumerically("<", strings.Index(doc, "## B10 Unknown resource")))
		Expect(doc).To(ContainSubstring("7 rules: 5 MUST, 2 SHOULD."))
	})

	It("lists the specs of a rule sorted, with their file", func() {
		Expect(doc).To(ContainSubstring("- conformance pipelines create (`suites/crud.go`)\n- conformance users create (`suites/crud.go`)\n"))
		Expect(doc).To(ContainSubstring("### `B1.envelope-shape` (MUST)\n\nEvery error body MUST have an `error` object with code, message and type.\n\nNo spec checks this rule yet.\n"))
	})

	It("says a swept rule is checked after every spec, and does not call it specless", func() {
		Expect(doc).To(ContainSubstring("### `B7.no-secrets` (MUST)\n\nNo response MUST carry a sensitive attribute.\n\nChecked after every spec, over all of the spec's HTTP exchanges.\n"))
		Expect(doc).NotTo(ContainSubstring("`B7.no-secrets` has no spec."))
	})

	It("names the drift between catalogue and specs", func() {
		Expect(doc).To(ContainSubstring("`B4.craete` labels specs but is not in the catalogue."))
		Expect(doc).To(ContainSubstring("`B1.envelope-shape` has no spec."))
		Expect(doc).To(ContainSubstring("`B9.cors` is SHOULD in the catalogue but 1 spec lack the label `should`."))
	})

	It("does not depend on spec order", func() {
		reversed := preview
		reversed.SpecReports = nil
		for i := len(preview.SpecReports) - 1; i >= 0; i-- {
			reversed.SpecReports = append(reversed.SpecReports, preview.SpecReports[i])
		}
		Expect(report.RulesMarkdown(catalogue, []string{"B7.no-secrets"}, reversed)).To(Equal(doc))
	})
})
