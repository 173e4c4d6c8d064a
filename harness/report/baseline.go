package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Baseline lists failures a team has accepted for now (`--baseline FILE`): a listed rule that
// fails is reported as known and does not fail the run, so a gate catches new failures while
// old ones are being fixed. Every entry expires: an expired entry fails the run, so an
// accepted failure cannot be forgotten. `mageconform baseline DIR` writes one from a run.
type Baseline struct {
	Source string         `yaml:"-"`
	Known  []KnownFailure `yaml:"known"`
}

// KnownFailure is one accepted failure.
type KnownFailure struct {
	Rule    string `yaml:"rule"`
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires"` // YYYY-MM-DD: the last day the entry holds
}

// dateLayout is the expiry's format.
const dateLayout = "2006-01-02"

// ReadBaseline reads and checks a baseline file: unknown keys, a missing rule or reason, a date
// that does not parse and a rule listed twice are errors (a typo must not accept a failure).
func ReadBaseline(path string) (*Baseline, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	b := &Baseline{}
	if err := dec.Decode(b); err != nil && !errors.Is(err, io.EOF) { // an empty file is an empty baseline
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	b.Source = path
	seen := map[string]bool{}
	for i, k := range b.Known {
		where := fmt.Sprintf("baseline %s: entry %d", path, i+1)
		switch {
		case strings.TrimSpace(k.Rule) == "":
			return nil, fmt.Errorf("%s: no rule", where)
		case strings.TrimSpace(k.Reason) == "":
			return nil, fmt.Errorf("%s (%s): no reason: say why the failure is accepted", where, k.Rule)
		case seen[k.Rule]:
			return nil, fmt.Errorf("%s: %s is listed twice", where, k.Rule)
		}
		if _, err := time.Parse(dateLayout, k.Expires); err != nil {
			return nil, fmt.Errorf("%s (%s): expires %q is not a date YYYY-MM-DD", where, k.Rule, k.Expires)
		}
		seen[k.Rule] = true
	}
	return b, nil
}

// entry is the baseline's entry for a rule.
func (b *Baseline) entry(id string) (KnownFailure, bool) {
	if b == nil {
		return KnownFailure{}, false
	}
	for _, k := range b.Known {
		if k.Rule == id {
			return k, true
		}
	}
	return KnownFailure{}, false
}

// expired reports whether the entry's last day is before today (in UTC).
func (k KnownFailure) expired(now time.Time) bool {
	last, err := time.Parse(dateLayout, k.Expires)
	return err != nil || now.UTC().Format(dateLayout) > last.Format(dateLayout)
}

// BaselineResult is what the baseline did to a run.
type BaselineResult struct {
	Source string `json:"source"`
	// Known are the failed rules the baseline accepted.
	Known []string `json:"known,omitempty"`
	// Expired entries fail the run, whether their rule still fails or not.
	Expired []string `json:"expired,omitempty"`
	// Fixed are listed rules that held: their entries can go.
	Fixed []string `json:"fixed,omitempty"`
}

// applyBaseline turns accepted failures into the state known.
func applyBaseline(rules []RuleResult, b *Baseline, strict bool, now time.Time) *BaselineResult {
	if b == nil {
		return nil
	}
	res := &BaselineResult{Source: b.Source}
	for _, k := range b.Known {
		if k.expired(now) {
			res.Expired = append(res.Expired, fmt.Sprintf("%s (expired %s)", k.Rule, k.Expires))
		}
	}
	for i := range rules {
		rr := &rules[i]
		k, listed := b.entry(rr.ID)
		if !listed {
			continue
		}
		failing := rr.State == Fail || rr.State == Warn && strict
		switch {
		case failing && !k.expired(now):
			rr.Known = &KnownInfo{Reason: k.Reason, Expires: k.Expires, Was: rr.State}
			rr.State = Known
			res.Known = append(res.Known, rr.ID)
		case !failing && (rr.State == Pass || rr.State == Warn):
			res.Fixed = append(res.Fixed, rr.ID)
		}
	}
	return res
}

// KnownInfo is why a failed rule is reported as known.
type KnownInfo struct {
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
	Was     State  `json:"was"` // fail, or warn in strict mode
}

// WriteBaseline writes a baseline listing every failed rule of the run (and, in strict mode,
// every SHOULD warning), each expiring on expires, with the run's reason as a starting point.
func WriteBaseline(s *Summary, expires time.Time) ([]byte, error) {
	b := Baseline{Known: []KnownFailure{}}
	for _, rr := range s.Rules {
		failing := rr.State == Fail || rr.State == Known || rr.State == Warn && s.Strict
		if !failing {
			continue
		}
		reason := rr.Reason
		if rr.Known != nil {
			reason = rr.Known.Reason
		}
		b.Known = append(b.Known, KnownFailure{Rule: rr.ID, Reason: reason, Expires: expires.UTC().Format(dateLayout)})
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# Known failures of %s (mageconform baseline, %s).\n", s.targetDescription(), s.Started.UTC().Format(dateLayout))
	out.WriteString("# Use with --baseline FILE: a listed rule that fails is reported as known and does not fail the\n")
	out.WriteString("# run; an entry past its expiry date fails it. Replace each reason with why the failure is accepted.\n")
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(b); err != nil {
		return nil, err
	}
	return out.Bytes(), enc.Close()
}
