package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/mageconform/mageconform/harness/report"
)

// baselineCommand is `mageconform baseline DIR`: a baseline (for --baseline) listing every rule
// that failed in DIR/summary.json, each with the run's reason and an expiry date, to be edited
// (why is each failure accepted?) and kept next to the CI job.
func baselineCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mageconform baseline", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	days := fs.Int("days", 90, "each entry expires this many days from today")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: mageconform baseline [--days N] DIR > known.yaml")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return report.ExitConformant
		}
		return couldNotJudge(stderr, err)
	}
	if fs.NArg() != 1 {
		return couldNotJudge(stderr, errors.New("baseline: give the report directory of a run (mageconform baseline DIR)"))
	}
	path := filepath.Join(fs.Arg(0), report.FileSummary)
	raw, err := os.ReadFile(path)
	if err != nil {
		return couldNotJudge(stderr, fmt.Errorf("baseline: %w", err))
	}
	var s report.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		return couldNotJudge(stderr, fmt.Errorf("baseline: %s is not a mageconform summary: %v", path, err))
	}
	out, err := report.WriteBaseline(&s, time.Now().AddDate(0, 0, *days))
	if err != nil {
		return couldNotJudge(stderr, err)
	}
	_, _ = stdout.Write(out)
	return report.ExitConformant
}
