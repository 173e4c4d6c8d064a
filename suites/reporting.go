package suites

import (
	"fmt"
	"os"

	. "github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
	"github.com/mageconform/mageconform/harness/report"
)

// ReportFailure starts the failure of the summary node when it could not write a report, so
// the CLI can tell it from the node's verdict failure.
const ReportFailure = "mageconform reports: "

// SweptRules are checked after every spec over all of its exchanges (sweeps.go), not by specs
// carrying their label; the report counts every spec that ran as a check of them.
func SweptRules() []string {
	return []string{"B1.envelope-shape", "B7.no-sensitive", "B7.tokens-listed-only"}
}

// ReportCatalogue is the catalogue in the report's terms.
func ReportCatalogue() []report.Rule {
	var out []report.Rule
	for _, r := range Catalogue() {
		out = append(out, report.Rule{ID: r.ID, Level: string(r.Level), Section: r.Section, Text: r.Text})
	}
	return out
}

// RunExtras are what the CLI adds to a run's reports beyond the configuration: how it was invoked
// (for the lines the summary suggests), a baseline of known failures, the command that reruns
// what failed, and the implementation judged. The CLI sets them before the suites run, in the
// same process; under go test and ginkgo they stay empty.
type RunExtras struct {
	Command        string
	Baseline       *report.Baseline
	Rerun          func(*report.Summary) string
	Implementation report.Implementation
}

// Extras are the running process's (see RunExtras).
var Extras RunExtras

// ReportOptions are the report settings for a run with this configuration and profile (nil:
// the profile the configuration names). The CLI uses the same options to decide its exit code.
func ReportOptions(cfg harness.Config, prof *profile.Profile) report.Options {
	opts := report.Options{
		Catalogue: ReportCatalogue(),
		Strict:    cfg.Strict,
		Certify:   cfg.Certify,
		Swept:     SweptRules(),
		Config:    cfg.Redacted(),

		Command:        Extras.Command,
		Baseline:       Extras.Baseline,
		Implementation: Extras.Implementation,
	}
	if prof == nil {
		loaded, err := profile.ForConfig(cfg.Profile, cfg.UserAuth)
		if err != nil {
			opts.Profile = report.ProfileInfo{Name: "unreadable: " + err.Error(), Source: cfg.Profile}
			return opts
		}
		prof = loaded
	}
	opts.Profile = report.ProfileInfo{Name: prof.Name, Source: prof.Source, LeavesOut: prof.LeavesOut()}
	return opts
}

// reportConfig is the run's configuration: the one the suite setup used (its seed may come
// from the clock), else read again.
func reportConfig() (harness.Config, *profile.Profile, error) {
	if shared != nil {
		return shared.cfg, shared.profile, nil
	}
	cfg, err := harness.LoadConfig()
	return cfg, nil, err
}

// The end-of-run summary, in `go test`, `ginkgo` and the CLI alike, and the report files when
// CONFORMANCE_REPORT_DIR is set. A verdict Ginkgo cannot see (a certification gap, a SHOULD
// violation in strict mode that no spec failed on) fails the suite here.
var _ = ReportAfterSuite("mageconform summary", func(r Report) {
	if r.SuiteConfig.DryRun {
		return // a preview (mageconform rules, ginkgo --dry-run) ran nothing to judge
	}
	cfg, prof, err := reportConfig()
	if err != nil {
		fmt.Fprintln(os.Stdout, "mageconform: configuration:", err)
	}
	opts := ReportOptions(cfg, prof)
	s := report.Build(r, opts)
	if Extras.Rerun != nil {
		s.Rerun = Extras.Rerun(s)
	}
	if err := report.WriteText(os.Stdout, s); err != nil {
		Fail(ReportFailure + "writing the summary: " + err.Error())
	}
	if cfg.ReportDir != "" {
		paths, err := report.WriteFiles(cfg.ReportDir, r, s)
		for _, p := range paths {
			fmt.Fprintln(os.Stdout, "report:", p)
		}
		if err != nil {
			Fail(ReportFailure + err.Error())
		}
	}
	if r.SuiteSucceeded && s.Verdict.ExitCode == report.ExitNotConformant {
		Fail(s.Verdict.Reason)
	}
})
