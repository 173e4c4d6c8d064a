// Command mageconform judges whether a server behaves like the Mage REST API: it runs the
// conformance suites in-process against the configured target and exits
//
//	0  conformant: every MUST rule held (and, in strict mode, every SHOULD rule)
//	1  not conformant: a MUST rule failed, a SHOULD rule failed in strict mode, or
//	   certification found a MUST rule left out
//	2  could not judge: bad flags, configuration or profile, target unreachable or stopped
//	   answering, suite setup failed, no spec ran, or the run was interrupted; one line on
//	   stderr says why
//
// Everything it prints passes through the run's redaction (no secret of the run in clear), and
// SIGINT or SIGTERM ends it within 3 seconds with one line and exit 2.
//
// `mageconform rules` prints the rule catalogue (docs/rules.md); `mageconform token` the
// secrets a reproduce line needs (token.go); `mageconform baseline DIR` a baseline of a run's
// failures (baseline.go).
package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/report"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "token" {
		// Before the terminal is captured: its output is the secrets it was asked for (token.go).
		os.Exit(tokenCommand(os.Args[2:], os.Stdout, harnessStderr{}))
	}
	term := captureTerminal()
	in := watchInterrupts(term)
	code := run(os.Args[1:], term.stdout(), term.stderr(), in)
	if in.interrupted() {
		code = report.ExitCouldNotJudge // the line is out already; the rest was muted
	}
	term.close()
	os.Exit(code)
}

// run is main without the exit, so every path returns one of the three codes.
func run(args []string, stdout, stderr io.Writer, in *interrupts) int {
	if len(args) > 0 && args[0] == "rules" {
		if len(args) > 1 {
			return couldNotJudge(stderr, fmt.Errorf("rules takes no arguments, got %q", args[1:]))
		}
		fmt.Fprint(stdout, rulesMarkdown())
		return report.ExitConformant
	}
	if len(args) > 0 && args[0] == "baseline" {
		return baselineCommand(args[1:], stdout, stderr) // baseline.go
	}
	if len(args) > 0 && args[0] == "diff" {
		return diffCommand(args[1:], stdout, stderr, in) // diff.go
	}
	return conform(args, stdout, stderr, in)
}

// couldNotJudge prints the one line a CI log needs and returns exit code 2. Errors from
// libraries can span lines and carry terminal colours (Ginkgo's label-filter errors do).
func couldNotJudge(stderr io.Writer, err error) int {
	line := strings.Join(strings.Fields(ansi.ReplaceAllString(err.Error(), "")), " ")
	fmt.Fprintf(stderr, "mageconform: could not judge: %s\n", harness.Redact(line))
	return report.ExitCouldNotJudge
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)
