package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/fixtures"
)

// CoverageMarkdown is the coverage table: every resource of the catalogue, Mage's documented
// API first, with the actions it offers and what judges it (the specs labelled with it and the
// rules they check), read from a preview of the suites. The README and the contract carry it
// between coverage markers, which a test keeps equal to this.
func CoverageMarkdown(preview types.Report) string {
	specs, rules := map[string]int{}, map[string][]string{}
	for _, sr := range preview.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			continue
		}
		for _, res := range labelValues(sr.Labels(), labelResource) {
			specs[res]++
			for _, id := range labelValues(sr.Labels(), labelRule) {
				if !slices.Contains(rules[res], id) {
					rules[res] = append(rules[res], id)
				}
			}
		}
	}
	resources := fixtures.Catalogue()
	slices.SortStableFunc(resources, func(a, b fixtures.Resource) int {
		switch {
		case a.Documented == b.Documented:
			return 0
		case a.Documented:
			return -1
		}
		return 1
	})
	var b strings.Builder
	b.WriteString("| resource | in Mage's API reference | actions | specs | rules |\n|---|---|---|---|---|\n")
	for _, r := range resources {
		documented := "no"
		if r.Documented {
			documented = "yes"
		}
		var actions []string
		for _, a := range r.Actions {
			if r.IsDisabled(a) {
				actions = append(actions, string(a)+" (refused)")
			} else {
				actions = append(actions, string(a))
			}
		}
		ids := rules[r.Plural]
		slices.Sort(ids)
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %s |\n", r.Plural, documented, strings.Join(actions, ", "), specs[r.Plural], sectionCounts(ids))
	}
	return b.String()
}

// sectionCounts says how many rules of each section judge a resource: "B4 ×9, B6 ×3".
func sectionCounts(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	var sections []string
	n := map[string]int{}
	for _, id := range ids {
		s, _, _ := strings.Cut(id, ".")
		if n[s] == 0 {
			sections = append(sections, s)
		}
		n[s]++
	}
	slices.SortFunc(sections, compareSections)
	parts := make([]string, 0, len(sections))
	for _, s := range sections {
		parts = append(parts, fmt.Sprintf("%s ×%d", s, n[s]))
	}
	return strings.Join(parts, ", ")
}
