package mutants

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/mageconform/mageconform/fixtures"
)

// Faults in trigger routes (B3) and nested lists (B4), on whichever resources of the catalogue
// have them.
func runMutants() []Mutant {
	return []Mutant{
		{
			Name:   "trigger-needs-key",
			Fault:  "A trigger route refuses a request without the API key.",
			Breaks: []string{"B3.trigger-token"},
			Labels: ruleLabels("B3.trigger-token"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if _, ok := triggerOf(r); ok && r.Header.Get(apiKeyHeader) == "" {
						errorReply(r, 401, "invalid_api_key", "Invalid API key.").write(w)
						return
					}
					h.ServeHTTP(w, r)
				})
			},
		},
		{
			Name:   "trigger-ignores-token",
			Fault:  "A trigger with a wrong token is run with the parent's right token.",
			Breaks: []string{"B3.trigger-refused"},
			Labels: ruleLabels("B3.trigger-refused"),
			Wrap:   triggerIgnoresToken,
		},
		{
			// What Mage does (its trigger handler raises plain exceptions).
			Name:   "trigger-refusal-500",
			Fault:  "A refused trigger gives Mage's code-500 body.",
			Breaks: []string{"B3.trigger-typed"},
			Labels: ruleLabels("B3.trigger-typed"),
			Wrap: rewrite(func(r *http.Request) bool { _, ok := triggerOf(r); return ok }, func(r *http.Request, rp *reply) {
				if !rp.isSuccess() {
					*rp = *mageServerError(r, "Invalid token for pipeline schedule.")
				}
			}),
		},
		{
			Name:         "runs-never-complete",
			Fault:        "A run that would complete is shown running for ever.",
			Breaks:       []string{"B4.run-completes"},
			Labels:       ruleLabels("B4.run-completes"),
			ExecutesRuns: true,
			Wrap: editSuccess(func(_ *http.Request, body map[string]any) {
				if run, ok := body["pipeline_run"].(map[string]any); ok && run["status"] == "completed" {
					run["status"] = "running"
				}
			}),
		},
		{
			Name:         "finished-without-stamps",
			Fault:        "A record executed to its last status shows none of its times (completed_at null).",
			Breaks:       []string{"B4.run-completes"},
			Labels:       ruleLabels("B4.run-completes"),
			ExecutesRuns: true,
			Wrap: editSuccess(func(_ *http.Request, body map[string]any) {
				for _, res := range fixtures.All() {
					x := res.Executes
					if obj, ok := body[res.Singular].(map[string]any); ok && x != nil && obj[x.Status] == x.Steps[len(x.Steps)-1] {
						for _, stamp := range x.Stamps {
							obj[stamp] = nil
						}
					}
				}
			}),
		},
		{
			// A run's update may change nothing once the run has executed to its end: this
			// server says so of every run it does not cancel.
			Name:   "run-update-claims-completed",
			Fault:  "A run's update is not applied, and its answer says the run completed.",
			Breaks: []string{"B4.update"},
			Labels: ruleLabels("B4.update") + " && resource:pipeline_runs",
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method != http.MethodPut || resource(r) != "pipeline_runs" {
						h.ServeHTTP(w, r)
						return
					}
					detail := r.Clone(r.Context())
					detail.Method, detail.Body, detail.ContentLength = http.MethodGet, http.NoBody, 0
					rp := capture(h, detail)
					if m := rp.object(); m != nil {
						if run, ok := m["pipeline_run"].(map[string]any); ok {
							run["status"] = "completed"
							rp.setObject(m)
						}
					}
					rp.write(w)
				})
			},
		},
		{
			Name:   "format-ignored",
			Fault:  "`_format` is ignored: answers keep the default attributes.",
			Breaks: []string{"B7.formats"},
			Labels: ruleLabels("B7.formats"),
			Wrap:   alter(func(r *http.Request) { dropQuery(r, "_format") }),
		},
		{
			Name:   "nested-create-first-parent",
			Fault:  "A create under a parent is filed under the first parent a create was ever made under.",
			Breaks: []string{"B4.nested"},
			Labels: ruleLabels("B4.nested"),
			Wrap:   nestedCreateFirstParent,
		},
		{
			Name:   "nested-list-unfiltered",
			Fault:  "A list under a parent shows every record, the parent's and the others'.",
			Breaks: []string{"B4.nested-isolated"},
			Labels: ruleLabels("B4.nested-isolated"),
			Wrap:   nestedListAsTopLevel(func(*reply) bool { return true }),
		},
		{
			// What Mage does for runs under a missing schedule.
			Name:   "nested-missing-parent-lists-all",
			Fault:  "A list under a parent that does not exist shows every record.",
			Breaks: []string{"B4.nested-missing-parent"},
			Labels: ruleLabels("B4.nested-missing-parent"),
			Wrap:   nestedListAsTopLevel(func(rp *reply) bool { return !rp.isSuccess() }),
		},
	}
}

// triggerOf matches a trigger route of the catalogue: the resource and the route's values
// ("parent", and "token" when the path carries it).
func triggerOf(r *http.Request) (map[string]string, bool) {
	if r.Method != http.MethodPost {
		return nil, false
	}
	got := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for _, res := range fixtures.All() {
		if res.Trigger == nil {
			continue
		}
		for _, p := range res.Trigger.Paths {
			want := strings.Split(strings.Trim(p, "/"), "/")
			if len(want) != len(got) {
				continue
			}
			values := map[string]string{}
			for i, w := range want {
				if strings.HasPrefix(w, "{") {
					values[strings.Trim(w, "{}")] = got[i]
				} else if w != got[i] {
					values = nil
					break
				}
			}
			if values != nil {
				return values, true
			}
		}
	}
	return nil, false
}

// triggerIgnoresToken remembers each parent's token from the answers that show one (a
// schedule's create) and runs a trigger with a wrong token with the right one.
func triggerIgnoresToken(h http.Handler) http.Handler {
	var mu sync.Mutex
	tokens := map[string]string{} // parent pk -> token
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		values, isTrigger := triggerOf(r)
		if isTrigger {
			mu.Lock()
			right, known := tokens[values["parent"]]
			mu.Unlock()
			if known {
				r = r.Clone(r.Context())
				if t, inPath := values["token"]; inPath && t != right {
					r.URL.Path = strings.Replace(r.URL.Path, "/"+t, "/"+right, 1)
					r.URL.RawPath = ""
				} else if !inPath {
					r.Header.Set("Authorization", "Bearer "+right)
				}
			}
			h.ServeHTTP(w, r)
			return
		}
		rp := capture(h, r)
		for key, obj := range rp.object() {
			if rec, ok := obj.(map[string]any); ok && triggerParent(key) != nil {
				if t, ok := rec[triggerParent(key).Token].(string); ok && rec["id"] != nil {
					mu.Lock()
					tokens[renderID(rec["id"])] = t
					mu.Unlock()
				}
			}
		}
		rp.write(w)
	})
}

// triggerParent is the trigger whose parent records a singular key names (nil for none).
func triggerParent(singular string) *fixtures.Trigger {
	for _, res := range fixtures.All() {
		if parent, ok := fixtures.ByName(resParent(res)); ok && res.Trigger != nil && parent.Singular == singular {
			return res.Trigger
		}
	}
	return nil
}

func resParent(res fixtures.Resource) string {
	if res.Parent == nil {
		return ""
	}
	return res.Parent.Resource
}

// nestedListAsTopLevel answers a list under a parent with the top-level list of the same
// resource and query, when replace says so of the reference's own answer.
func nestedListAsTopLevel(replace func(*reply) bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s := segments(r)
			if r.Method != http.MethodGet || len(s) != 3 {
				h.ServeHTTP(w, r)
				return
			}
			rp := capture(h, r)
			if replace(rp) {
				top := r.Clone(r.Context())
				top.URL.Path, top.URL.RawPath = "/api/"+s[2], ""
				rp = capture(h, top)
			}
			rp.write(w)
		})
	}
}

// renderID renders a JSON id as a URL shows it (a number 12 as "12").
func renderID(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatInt(int64(f), 10)
	}
	return fmt.Sprint(v)
}

// nestedCreateFirstParent remembers, per parent resource, the first parent a nested create
// named, and files every later nested create under it.
func nestedCreateFirstParent(h http.Handler) http.Handler {
	var mu sync.Mutex
	first := map[string]string{} // parent plural -> first parent pk
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := segments(r)
		if r.Method != http.MethodPost || len(s) != 3 {
			h.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		pk, seen := first[s[0]]
		if !seen {
			first[s[0]], pk = s[1], s[1]
		}
		mu.Unlock()
		if pk == s[1] {
			h.ServeHTTP(w, r)
			return
		}
		body := bufferBody(r)
		moved := r.Clone(r.Context())
		moved.URL.Path, moved.URL.RawPath = "/api/"+s[0]+"/"+pk+"/"+s[2], ""
		setBody(moved, body)
		rp := capture(h, moved)
		if rp.errorType() == "record_not_found" {
			// The first parent is gone (a spec removed it): this one is the first now.
			mu.Lock()
			first[s[0]] = s[1]
			mu.Unlock()
			setBody(r, body)
			h.ServeHTTP(w, r)
			return
		}
		rp.write(w)
	})
}
