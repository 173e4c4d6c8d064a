package diff

import (
	"fmt"
	"io"
	"strings"

	"github.com/mageconform/mageconform/harness"
)

// WriteText prints the differences for a terminal, grouped by resource × action: one line
// per difference, then the spec and position of its example and each side's curl line.
// Everything passes through the run's redaction.
func WriteText(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "=== mageconform diff ===\n")
	fmt.Fprintf(&b, "baseline: %s (seed %d, %d exchanges)\n", r.Baseline.Name, r.Baseline.Seed, r.Baseline.Exchanges)
	fmt.Fprintf(&b, "target:   %s (seed %d, %d exchanges)\n", r.Target.Name, r.Target.Seed, r.Target.Exchanges)
	fmt.Fprintf(&b, "%d specs, %d exchange pairs compared\n", r.Specs, r.Compared)
	for _, s := range []Side{r.Baseline, r.Target} {
		if len(s.SetAside) > 0 {
			fmt.Fprintf(&b, "set aside, held before the run by %s only: %s\n", s.Name, strings.Join(s.SetAside, ", "))
		}
	}
	last := ""
	for _, g := range r.Groups {
		if head := g.Resource + " × " + g.Action; head != last {
			fmt.Fprintf(&b, "\n%s\n", head)
			last = head
		}
		fmt.Fprintf(&b, "  %s\n", g.Line())
		fmt.Fprintf(&b, "      example: %s (exchange #%d)\n", g.Example.Spec, g.Example.Number())
		if g.Example.Note != "" {
			fmt.Fprintf(&b, "      %s\n", g.Example.Note)
		}
		writeSide(&b, "baseline", g.Example.Baseline)
		writeSide(&b, "target  ", g.Example.Target)
	}
	fmt.Fprintf(&b, "\n%s\n", r.Verdict())
	_, err := io.WriteString(w, harness.Redact(b.String()))
	return err
}

// Line is a difference in one line: kind, where, and both sides' values.
func (g Group) Line() string {
	where := g.Where
	if where == "" {
		where = "-"
	}
	n := ""
	if g.Count > 1 {
		n = fmt.Sprintf("  (%d exchanges)", g.Count)
	}
	if g.Kind == KindDivergence {
		n = fmt.Sprintf("  (%d specs)", g.Count)
		if g.Count == 1 {
			n = ""
		}
		return fmt.Sprintf("%-12s baseline next: %s | target next: %s%s", g.Kind, g.Baseline, g.Target, n)
	}
	return fmt.Sprintf("%-12s %-28s baseline: %s | target: %s%s", g.Kind, where, g.Baseline, g.Target, n)
}

func writeSide(b *strings.Builder, name string, v *View) {
	if v == nil {
		fmt.Fprintf(b, "      %s: (no exchange)\n", name)
		return
	}
	chore := ""
	if v.Housekeeping {
		chore = " [harness housekeeping]"
	}
	fmt.Fprintf(b, "      %s: %s%s\n", name, v.Curl, chore)
}

// Verdict is the last line: how many differences, and the exit code they give.
func (r *Result) Verdict() string {
	if r.Differences() == 0 {
		return "mageconform diff: no difference (exit 0)"
	}
	return fmt.Sprintf("mageconform diff: %d differences, %d of them divergences (exit 1)", r.Differences(), r.Divergences())
}
