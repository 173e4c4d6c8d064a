package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Result is the diff of two runs.
type Result struct {
	Baseline Side    `json:"baseline"`
	Target   Side    `json:"target"`
	Specs    int     `json:"specs"`    // specs either side ran
	Compared int     `json:"compared"` // exchange pairs compared
	Groups   []Group `json:"groups"`   // the differences, grouped; empty when the servers agree
}

// Side describes one server of the diff.
type Side struct {
	Name      string `json:"name"` // what was run: a URL or the built-in reference and its mode
	Seed      int64  `json:"seed"`
	Exchanges int    `json:"exchanges"`
	// SetAside lists the records this server held before the run and the other did not
	// ("pipelines: uuid=example_pipeline"): its lists are compared without them.
	SetAside []string `json:"set_aside,omitempty"`
}

// Group is one difference as the report shows it: resource × action × kind (and where),
// how many exchange pairs show it, and the first of them as the example.
type Group struct {
	Resource string  `json:"resource"`
	Action   string  `json:"action"`
	Finding          // kind, where, and the example's values
	Count    int     `json:"count"`
	Example  Example `json:"example"`
}

// Example is one exchange pair that shows a difference.
type Example struct {
	Spec     string `json:"spec"`
	Index    int    `json:"index"` // position of the exchange within the spec, from 0
	Baseline *View  `json:"baseline,omitempty"`
	Target   *View  `json:"target,omitempty"`
	Note     string `json:"note,omitempty"` // for a divergence: how each side went on
}

// Number is the exchange's position within its spec as people count, from 1.
func (e Example) Number() int { return e.Index + 1 }

// View is one side's exchange of an example.
type View struct {
	Request      string `json:"request"` // method and URL
	Status       int    `json:"status"`
	Body         string `json:"body,omitempty"` // the answer, cut short
	Curl         string `json:"curl"`
	Housekeeping bool   `json:"housekeeping,omitempty"`
}

// maxExampleBody is where an example's body is cut: the report shows envelopes, not pages.
const maxExampleBody = 1500

func viewOf(e *Exchange) *View {
	if e == nil {
		return nil
	}
	body := e.RespBody
	if e.Err != "" {
		body = "no answer: " + e.Err
	}
	if len(body) > maxExampleBody {
		body = body[:maxExampleBody] + fmt.Sprintf("... [%d more bytes]", len(body)-maxExampleBody)
	}
	return &View{Request: e.Method + " " + e.URL, Status: e.Status, Body: body, Curl: e.Curl, Housekeeping: e.Housekeeping}
}

// Sides is both sides, baseline first.
func (r *Result) Sides() []Side { return []Side{r.Baseline, r.Target} }

// Differences is the number of groups: what the exit code and the table count.
func (r *Result) Differences() int { return len(r.Groups) }

// Divergences counts the groups of kind divergence.
func (r *Result) Divergences() int {
	n := 0
	for _, g := range r.Groups {
		if g.Kind == KindDivergence {
			n++
		}
	}
	return n
}

// valueKinds are grouped by their values too: two status differences of one action are two
// differences. Lengths and metadata values depend on the records at hand, so they are grouped
// by where they are, and the example gives the values.
var valueKinds = map[string]bool{KindListLength: false, KindMetadata: false}

func groupKey(resource, action string, f Finding) string {
	parts := []string{resource, action, f.Kind, f.Where}
	if keep, listed := valueKinds[f.Kind]; keep || !listed {
		parts = append(parts, f.Baseline, f.Target)
	}
	return strings.Join(parts, "\x00")
}

// grouper collects findings into groups, keeping the first example of each.
type grouper struct {
	at     map[string]int
	groups []Group
}

func (g *grouper) add(resource, action string, f Finding, ex func() Example) {
	if g.at == nil {
		g.at = map[string]int{}
	}
	k := groupKey(resource, action, f)
	if i, ok := g.at[k]; ok {
		g.groups[i].Count++
		return
	}
	g.at[k] = len(g.groups)
	g.groups = append(g.groups, Group{Resource: resource, Action: action, Finding: f, Count: 1, Example: ex()})
}

// sorted orders the groups by resource, action, kind and where, for stable reports.
func (g *grouper) sorted() []Group {
	out := slices.Clone(g.groups)
	slices.SortStableFunc(out, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Action, b.Action),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Where, b.Where))
	})
	if out == nil {
		out = []Group{}
	}
	return out
}
