package compat

import (
	"fmt"
	"strings"
)

// Markdown is the table of deviations as the READMEs show it. A test keeps their copies equal
// to it, so the documentation cannot drift from the code.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| id | spec, Part C | what Mage 0.9.79 does | what `intended` does instead |\n")
	b.WriteString("|---|---|---|---|\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, d := range table {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", d.ID, cell(d.PartC), cell(d.Mage), cell(d.Intended))
	}
	return b.String()
}

// The markers around the generated table in a README.
const (
	BeginMarker = "<!-- compat table: generated from reference/internal/compat; refresh with: go test ./reference/internal/compat -update -->\n"
	EndMarker   = "<!-- end of compat table -->\n"
)
