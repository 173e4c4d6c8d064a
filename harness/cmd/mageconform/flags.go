package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/reference"
)

// envFlag is a flag that stands for a configuration key: the suites read their configuration
// from the environment (harness.LoadConfig), so a flag given on the command line is put into
// the environment before they start, which is how flags win over environment and .env.
type envFlag struct {
	key    string
	isBool bool
	value  string
	set    bool
}

func (f *envFlag) String() string { return f.value }

func (f *envFlag) Set(v string) error {
	f.value, f.set = v, true
	return nil
}

// IsBoolFlag lets `--strict` stand for `--strict=on`.
func (f *envFlag) IsBoolFlag() bool { return f.isBool }

// options are the command line: configuration keys plus the run's own settings.
type options struct {
	env     map[string]*envFlag // flag name -> key
	labels  string
	verbose bool
	version bool
	// baseline accepts known failures; rerunFailed reruns what failed in a report directory.
	baseline, rerunFailed string
	// implementation (a YAML file) and the impl fields describe the judged server for
	// conformance-report.yaml; a field given as a flag wins over the file.
	implementation string
	impl           implFlags
}

// implFlags are the implementation's fields as flags.
type implFlags struct{ name, version, url, contact, mageVersion string }

// configFlags names each configuration key's flag; keys not listed stay environment-only.
var configFlags = []struct {
	name, key string
	isBool    bool
	usage     string
}{
	{"target", harness.EnvTargetURL, false, "base URL of the server under test (default: the in-process reference)"},
	{"api-key", harness.EnvAPIKey, false, "API key"},
	{"email", harness.EnvEmail, false, "owner email to log in with"},
	{"password", harness.EnvPassword, false, "owner password"},
	{"user-auth", harness.EnvUserAuth, false, "whether the target requires user authentication (on/off)"},
	{"seed", harness.EnvSeed, false, "faker and spec-order seed (default: from the clock, printed)"},
	{"strict", harness.EnvStrict, true, "SHOULD failures fail the run"},
	{"certify", harness.EnvCertify, true, "a MUST rule skipped or not applicable fails the run"},
	{"profile", harness.EnvProfile, false, "capability profile (YAML) of the target"},
	{"report-dir", harness.EnvReportDir, false, "write junit.xml, ginkgo-report.json, summary.json and report.html here"},
	{"wait", harness.EnvWait, false, "how long to wait for GET /api/status to answer (e.g. 4s)"},
	{"compat", harness.EnvCompat, false, "behaviour of the built-in reference server, when no target is given: " + compatChoices()},
	{"runs", harness.EnvRuns, false, "how the built-in reference server runs pipelines, when no target is given: stay (default) or advance (declare executes-runs in a profile to judge it)"},
	{"run-wait", harness.EnvRunWait, false, "how long a run may take to execute, with executes-runs declared (default 2m)"},
	{"timeout", harness.EnvTimeout, false, "time limit of the whole run (default 10m)"},
	{"request-timeout", harness.EnvRequestTimeout, false, "time limit of one request (default 30s)"},
	{"target-image", harness.EnvTargetImage, false, "container image to start as the target"},
	{"target-dockerfile", harness.EnvTargetDockerfile, false, "Dockerfile to build and start as the target"},
	{"target-port", harness.EnvTargetPort, false, "port the container target listens on"},
}

func parseFlags(args []string, stdout io.Writer) (*options, error) {
	fs := flag.NewFlagSet("mageconform", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &options{env: map[string]*envFlag{}}
	for _, cf := range configFlags {
		f := &envFlag{key: cf.key, isBool: cf.isBool}
		o.env[cf.name] = f
		fs.Var(f, cf.name, fmt.Sprintf("%s (%s)", cf.usage, cf.key))
	}
	fs.StringVar(&o.labels, "labels", "", "Ginkgo label filter, e.g. 'resource:users && must' or 'rule:B4.create'")
	fs.BoolVar(&o.verbose, "v", false, "verbose: Ginkgo's own output, every spec and its transcript, instead of a progress counter")
	fs.BoolVar(&o.version, "version", false, "print the mageconform version and the rules revision, and exit")
	fs.StringVar(&o.baseline, "baseline", "", "YAML file of known failures (rule, reason, expires): listed failures are reported as known and do not fail the run; an expired entry does")
	fs.StringVar(&o.rerunFailed, "rerun-failed", "", "rerun the rules that failed in DIR/summary.json, with that run's seed")
	fs.StringVar(&o.implementation, "implementation", "", "YAML file describing the server judged (name, version, url, contact, mage_version) for conformance-report.yaml")
	fs.StringVar(&o.impl.name, "impl-name", "", "the implementation's name, for conformance-report.yaml")
	fs.StringVar(&o.impl.version, "impl-version", "", "the implementation's version")
	fs.StringVar(&o.impl.url, "impl-url", "", "the implementation's home page")
	fs.StringVar(&o.impl.contact, "impl-contact", "", "who answers for the implementation (comma-separated)")
	fs.StringVar(&o.impl.mageVersion, "mage-version", "", "the Mage version the server claims to follow")
	// The usage goes out for -h only: after a mistake, the one-line reason is what helps. Help
	// asked for is output like any other: stdout, exit 0.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (see -h)", fs.Arg(0))
	}
	return o, nil
}

// apply puts the flags given into the environment.
func (o *options) apply() error {
	for name, f := range o.env {
		if !f.set {
			continue
		}
		v := f.value
		if f.isBool && v == "" {
			v = "on"
		}
		if err := os.Setenv(f.key, v); err != nil {
			return fmt.Errorf("--%s: %w", name, err)
		}
	}
	return nil
}

// explain adds the flag name to a configuration error about a key a flag set (the key the
// error starts with, else the longest one it names: CONFORMANCE_REQUEST_TIMEOUT, not
// CONFORMANCE_TIMEOUT).
func (o *options) explain(err error) error {
	msg, best, bestKey := err.Error(), "", ""
	for name, f := range o.env {
		if !f.set || !containsKey(msg, f.key) {
			continue
		}
		if strings.HasPrefix(msg, f.key) {
			return fmt.Errorf("--%s: %w", name, err)
		}
		if len(f.key) > len(bestKey) {
			best, bestKey = name, f.key
		}
	}
	if best != "" {
		return fmt.Errorf("--%s: %w", best, err)
	}
	return err
}

// containsKey finds key as a whole word (CONFORMANCE_TIMEOUT is not in CONFORMANCE_REQUEST_TIMEOUT).
func containsKey(msg, key string) bool {
	for i := 0; ; {
		at := strings.Index(msg[i:], key)
		if at < 0 {
			return false
		}
		at += i
		end := at + len(key)
		if (at == 0 || !isKeyByte(msg[at-1])) && (end == len(msg) || !isKeyByte(msg[end])) {
			return true
		}
		i = at + 1
	}
}

func isKeyByte(b byte) bool { return b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' }

func compatChoices() string {
	var names []string
	for _, m := range reference.Compats() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ") + " (default " + string(reference.CompatIntended) + ")"
}

const usage = `usage: mageconform [flags]                 run the conformance suites against a target
       mageconform token [--role ROLE]     print an owner's (or a role user's) session, to paste reproduce lines
       mageconform baseline DIR            print a baseline of the failures in DIR/summary.json (for --baseline)
       mageconform rules                   print the rule catalogue (docs/rules.md)
       mageconform --version               print the version

Every flag has an environment twin (CONFORMANCE_*, also read from .env); flags win.

Exit codes: 0 conformant; 1 not conformant (a MUST rule failed, a SHOULD rule in strict
mode, or a certification gap); 2 could not judge (bad flags, configuration or profile,
an unknown CONFORMANCE_* key, target unreachable or stopped answering, suite setup failed,
no spec ran, or interrupted).

Flags:
`
