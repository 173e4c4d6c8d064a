package report

import (
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/fixtures"
)

// Names shared with the suites and the harness (docs/architecture.md).
const (
	labelRule     = "rule:"
	labelResource = "resource:"
	labelAction   = "action:"
	labelKey      = "key:"
	labelToken    = "token:"

	entryTranscript      = "transcript"
	entryCurl            = "curl"
	entryShouldViolation = "should-violation"
	entryTransportError  = "transport-error"
	entryFinding         = "finding"
	entryRequestCounts   = "request-counts"
	entryClaimedVersion  = "claimed-version"

	// stoppedAnswering starts the message of a run the harness stopped because its target
	// stopped answering (harness.StoppedAnswering).
	stoppedAnswering = "the target stopped answering: "

	skipNotApplicable = "not applicable:"
)

// Matrix axes in reading order; values found in labels but not listed here are appended sorted.
var (
	actionOrder = []string{"create", "detail", "list", "update", "delete"}
	keyOrder    = []string{"header", "body", "query"}
	tokenOrder  = []string{"oauth-token", "bearer", "cookie"}
)

// resourceOrder is the catalogue's order, which follows the contract's reference part, so the
// matrix reads like the contract.
func resourceOrder() []string {
	var out []string
	for _, r := range fixtures.Catalogue() {
		out = append(out, r.Plural)
	}
	return out
}

// labelValues returns the values of every label with the given prefix.
func labelValues(labels []string, prefix string) []string {
	var out []string
	for _, l := range labels {
		if v, ok := strings.CutPrefix(l, prefix); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// levelOf reads the spec's `must`/`should` label ("" when it has neither).
func levelOf(labels []string) string {
	switch {
	case slices.Contains(labels, "must"):
		return "MUST"
	case slices.Contains(labels, "should"):
		return "SHOULD"
	}
	return ""
}

// entries returns the string values of the report entries with the given name.
func entries(spec types.SpecReport, name string) []string {
	var out []string
	for _, e := range spec.ReportEntries {
		if e.Name == name {
			out = append(out, e.Value.String())
		}
	}
	return out
}

// lastEntry is the latest entry of that name: the harness may record a transcript more than
// once as a spec goes on, and the last one is the most complete.
func lastEntry(spec types.SpecReport, name string) string {
	all := entries(spec, name)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// violationRule splits a should-violation entry "<ID>: reason".
func violationRule(entry string) (id, reason string) {
	id, reason, _ = strings.Cut(entry, ":")
	return strings.TrimSpace(id), strings.TrimSpace(reason)
}

// mentions tells whether text names the rule id as a whole word (B4.create, not B4.created).
func mentions(text, id string) bool {
	re := regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(id) + `($|[^\w-])`)
	return re.MatchString(text)
}

// firstLine squeezes a message onto one terminal line: Gomega spreads "Expected <int>: 401
// to equal <int>: 200" over several lines, and the first alone rarely says what went wrong.
func firstLine(s string) string {
	line := strings.Join(strings.Fields(s), " ")
	if r := []rune(line); len(r) > 200 {
		return string(r[:197]) + "..."
	}
	return line
}

// ordered returns the values in the preferred order first, then the rest sorted.
func ordered(values map[string]bool, preferred []string) []string {
	var out []string
	for _, v := range preferred {
		if values[v] {
			out = append(out, v)
		}
	}
	var rest []string
	for v := range values {
		if !slices.Contains(preferred, v) {
			rest = append(rest, v)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}
