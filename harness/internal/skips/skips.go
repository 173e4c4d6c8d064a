// Package skips lets a Ginkgo suite say, in `make test`'s output, which of its specs it skipped
// for want of something on the machine (a Docker engine, chromium): go test shows a skipped
// spec as an "S" at most, and a check that did not run must not pass for one that did.
// harness/internal/testlog collects the lines and lists them at the end of the run.
package skips

import (
	"fmt"
	"io"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// Marker starts each line.
const Marker = "mageconform-skipped: "

// Report prints one line per spec of r skipped with a reason.
func Report(w io.Writer, r types.Report) {
	for _, sr := range r.SpecReports {
		msg := strings.TrimSpace(sr.Failure.Message)
		if sr.State != types.SpecStateSkipped || msg == "" || sr.LeafNodeType != types.NodeTypeIt ||
			strings.HasPrefix(msg, "Spec skipped because") || skippedHere[msg] {
			continue // left out by a filter, one of a container Skip already named, or not a spec
		}
		fmt.Fprintf(w, "%s%s: %s\n", Marker, strings.TrimSpace(sr.FullText()), strings.Join(strings.Fields(msg), " "))
	}
}

// skippedHere are the reasons Skip already printed.
var skippedHere = map[string]bool{}

// Skip skips the running spec (or, from a BeforeAll, its container) and names its container in
// make test's output with the reason: Ginkgo passes on a BeforeAll's reason to no spec it skips.
func Skip(reason string) {
	r := ginkgo.CurrentSpecReport()
	what := strings.Join(r.ContainerHierarchyTexts, " ")
	if what == "" {
		what = r.FullText()
	}
	fmt.Printf("\n%s%s: %s\n", Marker, strings.TrimSpace(what), reason)
	skippedHere[reason] = true
	ginkgo.Skip(reason, 1)
}
