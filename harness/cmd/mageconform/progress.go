package main

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// progress is the quiet terminal's counter: "[123/185] B6 policies ...". On a terminal it is one
// line rewritten in place after every spec; in a CI log, where a rewritten line would pile up,
// it is one line each time the run moves to another top-level container (a Part B section), so
// a log shows where a run is without a line per spec.
type progress struct {
	mu       sync.Mutex
	out      io.Writer
	tty      bool
	width    int
	total    int
	done     int
	section  string
	inPlace  bool // a rewritable line is on the terminal
	disabled bool
}

// register installs the nodes that feed it; call before RunSpecs.
func (p *progress) register() {
	ginkgo.ReportBeforeSuite(func(r ginkgo.Report) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.total = r.PreRunStats.SpecsThatWillRun
		if p.out != nil {
			fmt.Fprintf(p.out, "mageconform: running %d of %d specs\n", p.total, r.PreRunStats.TotalSpecs)
		}
	})
	ginkgo.ReportBeforeEach(func(r ginkgo.SpecReport) { p.starting(r) })
	ginkgo.ReportAfterEach(func(r ginkgo.SpecReport) { p.finished(r) })
}

// starting shows the spec about to run: a slow one (a bcrypt-bound login) is then named while
// it runs, not after.
func (p *progress) starting(r types.SpecReport) {
	if !selected(r) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.show(r, p.done+1)
}

func (p *progress) finished(r types.SpecReport) {
	if !selected(r) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.tty && p.done == p.total && p.inPlace {
		fmt.Fprintf(p.out, "\r\033[K[%d/%d] done\n", p.done, p.total)
		p.inPlace = false
	}
}

func (p *progress) show(r types.SpecReport, n int) {
	if p.disabled || p.out == nil {
		return
	}
	text := strings.TrimSpace(r.FullText())
	if p.tty {
		line := fmt.Sprintf("[%d/%d] %s", n, p.total, text)
		if w := p.width; w > 10 && len(line) > w-1 {
			line = line[:w-4] + "..."
		}
		fmt.Fprintf(p.out, "\r\033[K%s", line)
		p.inPlace = true
		return
	}
	section := text
	if len(r.ContainerHierarchyTexts) > 0 {
		section = r.ContainerHierarchyTexts[0]
	}
	if section != p.section {
		p.section = section
		fmt.Fprintf(p.out, "[%d/%d] %s\n", n, p.total, section)
	}
}

// selected: a spec the run will run (a spec left out by the label filter or focus is
// reported skipped without a message; a spec skipped as not applicable has one).
func selected(r types.SpecReport) bool {
	return r.LeafNodeType == types.NodeTypeIt && !(r.State == types.SpecStateSkipped && r.Failure.Message == "")
}
