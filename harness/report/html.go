package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mageconform/mageconform/harness/redact"
)

//go:embed report.html.tmpl
var htmlSource string

// page is parsed once; templates are safe for concurrent use once parsed.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"stateClass": stateClass,
	"cellText":   cellText,
	"join":       strings.Join,
	"firstLine":  firstLine,
	"code":       inlineCode,
	"round":      func(d time.Duration) time.Duration { return d.Round(time.Millisecond) },
}).Parse(htmlSource))

// backticks finds the `code` spans the catalogue's sentences use.
var backticks = regexp.MustCompile("`([^`]+)`")

// inlineCode escapes text and shows its `code` spans as <code>, as the markdown docs do.
func inlineCode(text string) template.HTML {
	escaped := template.HTMLEscapeString(text)
	return template.HTML(backticks.ReplaceAllString(escaped, "<code>$1</code>"))
}

// WriteHTML renders the self-contained report page (inline CSS and script, no external assets).
func WriteHTML(w io.Writer, s *Summary) error {
	view := htmlView{
		Summary:  s,
		Failed:   failedRules(s),
		Sections: sections(s.Rules),
		Config:   configRows(s.Config),
	}
	underRules := map[string]bool{}
	for _, rr := range s.Rules {
		for _, sp := range rr.Specs {
			underRules[sp.ID] = true
		}
	}
	for _, e := range s.Errors {
		if !underRules[e.ID] {
			view.UnruledErrors = append(view.UnruledErrors, e)
		}
	}
	for _, m := range []Matrix{s.Resources, s.Auth} {
		mv := matrixView{Title: m.Title, Cols: m.Cols}
		for i, r := range m.Rows {
			mv.Rows = append(mv.Rows, matrixRow{Name: r, Cells: m.Cells[i]})
		}
		view.Matrices = append(view.Matrices, mv)
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, view); err != nil {
		return err
	}
	_, err := io.WriteString(w, redact.Markup(buf.String()))
	return err
}

type htmlView struct {
	*Summary
	Failed   []RuleResult
	Sections []sectionView
	Matrices []matrixView
	Config   []keyValue
	// UnruledErrors could not be judged and are listed under no rule.
	UnruledErrors []SpecResult
}

type sectionView struct {
	Name  string
	Rules []RuleResult
}

type matrixView struct {
	Title string
	Cols  []string
	Rows  []matrixRow
}

type matrixRow struct {
	Name  string
	Cells []State
}

type keyValue struct{ Key, Value string }

// stateClass turns a state into a CSS class suffix ("n/a" is not a valid class name).
func stateClass(st State) string {
	if st == NotApplicable {
		return "na"
	}
	return string(st)
}

// sections groups rules by section in natural order (B2 before B10), keeping catalogue order
// inside a section.
func sections(rules []RuleResult) []sectionView {
	bySection := map[string][]RuleResult{}
	var names []string
	for _, rr := range rules {
		if _, ok := bySection[rr.Section]; !ok {
			names = append(names, rr.Section)
		}
		bySection[rr.Section] = append(bySection[rr.Section], rr)
	}
	slices.SortStableFunc(names, compareSections)
	out := make([]sectionView, 0, len(names))
	for _, n := range names {
		out = append(out, sectionView{Name: sectionTitle(n), Rules: bySection[n]})
	}
	return out
}

// compareSections sorts "B2" before "B10": letters first, then the number.
func compareSections(a, b string) int {
	pa, na := splitSection(a)
	pb, nb := splitSection(b)
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	if na != nb {
		return na - nb
	}
	return strings.Compare(a, b)
}

func splitSection(s string) (string, int) {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return s, 0
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil {
		return s, 0
	}
	return s[:i], n
}

// sectionTitles are Part B's headings, so the report and docs/rules.md read like the spec.
var sectionTitles = map[string]string{
	"B1": "Error envelope", "B2": "Success envelope", "B3": "Authentication", "B4": "Base CRUD",
	"B5": "Validation", "B6": "Policies", "B7": "Presenters", "B8": "Lists", "B9": "Headers",
	"B10": "Unknown resource",
}

func sectionTitle(section string) string {
	if t, ok := sectionTitles[section]; ok {
		return section + " " + t
	}
	if section == "" {
		return "(no section)"
	}
	return section
}

// configRows flattens the (already redacted) configuration to sorted key/value rows through
// its JSON form, so any struct or map the caller passes shows up the same way.
func configRows(cfg any) []keyValue {
	if cfg == nil {
		return nil
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return []keyValue{{Key: "error", Value: err.Error()}}
	}
	var fields map[string]any
	if json.Unmarshal(raw, &fields) != nil {
		return []keyValue{{Key: "config", Value: string(raw)}}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]keyValue, 0, len(keys))
	for _, k := range keys {
		v := fields[k]
		text, isString := v.(string)
		if !isString {
			b, _ := json.Marshal(v)
			text = string(b)
		}
		out = append(out, keyValue{Key: k, Value: fmt.Sprint(text)})
	}
	return out
}
