package report

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mageconform/mageconform/harness/profile"
	"github.com/mageconform/mageconform/harness/redact"
	"github.com/mageconform/mageconform/harness/version"
)

// FileConformance is the report to submit, in the report directory.
const FileConformance = "conformance-report.yaml"

// Implementation describes the server judged, for the conformance report: flags or a small
// YAML file (`--implementation FILE`) with these keys.
type Implementation struct {
	Name    string   `yaml:"name" json:"name,omitempty"`
	Version string   `yaml:"version" json:"version,omitempty"`
	URL     string   `yaml:"url" json:"url,omitempty"`
	Contact []string `yaml:"contact" json:"contact,omitempty"`
	// MageVersion is the Mage version the server claims to follow ("0.9.79").
	MageVersion string `yaml:"mage_version" json:"mage_version,omitempty"`
}

// ReadImplementation reads an implementation file; unknown keys are errors.
func ReadImplementation(path string) (Implementation, error) {
	var impl Implementation
	raw, err := os.ReadFile(path)
	if err != nil {
		return impl, fmt.Errorf("implementation: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&impl); err != nil {
		return impl, fmt.Errorf("implementation %s: %w", path, err)
	}
	return impl, nil
}

// Conformance results of an area and of the whole run, as Gateway API's ConformanceReport has
// them: success (everything judged held), partial (no MUST rule failed, but a SHOULD rule
// failed or a rule was not judged), failure (a MUST rule failed, was accepted as known, could
// not be judged, or, in certify mode, was left out).
const (
	ResultSuccess = "success"
	ResultPartial = "partial"
	ResultFailure = "failure"
)

// ConformanceReport is conformance-report.yaml.
type ConformanceReport struct {
	APIVersion     string            `yaml:"apiVersion"`
	Kind           string            `yaml:"kind"`
	Date           string            `yaml:"date"`
	Implementation Implementation    `yaml:"implementation"`
	MageVersion    string            `yaml:"mageVersion"`
	Mageconform    conformanceTool   `yaml:"mageconform"`
	Target         string            `yaml:"target"`
	Profile        string            `yaml:"profile"`
	Compat         string            `yaml:"compat"`
	Mode           map[string]bool   `yaml:"mode"`
	Result         string            `yaml:"result"`
	Verdict        string            `yaml:"verdict"`
	Counts         map[string]Tally  `yaml:"counts"`
	Areas          []ConformanceArea `yaml:"areas"`
	SkippedRules   []string          `yaml:"skippedRules"`
	FailedRules    []string          `yaml:"failedRules"`
	// OtherModeRules are about the other user-authentication mode (a server running without
	// it, when the target requires it): not judged, and no gap either.
	OtherModeRules []string `yaml:"otherModeRules"`
	// UndeclaredRules need an opt-in feature the profile does not declare (executes-runs):
	// neither judged nor left out, like OtherModeRules.
	UndeclaredRules []string `yaml:"undeclaredRules,omitempty"`
}

type conformanceTool struct {
	Version       version.Info `yaml:",inline"`
	RulesRevision string       `yaml:"rulesRevision"`
}

// Tally counts the rules of one level by outcome.
type Tally struct {
	Passed  int `yaml:"passed"`
	Failed  int `yaml:"failed"`
	Skipped int `yaml:"skipped"`
}

// ConformanceArea is one Part B section.
type ConformanceArea struct {
	Name         string           `yaml:"name"`
	Result       string           `yaml:"result"`
	Counts       map[string]Tally `yaml:"counts"`
	SkippedRules []string         `yaml:"skippedRules,omitempty"`
	FailedRules  []string         `yaml:"failedRules,omitempty"`
}

// Conformance builds the conformance report of a run.
func Conformance(s *Summary) ConformanceReport {
	c := ConformanceReport{
		APIVersion:     "mageconform.dev/v1",
		Kind:           "ConformanceReport",
		Date:           s.Started.UTC().Format("2006-01-02T15:04:05Z"),
		Implementation: s.Implementation,
		MageVersion:    orUnknown(cmp.Or(s.Implementation.MageVersion, s.ClaimedVersion)),
		Mageconform:    conformanceTool{Version: s.Mageconform, RulesRevision: s.RulesRevision},
		Target:         s.targetDescription(),
		Profile:        s.Profile.Name,
		Compat:         "-",
		Mode:           map[string]bool{"strict": s.Strict, "certify": s.Certify},
		Verdict:        s.Verdict.Reason,
		SkippedRules:   []string{},
		FailedRules:    []string{},
		OtherModeRules: []string{},
	}
	if s.Target != nil && s.Target.Compat != "" {
		c.Compat = s.Target.Compat
	}
	gaps := map[string]bool{}
	for _, g := range s.Verdict.CertifyGaps {
		id, _, _ := strings.Cut(g, ":")
		gaps[id] = true
	}
	total := map[string]Tally{"must": {}, "should": {}}
	for _, sec := range sections(s.Rules) {
		area := ConformanceArea{Name: sec.Name, Counts: map[string]Tally{"must": {}, "should": {}}}
		for _, rr := range sec.Rules {
			if !rr.InCatalogue {
				continue
			}
			if onlyFor(rr, profile.OnlyWithoutAuth) {
				c.OtherModeRules = append(c.OtherModeRules, rr.ID)
				continue
			}
			if onlyFor(rr, profile.OnlyIfDeclared) {
				c.UndeclaredRules = append(c.UndeclaredRules, rr.ID)
				continue
			}
			level := strings.ToLower(rr.Level)
			t, all := area.Counts[level], total[level]
			switch outcome(rr) {
			case "passed":
				t.Passed++
				all.Passed++
			case "failed":
				t.Failed++
				all.Failed++
				area.FailedRules = append(area.FailedRules, rr.ID)
			default:
				t.Skipped++
				all.Skipped++
				area.SkippedRules = append(area.SkippedRules, rr.ID)
			}
			area.Counts[level], total[level] = t, all
		}
		area.Result = areaResult(area, gaps, s.Certify)
		c.Areas = append(c.Areas, area)
		c.SkippedRules = append(c.SkippedRules, area.SkippedRules...)
		c.FailedRules = append(c.FailedRules, area.FailedRules...)
	}
	c.Counts = total
	c.Result = ResultSuccess
	for _, a := range c.Areas {
		if a.Result == ResultFailure || a.Result == ResultPartial && c.Result == ResultSuccess {
			c.Result = a.Result
		}
	}
	if s.Verdict.ExitCode != ExitConformant && c.Result != ResultFailure {
		c.Result = ResultFailure // a failure outside any rule, or a run that could not judge
	}
	return c
}

// onlyFor: every spec of the rule was left out for the reason (the other user-authentication
// mode, an opt-in feature the profile does not declare).
func onlyFor(rr RuleResult, reason string) bool {
	if len(rr.Specs) == 0 {
		return false
	}
	for _, sp := range rr.Specs {
		if !strings.HasPrefix(stateFor(sp, rr.ID).Reason, profile.NotApplicable+reason) {
			return false
		}
	}
	return true
}

// outcome is a rule's result in the report's three words. A known failure is a failure: the
// report is what a reviewer reads, and the baseline only changes what fails the gate.
func outcome(rr RuleResult) string {
	switch rr.State {
	case Pass:
		return "passed"
	case Fail, Warn, Known, Error:
		return "failed"
	}
	return "skipped"
}

func areaResult(a ConformanceArea, gaps map[string]bool, certify bool) string {
	must, should := a.Counts["must"], a.Counts["should"]
	if must.Failed > 0 {
		return ResultFailure
	}
	if certify && slices.ContainsFunc(a.SkippedRules, func(id string) bool { return gaps[id] }) {
		return ResultFailure // certification accepts no MUST rule left out
	}
	if should.Failed > 0 || must.Skipped > 0 || should.Skipped > 0 {
		return ResultPartial
	}
	return ResultSuccess
}

func writeConformance(path string, s *Summary) error {
	var out bytes.Buffer
	out.WriteString("# mageconform conformance report: submit this file with the implementation's claim.\n")
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(Conformance(s)); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return writeRedacted(path, out.String(), redact.String)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown: the target claims none (GET /api/projects); give --mage-version or mage_version in --implementation"
	}
	return s
}
