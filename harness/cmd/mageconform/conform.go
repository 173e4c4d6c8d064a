package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/harness/version"
	"github.com/mageconform/mageconform/suites"
)

const suiteName = "Mage API conformance"

// conform checks everything that can be checked before a spec runs (flags, configuration,
// profile, label filter, a reachable target), so "could not judge" is decided fast and says
// why in one line; then it runs the suites and turns their report into the exit code.
func conform(args []string, stdout, stderr io.Writer, in *interrupts) int {
	o, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return report.ExitConformant
	}
	if err != nil {
		return couldNotJudge(stderr, err)
	}
	if o.version {
		fmt.Fprintln(stdout, versionLine())
		return report.ExitConformant
	}
	if err := o.apply(); err != nil {
		return couldNotJudge(stderr, err)
	}
	rerun, err := o.rerun()
	if err != nil {
		return couldNotJudge(stderr, err)
	}
	extras, err := o.extras()
	if err != nil {
		return couldNotJudge(stderr, err)
	}
	cfg, err := harness.LoadConfig()
	if err != nil {
		return couldNotJudge(stderr, o.explain(err))
	}
	prof, err := profile.ForConfig(cfg.Profile, cfg.UserAuth)
	if err != nil {
		return couldNotJudge(stderr, o.explain(err))
	}
	if err := writable(cfg.ReportDir); err != nil {
		return couldNotJudge(stderr, o.explain(fmt.Errorf("%s: %w", harness.EnvReportDir, err)))
	}
	if _, err := types.ParseLabelFilter(o.labels); err != nil {
		return couldNotJudge(stderr, fmt.Errorf("--labels %q: %v", o.labels, err))
	}
	extras.Rerun = func(s *report.Summary) string { return rerunCommand(args, cfg.ReportDir, s) }
	suites.Extras = extras
	// A clock-derived seed must be the one the suites use too: they read the environment again.
	if err := os.Setenv(harness.EnvSeed, strconv.FormatInt(cfg.Seed, 10)); err != nil {
		return couldNotJudge(stderr, err)
	}
	// The first line says what is judged: a run without a target judges the built-in reference.
	fmt.Fprintf(stdout, "mageconform: judging %s; seed %d (set %s to repeat this run)\n", cfg.Judging(), cfg.Seed, harness.EnvSeed)
	if cfg.TargetURL != "" {
		// The in-process reference and container targets are started, and waited for, by the
		// suite setup; a URL target should already be up.
		if err := harness.WaitReady(in.context(), cfg.TargetURL, cfg.Wait, stderr); err != nil {
			return couldNotJudge(stderr, err)
		}
	}
	if in.interrupted() {
		return report.ExitCouldNotJudge
	}

	if rerun != nil {
		fmt.Fprintf(stdout, "mageconform: rerunning %s that failed in %s (%d specs)\n", plural(len(rerun.rules), "rule"), rerun.dir, len(rerun.focus))
	}
	r, ran := runSuites(cfg, o, in, stdout, stderr, rerun)
	if !ran {
		return couldNotJudge(stderr, errors.New("the suites produced no report"))
	}
	verdict := report.Build(r, suites.ReportOptions(cfg, prof)).Verdict
	if verdict.ExitCode == report.ExitCouldNotJudge {
		return couldNotJudge(stderr, errors.New(strings.TrimPrefix(verdict.Reason, "could not judge: ")))
	}
	if failed := reportingFailure(r); failed != "" {
		// The verdict stands, but a CI job that keeps the reports would keep nothing.
		if verdict.ExitCode == report.ExitConformant {
			return couldNotJudge(stderr, errors.New(failed))
		}
		fmt.Fprintln(stderr, "mageconform: "+failed)
	}
	// Ginkgo's own failure list comes after the summary; the verdict closes the output.
	fmt.Fprintf(stdout, "mageconform: exit %d: %s\n", verdict.ExitCode, verdict.Reason)
	if cfg.ReportDir != "" {
		fmt.Fprintf(stdout, "mageconform: report %s\n", filepath.Join(cfg.ReportDir, report.FileHTML))
	}
	return verdict.ExitCode
}

// runSuites runs the registered conformance specs once, in this process, and returns Ginkgo's
// report of them (the suites' own ReportAfterSuite has printed the summary by then).
func runSuites(cfg harness.Config, o *options, in *interrupts, stdout, stderr io.Writer, rerun *rerunPlan) (types.Report, bool) {
	var got types.Report
	ran := false
	// The first node of the run: Ginkgo's interrupt handler is installed by now.
	ginkgo.ReportBeforeSuite(func(ginkgo.Report) { in.suitesStarted() })
	formatter.ColorableStdErr = ginkgoStderr{in: in, out: stderr}
	if !o.verbose {
		// The quiet terminal: a progress counter, the summary and the verdict. Ginkgo's own
		// report (every failure in full, with its transcript) stays in the report files.
		formatter.ColorableStdOut = io.Discard
		p := &progress{out: stdout, tty: stdoutTerminal.tty, width: stdoutTerminal.width}
		p.register()
	}
	ginkgo.ReportAfterSuite("mageconform exit code", func(r ginkgo.Report) {
		got, ran = r, true
	})
	suiteConfig, reporterConfig := ginkgo.GinkgoConfiguration()
	suiteConfig.LabelFilter = o.labels
	suiteConfig.RandomSeed = cfg.Seed
	if rerun != nil {
		suiteConfig.FocusStrings = rerun.focus
	}
	if cfg.Timeout > 0 {
		suiteConfig.Timeout = cfg.Timeout // --timeout, CONFORMANCE_TIMEOUT: the whole run
	}
	suiteConfig.GracePeriod = ginkgoGrace // an interrupted run must still end within interruptGrace
	reporterConfig.NoColor = true
	reporterConfig.Verbose = o.verbose
	// A failed Expect in a suite prints bodies and errors: redact them before Ginkgo keeps them.
	gomega.RegisterFailHandler(harness.RedactedFail)
	ginkgo.RunSpecs(failRecorder{}, suiteName, suiteConfig, reporterConfig)
	return got, ran
}

// failRecorder is the GinkgoTestingT RunSpecs reports an overall failure to; the exit code
// comes from the report instead, which also knows why.
type failRecorder struct{}

func (failRecorder) Fail() {}

// rulesMarkdown previews the spec tree without running anything and renders the catalogue.
func rulesMarkdown() string {
	preview := ginkgo.PreviewSpecs(suiteName)
	return report.RulesMarkdown(suites.ReportCatalogue(), suites.SweptRules(), preview)
}

// coverageMarkdown previews the spec tree and renders the coverage table of the catalogue.
func coverageMarkdown() string { return report.CoverageMarkdown(ginkgo.PreviewSpecs(suiteName)) }

// writable checks up front that the report directory can be written ("" needs nothing), so a
// typo fails in a second instead of after the whole run.
func writable(dir string) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".mageconform-probe-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// reportingFailure is the message of a failed summary/report node, other than the suites'
// own verdict failure (which the verdict already says).
func reportingFailure(r types.Report) string {
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType == types.NodeTypeReportAfterSuite && sr.State.Is(types.SpecStateFailureStates) &&
			strings.HasPrefix(sr.Failure.Message, suites.ReportFailure) {
			return sr.Failure.Message
		}
	}
	return ""
}

// versionLine is --version: the build that judges, and the catalogue it judges by.
func versionLine() string {
	return fmt.Sprintf("mageconform %s; rules %s; %s", version.Get(), report.RulesRevision(suites.ReportCatalogue()), version.Get().Go)
}

// rerun reads --rerun-failed DIR and puts that run's seed (and target, when none is given)
// into the environment, as a flag would.
func (o *options) rerun() (*rerunPlan, error) {
	if o.rerunFailed == "" {
		return nil, nil
	}
	if o.labels != "" {
		return nil, errors.New("--rerun-failed chooses the specs itself: drop --labels")
	}
	p, err := readRerun(o.rerunFailed)
	if err != nil {
		return nil, err
	}
	if !o.env["seed"].set {
		if err := os.Setenv(harness.EnvSeed, strconv.FormatInt(p.seed, 10)); err != nil {
			return nil, err
		}
	}
	if p.target != "" && os.Getenv(harness.EnvTargetURL) == "" && !o.env["target-image"].set && !o.env["target-dockerfile"].set {
		if err := os.Setenv(harness.EnvTargetURL, p.target); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// extras are the report's inputs that come from flags only: the baseline and the
// implementation judged.
func (o *options) extras() (ex suites.RunExtras, err error) {
	ex.Command = commandName()
	if o.baseline != "" {
		if ex.Baseline, err = report.ReadBaseline(o.baseline); err != nil {
			return ex, fmt.Errorf("--baseline: %w", err)
		}
	}
	if o.implementation != "" {
		if ex.Implementation, err = report.ReadImplementation(o.implementation); err != nil {
			return ex, fmt.Errorf("--implementation: %w", err)
		}
	}
	impl := &ex.Implementation
	for _, f := range []struct {
		flag string
		dst  *string
	}{
		{o.impl.name, &impl.Name}, {o.impl.version, &impl.Version}, {o.impl.url, &impl.URL}, {o.impl.mageVersion, &impl.MageVersion},
	} {
		if f.flag != "" {
			*f.dst = f.flag
		}
	}
	if o.impl.contact != "" {
		impl.Contact = nil
		for _, c := range strings.Split(o.impl.contact, ",") {
			if c = strings.TrimSpace(c); c != "" {
				impl.Contact = append(impl.Contact, c)
			}
		}
	}
	return ex, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
