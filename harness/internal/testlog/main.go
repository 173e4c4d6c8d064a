// Command testlog is `make test`'s reader of `go test -json`: it prints what plain `go test`
// prints (one line per package, the output of what failed), and then, so that a test left out
// cannot pass for one that passed, every test and spec that was skipped, with its reason (no
// Docker engine, no chromium). It exits 1 when anything failed.
//
// Ginkgo suites name their skipped specs in lines starting with SkipMarker
// (harness/internal/skips); go tests are read from the events.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mageconform/mageconform/harness/internal/skips"
)

// SkipMarker starts a line a Ginkgo suite prints for each spec it skipped for want of
// something on the machine (package skips).
const SkipMarker = skips.Marker

type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	Elapsed    float64
	ImportPath string
}

type key struct{ pkg, test string }

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

func run(in io.Reader, out io.Writer) int {
	outputs := map[key][]string{}
	ended := map[key]bool{} // tests that passed, failed or were skipped
	var skips []string
	var tally counts
	failed := false
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Fprintln(out, sc.Text()) // not an event (a build error before any): show it
			continue
		}
		// Package lines keep go test's full import path: CI reads them as go test's own.
		full := orElse(e.Package, e.ImportPath)
		pkg := strings.TrimPrefix(full, "github.com/mageconform/mageconform/")
		k := key{pkg, e.Test}
		tally.add(e)
		switch e.Action {
		case "output", "build-output":
			outputs[k] = append(outputs[k], e.Output)
			if _, m, ok := strings.Cut(e.Output, SkipMarker); ok { // Ginkgo's dots may precede it
				skips = append(skips, pkg+": "+strings.TrimSpace(m))
			}
		case "build-fail":
			failed = true
			fmt.Fprint(out, strings.Join(outputs[k], ""))
		case "fail":
			failed = true
			ended[k] = true
			if e.Test != "" {
				fmt.Fprint(out, strings.Join(outputs[k], ""))
				break
			}
			// A package that failed outside its tests (a panic, the test timeout): what the
			// tests still running and the package itself printed says why.
			for tk, lines := range outputs {
				if tk.pkg == pkg && tk.test != "" && !ended[tk] {
					fmt.Fprint(out, strings.Join(lines, ""))
				}
			}
			fmt.Fprint(out, strings.Join(outputs[k], ""))
			fmt.Fprintf(out, "FAIL\t%s\t%s\n", full, seconds(e.Elapsed))
		case "pass":
			ended[k] = true
			if e.Test == "" {
				fmt.Fprintf(out, "ok  \t%s\t%s\n", full, seconds(e.Elapsed))
			}
		case "skip":
			ended[k] = true
			if e.Test == "" {
				fmt.Fprintf(out, "?   \t%s\t[no test files]\n", full)
			} else {
				skips = append(skips, fmt.Sprintf("%s %s: %s", pkg, e.Test, skipReason(outputs[k])))
			}
		}
	}
	sort.Strings(skips)
	if len(skips) > 0 {
		fmt.Fprintf(out, "\nSkipped (%d), so not checked by this run:\n", len(skips))
		for _, s := range skips {
			fmt.Fprintf(out, "  %s\n", s)
		}
	} else {
		fmt.Fprintln(out, "\nNothing was skipped.")
	}
	// The closing line in the plain form any CI reads, since the skip list now ends the output.
	fmt.Fprintf(out, "tests: %d passed, %d failed, %d skipped\n", tally.passed, tally.failed, tally.skipped)
	if failed {
		return 1
	}
	return 0
}

// counts are the top-level and sub-tests that ended, by outcome (Ginkgo specs run inside one).
type counts struct{ passed, failed, skipped int }

func (c *counts) add(e event) {
	if e.Test == "" {
		return
	}
	switch e.Action {
	case "pass":
		c.passed++
	case "fail":
		c.failed++
	case "skip":
		c.skipped++
	}
}

// skipReason is what a go test said when it skipped: its output without the runner's lines.
func skipReason(lines []string) string {
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		if _, after, found := strings.Cut(t, ".go:"); found { // "x_test.go:39: reason"
			if _, reason, ok := strings.Cut(after, ": "); ok {
				t = reason
			}
		}
		out = append(out, t)
	}
	return strings.Join(out, " ")
}

func seconds(s float64) string {
	return (time.Duration(s * float64(time.Second))).Round(10 * time.Millisecond).String()
}

func orElse(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
