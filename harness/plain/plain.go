// Package plain turns check failures into the one plain sentence a report shows: a Gomega
// message ("count at offset 2\nExpected\n    <int>: 5\nto equal\n    <int>: 4") becomes "count at
// offset 2: got 5, want 4". A reader fixing a server needs what was wrong, not Gomega's type
// dumps; the full message stays in the detailed reports. No dependencies, so the harness and the
// report can both use it.
package plain

import (
	"regexp"
	"strings"
)

// maxValue bounds a value quoted in a sentence; the transcript has the whole answer.
const maxValue = 90

// Reason is the plain sentence for a failure message. A message that is not in Gomega's
// "Expected ..." form is already a sentence: its first line is kept.
func Reason(message string) string {
	lines := strings.Split(strings.TrimSpace(message), "\n")
	start := -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "Expected" || strings.HasPrefix(t, "Unexpected error:") {
			start = i
			break
		}
	}
	if start < 0 {
		return squeeze(lines[0])
	}
	desc := squeeze(strings.Join(lines[:start], " "))
	core, boolish := sentence(lines[start:])
	switch {
	case desc == "":
		return core
	case boolish || core == "":
		return desc // "the new user cannot log in" says it all; "got false, want true" adds nothing
	}
	return desc + ": " + core
}

// block is one verb line of a Gomega message and the value printed under it.
type block struct{ verb, value string }

// sentence renders the "Expected <actual> <verb> <expected> [<verb> <value>]..." part.
func sentence(lines []string) (text string, boolish bool) {
	if strings.HasPrefix(strings.TrimSpace(lines[0]), "Unexpected error:") {
		var errText []string
		for _, l := range lines[1:] {
			if t := strings.TrimSpace(l); t != "" && t != "occurred" && !typeOnly.MatchString(t) && !strings.HasPrefix(t, "{") {
				errText = append(errText, t)
			}
		}
		return "unexpected error: " + clip(strings.Join(errText, " ")), false
	}
	actual, rest := valueBlock(lines[1:])
	var blocks []block
	for len(rest) > 0 {
		verb := strings.TrimSpace(rest[0])
		var v string
		v, rest = valueBlock(rest[1:])
		blocks = append(blocks, block{verb, v})
	}
	if len(blocks) == 0 {
		return "got " + actual, false
	}
	main, extra := blocks[0], blocks[1:]
	switch {
	case main.verb == "to be true" || main.verb == "to be false" || main.verb == "not to be nil":
		want := strings.TrimPrefix(strings.TrimPrefix(main.verb, "not "), "to be ")
		if main.verb == "not to be nil" {
			return "got nothing", true
		}
		return "got " + actual + ", want " + want, true
	case main.verb == "to be nil" || main.verb == "to be zero-valued":
		return "got " + actual + ", want nothing", false
	case main.verb == "to be empty":
		return actual, false
	case main.verb == "to equal" || main.verb == "to be equivalent to":
		return "got " + actual + ", want " + main.value, false
	case main.verb == "to have key":
		return "no key " + main.value, false
	case strings.HasPrefix(main.verb, "to have length "):
		return "got " + itemCount(lines[1]) + ", want " + strings.TrimPrefix(main.verb, "to have length "), false
	case main.verb == "to consist of" || main.verb == "to contain elements":
		var parts []string
		for _, b := range extra {
			switch b.verb {
			case "the missing elements were":
				parts = append(parts, "missing "+b.value)
			case "the extra elements were":
				parts = append(parts, "unexpected "+b.value)
			}
		}
		if len(parts) == 0 {
			return "got " + actual + ", want " + main.value, false
		}
		return strings.Join(parts, "; "), false
	case strings.HasPrefix(main.verb, "to have {key: value}"):
		if strings.Contains(main.value, "Matcher") {
			return "got " + actual, false // the wanted value is a matcher: its dump says nothing
		}
		return "got " + actual + ", want " + main.value, false
	case strings.HasPrefix(main.verb, "To satisfy at least one of"):
		return "got " + actual + ", which matches none of the accepted answers", false
	}
	verb := strings.TrimPrefix(main.verb, "to ")
	if main.value == "" {
		return "got " + actual + ", want it to " + verb, false
	}
	return "got " + actual + ", want it to " + verb + " " + main.value, false
}

// typeOnly is a Gomega type annotation with nothing after it ("<*errors.errorString | 0x1>:").
var typeOnly = regexp.MustCompile(`^<[^>]*>:$`)

// typePrefix is the "<[]string | len:2, cap:2>: " before a formatted value.
var typePrefix = regexp.MustCompile(`^<[^>]*>: ?`)

// valueBlock takes the indented lines of one value, without Gomega's type annotation.
func valueBlock(lines []string) (value string, rest []string) {
	var parts []string
	i := 0
	for ; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "    ") && strings.TrimSpace(lines[i]) != "" {
			break
		}
		parts = append(parts, strings.TrimSpace(lines[i]))
	}
	v := typePrefix.ReplaceAllString(strings.Join(parts, " "), "")
	v = innerTypes.ReplaceAllString(v, "")
	v = trailingComma.ReplaceAllString(openBrace.ReplaceAllString(v, "{"), "}")
	return clip(v), lines[i:]
}

// innerTypes are the "<string>" and "<int>" annotations inside a formatted map or list.
var innerTypes = regexp.MustCompile(`<[a-z0-9\[\]{}. *]+>`)

// Gomega prints multi-line maps as "{ "k": v, }".
var (
	openBrace     = regexp.MustCompile(`\{\s+`)
	trailingComma = regexp.MustCompile(`,\s*}`)
)

var lenOf = regexp.MustCompile(`len:(\d+)`)

func itemCount(line string) string {
	if m := lenOf.FindStringSubmatch(line); m != nil {
		if m[1] == "1" {
			return "1 item"
		}
		return m[1] + " items"
	}
	return "another length"
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string) string {
	s = squeeze(s)
	if r := []rune(s); len(r) > maxValue {
		return string(r[:maxValue-3]) + "..."
	}
	return s
}
