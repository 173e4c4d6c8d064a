package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/suites"
)

// rerunPlan is what --rerun-failed DIR takes from that run's summary.json: the seed (the same
// payloads and order), the target (when the command line names none) and the specs to run.
type rerunPlan struct {
	dir    string
	seed   int64
	target string
	focus  []string // Ginkgo focus regexps, one per spec
	rules  []string
}

func readRerun(dir string) (*rerunPlan, error) {
	path := filepath.Join(dir, report.FileSummary)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--rerun-failed: %w", err)
	}
	var s report.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("--rerun-failed: %s is not a mageconform summary: %v", path, err)
	}
	p := &rerunPlan{dir: dir, seed: s.Seed}
	if s.Target != nil {
		p.target = s.Target.URL
	}
	texts := rerunSpecs(&s)
	if len(texts) == 0 {
		return nil, fmt.Errorf("--rerun-failed: nothing failed in %s (%s)", path, s.Verdict.Reason)
	}
	for _, t := range texts {
		// Ginkgo matches a focus against "<suite description> <spec text>".
		p.focus = append(p.focus, "^"+regexp.QuoteMeta(s.Suite+" "+t)+"$")
	}
	p.rules = failedRuleIDs(&s)
	return p, nil
}

// failing are the states a rerun repeats: failed, could not judge, accepted as known.
func failing(st report.State) bool {
	return st == report.Fail || st == report.Error || st == report.Known
}

func failedRuleIDs(s *report.Summary) []string {
	var ids []string
	for _, rr := range s.Rules {
		if failing(rr.State) || s.Strict && rr.State == report.Warn {
			ids = append(ids, rr.ID)
		}
	}
	return ids
}

// rerunSpecs are the specs that judge the rules that failed: every spec of a failed rule, and,
// for a rule checked over a whole spec (B1.envelope-shape), the specs after which it broke.
// Failures outside any rule rerun their own spec.
func rerunSpecs(s *report.Summary) []string {
	swept := suites.SweptRules()
	var texts []string
	add := func(t string) {
		if t != "" && !slices.Contains(texts, t) {
			texts = append(texts, t)
		}
	}
	for _, rr := range s.Rules {
		if !(failing(rr.State) || s.Strict && rr.State == report.Warn) {
			continue
		}
		for _, sp := range rr.Specs {
			if !slices.Contains(swept, rr.ID) || slices.Contains(sp.FailedRules, rr.ID) || hasRuleLabel(sp, rr.ID) {
				add(sp.Text)
			}
		}
	}
	for _, sp := range append(s.Unruled, s.Errors...) {
		if !strings.HasPrefix(sp.Text, "[") { // a suite node ("[SynchronizedBeforeSuite]") runs anyway
			add(sp.Text)
		}
	}
	return texts
}

func hasRuleLabel(sp report.SpecResult, id string) bool {
	return slices.Contains(sp.Labels, "rule:"+id)
}

// rerunCommand is the exact command line that reruns what failed in this run: the command as
// it was typed, without the options that chose specs or the seed, plus --rerun-failed DIR.
// Without a report directory there is no summary to rerun from: the command then asks for one.
func rerunCommand(args []string, reportDir string, s *report.Summary) string {
	if len(failedRuleIDs(s)) == 0 && len(s.Unruled) == 0 && len(s.Errors) == 0 {
		return ""
	}
	words := append([]string{commandName()}, secretsAsVariables(dropOptions(args, "labels", "seed", "rerun-failed"))...)
	if reportDir == "" {
		return strings.Join(append(words, "--report-dir", "DIR"), " ") + "   # then: the same with --rerun-failed DIR"
	}
	return strings.Join(append(words, "--rerun-failed", shellQuote(reportDir)), " ")
}

// dropOptions removes the named flags (in every form the flag package takes: -x v, --x v,
// -x=v, --x=v) from a command line.
func dropOptions(args []string, names ...string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		name, _, hasEquals := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "-") || !slices.Contains(names, name) {
			out = append(out, args[i])
			continue
		}
		if !hasEquals && i+1 < len(args) {
			i++ // the value is the next word
		}
	}
	return out
}

// secretFlags are the flags whose value a printed command line names as a shell variable, never
// in clear (a short password would escape the redaction of free text).
var secretFlags = map[string]string{"api-key": `"$CONFORMANCE_API_KEY"`, "password": `"$CONFORMANCE_PASSWORD"`}

// secretsAsVariables shell-quotes a command line, with the secret flags' values as variables.
func secretsAsVariables(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		name, _, hasEquals := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		variable, secret := secretFlags[name]
		switch {
		case !strings.HasPrefix(args[i], "-") || !secret:
			out = append(out, shellQuote(args[i]))
		case hasEquals:
			out = append(out, "--"+name+"="+variable)
		default:
			out = append(out, "--"+name, variable)
			i++ // the value
		}
	}
	return out
}

// commandName is how the user invoked the CLI, unless that is a temporary build (go run).
func commandName() string {
	name := os.Args[0]
	if strings.Contains(name, string(filepath.Separator)+"go-build") {
		return "mageconform"
	}
	return name
}

var shellPlain = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

func shellQuote(s string) string {
	if shellPlain.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
