package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/diff"
	"github.com/mageconform/mageconform/harness/redact"
	"github.com/mageconform/mageconform/reference"
)

// Exit codes of `mageconform diff`.
const (
	diffSame      = 0 // no difference
	diffDifferent = 1 // at least one difference or divergence
	diffCouldNot  = 2 // a side could not be run, or bad flags or configuration
)

// diffKeyFlags are the diff's flags that stand for configuration keys. The target side uses
// the keys of an ordinary run; the baseline has keys of its own.
var diffKeyFlags = []struct{ name, key, usage string }{
	{"baseline", harness.EnvBaselineURL, "base URL of the baseline server (default: the built-in reference)"},
	{"baseline-compat", harness.EnvBaselineCompat, "mode of the built-in baseline: mage-0.9.79 (default) or intended"},
	{"baseline-api-key", harness.EnvBaselineAPIKey, "the baseline's API key"},
	{"baseline-email", harness.EnvBaselineEmail, "the baseline's owner email"},
	{"baseline-password", harness.EnvBaselinePassword, "the baseline's owner password"},
	{"baseline-user-auth", harness.EnvBaselineUserAuth, "whether the baseline requires user authentication (default: as the target)"},
	{"target", harness.EnvTargetURL, "base URL of the server under test (default: the built-in reference)"},
	{"target-compat", harness.EnvCompat, "mode of the built-in target when no --target is given: intended (default) or mage-0.9.79"},
	{"api-key", harness.EnvAPIKey, "the target's API key"},
	{"email", harness.EnvEmail, "the target's owner email"},
	{"password", harness.EnvPassword, "the target's owner password"},
	{"user-auth", harness.EnvUserAuth, "whether the target requires user authentication (on/off)"},
	{"seed", harness.EnvSeed, "seed of both runs (default: from the clock)"},
	{"report-dir", harness.EnvReportDir, "write diff.json and diff.html here"},
	{"profile", harness.EnvProfile, "capability profile (YAML) of the target; both runs use it"},
	{"wait", harness.EnvWait, "how long to wait for each server's GET /api/status"},
	{"timeout", harness.EnvTimeout, "time limit of each run"},
	{"request-timeout", harness.EnvRequestTimeout, "time limit of one request"},
}

// diffOptions is the diff's command line.
type diffOptions struct {
	keys         map[string]string // flags given, by key
	labels       string
	baselineSeed string
	targetSeed   string
}

func parseDiffFlags(args []string, stderr io.Writer) (*diffOptions, error) {
	fs := flag.NewFlagSet("mageconform diff", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	o := &diffOptions{keys: map[string]string{}}
	for _, kf := range diffKeyFlags {
		fs.Func(kf.name, fmt.Sprintf("%s (%s)", kf.usage, kf.key), func(v string) error {
			o.keys[kf.key] = v
			return nil
		})
	}
	fs.StringVar(&o.labels, "labels", "", "Ginkgo label filter: the part of the scenario both runs play")
	fs.StringVar(&o.baselineSeed, "baseline-seed", "", "seed of the baseline's run only (default: --seed)")
	fs.StringVar(&o.targetSeed, "target-seed", "", "seed of the target's run only (default: --seed)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, diffUsage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (see diff -h)", fs.Arg(0))
	}
	return o, nil
}

// diffCommand runs the scenario against both servers, side by side, and compares the runs.
func diffCommand(args []string, stdout, stderr io.Writer, in *interrupts) int {
	o, err := parseDiffFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return diffSame
	}
	if err != nil {
		return diffCouldNotRun(stderr, err)
	}
	sides, reportDir, err := o.sides()
	if err != nil {
		return diffCouldNotRun(stderr, err)
	}
	if err := writable(reportDir); err != nil {
		return diffCouldNotRun(stderr, fmt.Errorf("%s: %w", harness.EnvReportDir, err))
	}
	work, err := os.MkdirTemp("", "mageconform-diff-")
	if err != nil {
		return diffCouldNotRun(stderr, err)
	}
	defer os.RemoveAll(work)
	// From here on an interrupt is passed on to the runs, which clean up within the grace.
	in.suitesStarted()
	fmt.Fprintf(stdout, "mageconform diff: baseline %s (seed %d), target %s (seed %d), side by side\n",
		sides[0].cfg.Judging(), sides[0].cfg.Seed, sides[1].cfg.Judging(), sides[1].cfg.Seed)
	if err := playBoth(sides, work, o.labels, in); err != nil {
		if in.interrupted() {
			return diffCouldNot
		}
		return diffCouldNotRun(stderr, err)
	}
	saveOutputs(sides, reportDir, stderr)
	res := diff.Compare(sides[0].run, sides[1].run, sides[0].info(), sides[1].info())
	if err := diff.WriteText(stdout, res); err != nil {
		return diffCouldNotRun(stderr, err)
	}
	if reportDir != "" {
		if _, err := diff.WriteFiles(reportDir, res); err != nil {
			return diffCouldNotRun(stderr, err)
		}
		fmt.Fprintf(stdout, "mageconform diff: report %s\n", filepath.Join(reportDir, diff.FileHTML))
	}
	if res.Differences() > 0 {
		return diffDifferent
	}
	return diffSame
}

func diffCouldNotRun(stderr io.Writer, err error) int {
	line := strings.Join(strings.Fields(ansi.ReplaceAllString(err.Error(), "")), " ")
	fmt.Fprintf(stderr, "mageconform diff: could not run: %s\n", harness.Redact(line))
	return diffCouldNot
}

// baselineOnly are the keys that belong to the diff, not to either side's run as such.
var baselineOnly = []string{
	harness.EnvBaselineURL, harness.EnvBaselineCompat, harness.EnvBaselineAPIKey,
	harness.EnvBaselineEmail, harness.EnvBaselinePassword, harness.EnvBaselineUserAuth,
	harness.EnvExchangeLog, harness.EnvReportDir, harness.EnvFile,
}

// theTargetOnly are the target's keys a baseline never inherits: where the target is, and
// its credentials (the baseline's default to Mage's, as the built-in reference has them).
var theTargetOnly = []string{
	harness.EnvTargetURL, harness.EnvTargetImage, harness.EnvTargetDockerfile, harness.EnvTargetPort,
	harness.EnvTargetEnv, harness.EnvCompat, harness.EnvAPIKey, harness.EnvEmail, harness.EnvPassword,
}

// baselineAs names, for the baseline's run, the key of the baseline that stands for it.
var baselineAs = map[string]string{
	harness.EnvTargetURL: harness.EnvBaselineURL, harness.EnvCompat: harness.EnvBaselineCompat,
	harness.EnvAPIKey: harness.EnvBaselineAPIKey, harness.EnvEmail: harness.EnvBaselineEmail,
	harness.EnvPassword: harness.EnvBaselinePassword, harness.EnvUserAuth: harness.EnvBaselineUserAuth,
}

// sides resolves both runs' keys (flags, then environment, then .env) and checks them.
func (o *diffOptions) sides() ([]*side, string, error) {
	keys, err := harness.LookupKeys(harness.KnownKeys()...)
	if err != nil {
		return nil, "", err
	}
	maps.Copy(keys, o.keys)
	for k, v := range keys {
		if strings.TrimSpace(v) == "" {
			delete(keys, k)
		}
	}
	if _, ok := keys[harness.EnvSeed]; !ok {
		keys[harness.EnvSeed] = strconv.FormatInt(harness.DefaultConfig().Seed, 10)
	}
	target := maps.Clone(keys)
	for _, k := range baselineOnly {
		delete(target, k)
	}
	baseline := maps.Clone(target)
	for _, k := range theTargetOnly {
		delete(baseline, k)
	}
	for runKey, baseKey := range baselineAs {
		if v, ok := keys[baseKey]; ok {
			baseline[runKey] = v
		}
	}
	if keys[harness.EnvBaselineURL] == "" && keys[harness.EnvBaselineCompat] == "" {
		baseline[harness.EnvCompat] = string(reference.CompatMage0979) // "does my server behave like Mage?"
	}
	for _, s := range []struct {
		seed string
		into map[string]string
	}{{o.baselineSeed, baseline}, {o.targetSeed, target}} {
		if s.seed != "" {
			s.into[harness.EnvSeed] = s.seed
		}
	}
	var out []*side
	for _, s := range []struct {
		name string
		keys map[string]string
	}{{"baseline", baseline}, {"target", target}} {
		cfg, err := harness.ConfigFromKeys(s.keys)
		if err != nil {
			if s.name == "baseline" {
				err = errors.New(baselineNames(err.Error()))
			}
			return nil, "", fmt.Errorf("%s: %w", s.name, err)
		}
		if cfg.TargetImage != "" || cfg.TargetDockerfile != "" {
			return nil, "", fmt.Errorf("%s: a container target is not supported by diff yet; start it and give its URL", s.name)
		}
		redact.Remember(cfg.APIKey, harness.VarAPIKey)
		redact.Remember(cfg.Password, harness.VarPassword)
		out = append(out, &side{name: s.name, keys: s.keys, cfg: cfg})
	}
	return out, keys[harness.EnvReportDir], nil
}

// baselineNames turns the keys a baseline error names into the baseline's own keys.
func baselineNames(msg string) string {
	var pairs []string
	for runKey, baseKey := range baselineAs {
		pairs = append(pairs, runKey, baseKey)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

const diffUsage = `usage: mageconform diff [flags]   run one seeded scenario against two servers and compare them

Both runs play the conformance suites' exchanges with the same seed, side by side; their
answers are paired by spec and position and compared (status, envelope, error code and type,
keys and JSON types, list lengths, metadata; never message texts). The baseline defaults to
the built-in reference in compat mode mage-0.9.79: "does my server behave like Mage 0.9.79?".

Exit codes: 0 no difference; 1 differences (or a divergence); 2 could not run (a side did not
answer or could not be judged, bad flags or configuration, interrupted).

Flags:
`
