package suites

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B7: every answer about a record with sensitive attributes, looked at directly (the sweep in
// suite_setup.go does the same for every exchange of every spec).
var _ = Describe("B7 presenters", Label("presenters"), func() {
	for _, res := range fixtures.All() {
		if len(res.Sensitive) == 0 {
			continue
		}
		It(fmt.Sprintf("never shows %s of %s", strings.Join(res.Sensitive, ", "), res.Plural),
			Label(resourceLabel(res)), rules("B7.no-sensitive"), func() {
				skipUnlessApplicable(res.Plural)
				rec := seed(res, "B4.create")
				answers := []*harness.Response{rec.created}
				if res.Has(fixtures.Detail) {
					answers = append(answers, owner().Get(res.MemberPath(rec.pk)))
				}
				if res.Has(fixtures.List) {
					_, listed := findInList(owner(), res.ListPath(rec.parentPK), res, rec.pk)
					answers = append(answers, listed)
				}
				if res.Has(fixtures.Update) {
					answers = append(answers, owner().Put(res.MemberPath(rec.pk), wrap(res, updateFor(res))))
				}
				answers = append(answers, owner().Delete(res.MemberPath(rec.pk)))
				values := sensitiveValues(res, rec.written)
				for _, r := range answers {
					check("B7.no-sensitive", func(g Gomega) {
						g.Expect(r).To(Or(harness.BeSuccess(res.Singular), harness.BeSuccess(res.Plural)))
						g.Expect(harness.SensitiveLeaks(r.Body, values...)).To(BeEmpty(), "%s", where(r.Exchange))
						g.Expect(keyPaths(r.JSON, res.Sensitive)).To(BeEmpty(), "%s", where(r.Exchange))
					})
				}
			})
	}
})

// B7 formats: every `_format` a resource's presenter offers, on a list and on detail.
var _ = Describe("B7 presenter formats", Label("presenters"), func() {
	for _, res := range fixtures.All() {
		for _, format := range slices.Sorted(maps.Keys(res.Formats)) {
			keys := res.Formats[format]
			It(fmt.Sprintf("shows exactly %s of %s under _format=%s", strings.Join(keys, ", "), res.Plural, format),
				Label(resourceLabel(res)), rules("B7.formats"), func() {
					skipUnlessApplicable(res.Plural)
					rec := seed(res, "B4.create")
					var items []map[string]any
					if res.Has(fixtures.List) {
						list := owner().Get(res.ListPath(rec.parentPK), harness.WithQuery("_format", format))
						check("B7.formats", func(g Gomega) { g.Expect(list).To(harness.BeSuccess(res.Plural)) })
						items = listed(res, list)
					}
					if res.Has(fixtures.Detail) {
						detail := owner().Get(res.MemberPath(rec.pk), harness.WithQuery("_format", format))
						check("B7.formats", func(g Gomega) { g.Expect(detail).To(harness.BeSuccess(res.Singular)) })
						items = append(items, detail.Object(res.Singular))
					}
					check("B7.formats", func(g Gomega) {
						harness.Precondition(rec.created.Exchange)
						g.Expect(items).NotTo(BeEmpty())
						for _, item := range items {
							g.Expect(keysOf(item)).To(ConsistOf(keys), "the keys under _format=%s", format)
						}
					})
				})
		}
	}
})

// keyPaths lists where any of the names appears as an object key in a decoded document.
func keyPaths(doc any, names []string) []string {
	var out []string
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				if slices.Contains(names, k) {
					out = append(out, path+"."+k)
				}
				walk(child, path+"."+k)
			}
		case []any:
			for i, child := range x {
				walk(child, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(doc, "$")
	return out
}

// B7 projects: what the project shows depends on who asks (Mage's ProjectParser cuts the item
// to its features for a caller with only the key).
var _ = Describe("B7 projects", Label("presenters", "resource:projects"), func() {
	It("shows the version to a session and the features alone to the key", rules("B7.project-per-caller"), func() {
		skipUnlessApplicable("projects")
		withSession := owner().Get("/api/projects")
		check("B7.project-per-caller", func(g Gomega) {
			g.Expect(withSession).To(harness.BeSuccess("projects"))
			items := withSession.Items("projects")
			g.Expect(items).NotTo(BeEmpty(), "projects shown to a session")
			g.Expect(items[0]).To(HaveKeyWithValue("version", BeAssignableToTypeOf("")), "the project shown to a session")
			g.Expect(items[0]).To(HaveKeyWithValue("features", BeAssignableToTypeOf(map[string]any{})), "the project shown to a session")
		})
		if !env().authOn() {
			return // every caller is the owner
		}
		keyOnly := anon().Get("/api/projects")
		check("B7.project-per-caller", func(g Gomega) {
			g.Expect(keyOnly).To(harness.BeSuccess("projects"))
			items := keyOnly.Items("projects")
			g.Expect(items).NotTo(BeEmpty(), "projects shown to the key alone")
			g.Expect(keysOf(items[0])).To(ConsistOf("features"), "the project shown to the key alone")
		})
	})
})
