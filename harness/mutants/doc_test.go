package mutants

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/suites"
)

// docPath is the checked-in table of rules and the mutants that prove them.
var docPath = filepath.Join("..", "..", "docs", "mutants.md")

// mutantsDoc renders docs/mutants.md from the rule catalogue, the mutants and the known gaps.
func mutantsDoc() string {
	ms := Catalogue()
	byRule := ByRule(ms)
	var b strings.Builder
	b.WriteString("# Mutants: the wrong servers that prove each rule\n\n")
	b.WriteString("<!-- Generated from harness/mutants and suites.Catalogue(); do not edit. Regenerate with\n")
	b.WriteString("     UPDATE_MUTANTS_DOC=1 go test ./harness/mutants -run TestMutantsDocIsCurrent -->\n\n")
	b.WriteString("A conformance check is only worth having if a server that breaks its rule fails it. Each\n")
	b.WriteString("mutant below wraps the reference server and breaks one rule; `go test ./harness/mutants`\n")
	b.WriteString("runs the compiled suites against every mutant (strictly when the rule is a SHOULD) and\n")
	b.WriteString("requires a failure charged to each rule it breaks, and runs the same label filters against\n")
	b.WriteString("the plain reference, where nothing may fail. Each mutant also has a unit probe showing the\n")
	b.WriteString("behaviour it changes next to the reference's.\n\n")
	b.WriteString("## Rules\n\n| rule | level | mutants |\n|---|---|---|\n")
	var missing []string
	for _, r := range suites.Catalogue() {
		names := byRule[r.ID]
		cell := "**none**"
		if len(names) > 0 {
			cell = "`" + strings.Join(names, "`, `") + "`"
		} else {
			missing = append(missing, fmt.Sprintf("%s (%s)", r.ID, r.Level))
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.ID, r.Level, cell)
	}
	b.WriteString("\n## Rules without a mutant\n\n")
	if len(missing) == 0 {
		b.WriteString("None.\n")
	}
	for _, m := range missing {
		id, _, _ := strings.Cut(m, " ")
		why := withoutMutant[id]
		if why == "" {
			why = "not written yet"
		}
		fmt.Fprintf(&b, "- %s: %s.\n", m, why)
	}
	b.WriteString("\n## Mutants\n\n| mutant | fault | breaks | label filter |\n|---|---|---|---|\n")
	for _, m := range ms {
		fault := m.Fault
		if m.UserAuthOff {
			fault += " (run with user authentication off)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | `%s` |\n", m.Name, fault, strings.Join(m.Breaks, ", "), strings.ReplaceAll(m.Labels, "|", `\|`))
	}
	b.WriteString("\n## Known gaps (mutants the suites do not catch yet)\n\n")
	gaps := make([]string, 0, len(knownGaps))
	for k := range knownGaps {
		gaps = append(gaps, k)
	}
	slices.Sort(gaps)
	if len(gaps) == 0 {
		b.WriteString("None.\n")
	}
	for _, k := range gaps {
		name, rule, _ := strings.Cut(k, " ")
		fmt.Fprintf(&b, "- `%s` is not caught by %s: %s.\n", name, rule, knownGaps[k])
	}
	return b.String()
}

// The table in docs/mutants.md cannot go stale: it must equal what the code generates.
func TestMutantsDocIsCurrent(t *testing.T) {
	want := mutantsDoc()
	if os.Getenv("UPDATE_MUTANTS_DOC") != "" {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docPath)
	if err != nil || string(got) != want {
		t.Fatalf("%s is out of date (%v); regenerate with UPDATE_MUTANTS_DOC=1 go test ./harness/mutants -run TestMutantsDocIsCurrent", docPath, err)
	}
	for _, r := range suites.Catalogue() {
		if len(ByRule(Catalogue())[r.ID]) == 0 {
			t.Logf("rule %s (%s) has no mutant yet", r.ID, r.Level)
		}
	}
}
