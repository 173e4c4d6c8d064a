package mutants

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/mageconform/mageconform/fixtures"
)

// Faults in a record an update starts (B4 starts), in the lists of the caller's own records
// (B6, B3) and in summaries (B7), each on the first resource of the catalogue described so.
func startMutants() []Mutant {
	res := starting()
	st := res.Starts
	starts := ruleLabels("B4.start-preview", "B4.start-makes", "B4.stop-cascades", "B4.delete-keeps-made") + " && resource:" + res.Plural
	owned, sum := ownedResource(), summaryResource()
	return []Mutant{
		{
			Name:   "preview-miscounts",
			Fault:  "A " + res.Singular + "'s preview (" + st.Preview + ") counts one " + singular(st.Makes) + " more than a start makes.",
			Breaks: []string{"B4.start-preview"},
			Labels: starts,
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if obj, ok := body[res.Singular].(map[string]any); ok && r.Method == http.MethodGet && r.URL.Query().Get(st.Preview) != "" {
					if n, err := obj[st.Counted].(json.Number).Int64(); err == nil {
						obj[st.Counted] = n + 1
					}
				}
			}),
		},
		{
			Name:   "start-makes-nothing",
			Fault:  "Starting a " + res.Singular + " answers as started but makes nothing (the start is dropped).",
			Breaks: []string{"B4.start-makes"},
			Labels: starts,
			Wrap:   dropWrite(res, st.Start),
		},
		{
			Name:   "stop-leaves-made",
			Fault:  "Stopping a " + res.Singular + " answers as stopped but leaves what it made as it was.",
			Breaks: []string{"B4.stop-cascades"},
			Labels: starts,
			Wrap:   dropWrite(res, st.Stop),
		},
		{
			Name:   "delete-removes-made",
			Fault:  "Deleting a " + res.Singular + " deletes what it made too.",
			Breaks: []string{"B4.delete-keeps-made"},
			Labels: starts,
			Wrap:   deleteMadeToo(res),
		},
		{
			Name:         "started-never-completes",
			Fault:        "A started " + res.Singular + " whose " + st.Makes + " have all completed is shown running for ever.",
			Breaks:       []string{"B4.run-completes"},
			Labels:       ruleLabels("B4.run-completes") + " && resource:" + res.Plural,
			ExecutesRuns: true,
			Wrap: editSuccess(func(_ *http.Request, body map[string]any) {
				x := res.Executes
				if obj, ok := body[res.Singular].(map[string]any); ok && obj[x.Status] == x.Steps[len(x.Steps)-1] {
					obj[x.Status] = x.Steps[len(x.Steps)-2]
				}
			}),
		},
		{
			Name:   "own-list-shows-others",
			Fault:  "The list of the caller's own " + owned.Plural + " shows another user's too.",
			Breaks: []string{"B6.own-records-only"},
			Labels: ruleLabels("B6.own-records-only"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if list, ok := body[owned.Plural].([]any); ok && resource(r) == owned.Plural {
					body[owned.Plural] = append(list, map[string]any{owned.Owned.By: 2147483000,
						owned.Owned.Credential: strings.Repeat("x", 43), "expires": "2099-01-01 00:00:00"})
				}
			}),
		},
		{
			Name:   "own-list-shows-ended",
			Fault:  "The list of the caller's own " + owned.Plural + " shows the ended ones too, as if " + owned.Owned.ShowAll + " were asked.",
			Breaks: []string{"B3.listed-token"},
			Labels: ruleLabels("B3.listed-token"),
			Wrap: alter(func(r *http.Request) {
				if resource(r) == owned.Plural && r.Method == http.MethodGet {
					q := r.URL.Query()
					q.Set(owned.Owned.ShowAll, "1")
					r.URL.RawQuery = q.Encode()
				}
			}),
		},
		{
			Name:   "own-records-made",
			Fault:  "A create of " + owned.Plural + " answers with a new one for the user it names, as if it had made it.",
			Breaks: []string{"B6.own-records-not-made"},
			Labels: ruleLabels("B6.own-records-not-made"),
			Wrap: rewrite(both(methodIs(http.MethodPost), onResource(owned.Plural)), func(r *http.Request, rp *reply) {
				attrs, _ := decodeObject(bufferBody(r))[owned.Singular].(map[string]any)
				rp.status, rp.header = http.StatusOK, http.Header{"Content-Type": {"application/json"}}
				rp.setObject(map[string]any{owned.Singular: map[string]any{owned.Owned.By: attrs[owned.Owned.By],
					owned.Owned.Credential: strings.Repeat("m", 43), "expires": "2099-01-01 00:00:00"}, "metadata": nil})
			}),
		},
		{
			Name:   "own-records-made-anyway",
			Fault:  "A create of " + owned.Plural + " is refused, and the user it names has a new one anyway.",
			Breaks: []string{"B6.own-records-not-made"},
			Labels: ruleLabels("B6.own-records-not-made"),
			Wrap:   ownRecordMadeAnyway(owned),
		},
		{
			Name:   "listed-token-dead",
			Fault:  "The list of the caller's own " + owned.Plural + " shows one more of the caller's that authenticates nobody.",
			Breaks: []string{"B3.listed-token"},
			Labels: ruleLabels("B3.listed-token"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				list, ok := body[owned.Plural].([]any)
				if !ok || len(list) == 0 || resource(r) != owned.Plural {
					return
				}
				first, _ := list[0].(map[string]any)
				body[owned.Plural] = append(list, map[string]any{owned.Owned.By: first[owned.Owned.By],
					owned.Owned.Credential: strings.Repeat("d", 43), "expires": "2099-01-01 00:00:00"})
			}),
		},
		{
			Name:   "summary-miscounts",
			Fault:  "A " + sum.Parent.Resource + "'s " + sum.Plural + " count one " + singular(sum.Summary.Of) + " more than it has.",
			Breaks: []string{"B7.summary"},
			Labels: ruleLabels("B7.summary"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				for _, item := range asList(body[sum.Plural]) {
					if obj, ok := item.(map[string]any); ok && resource(r) == sum.Plural {
						if n, err := obj[sum.Summary.Counted].(json.Number).Int64(); err == nil {
							obj[sum.Summary.Counted] = n + 1
						}
					}
				}
			}),
		},
	}
}

// dropWrite answers an update of res that writes every attribute of write as if it had been
// applied, without passing those attributes on: the record answers as written, nothing happens.
func dropWrite(res fixtures.Resource, write map[string]any) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPut || resource(r) != res.Plural || !isMember(r) {
				h.ServeHTTP(w, r)
				return
			}
			m := decodeObject(bufferBody(r))
			attrs, _ := m[res.Singular].(map[string]any)
			for k, v := range write {
				if fmt.Sprint(attrs[k]) != fmt.Sprint(v) {
					h.ServeHTTP(w, r)
					return
				}
			}
			for k := range write {
				delete(attrs, k)
			}
			r = r.Clone(r.Context())
			setJSONBody(r, m)
			rp := capture(h, r)
			if obj, ok := rp.object()[res.Singular].(map[string]any); ok {
				for k, v := range write {
					obj[k] = v
				}
				rp.setObject(map[string]any{res.Singular: obj, "metadata": nil})
			}
			rp.write(w)
		})
	}
}

// deleteMadeToo deletes, after a successful delete of a record of res, the records it made
// (found by the Names filter), with the caller's own credentials.
func deleteMadeToo(res fixtures.Resource) func(http.Handler) http.Handler {
	st := res.Starts
	made, _ := fixtures.ByName(st.Makes)
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s := segments(r)
			if r.Method != http.MethodDelete || len(s) != 2 || s[0] != res.Plural {
				h.ServeHTTP(w, r)
				return
			}
			side := func(method, path string) *reply {
				req := httptest.NewRequest(method, path, nil)
				req.Header = r.Header.Clone()
				return capture(h, req)
			}
			list := side(http.MethodGet, "/api/"+made.Plural+"?"+st.Names+"="+s[1]+"&_limit=1000")
			rp := capture(h, r)
			if rp.isSuccess() {
				for _, item := range asList(list.object()[made.Plural]) {
					if obj, ok := item.(map[string]any); ok {
						side(http.MethodDelete, fmt.Sprint("/api/", made.Plural, "/", obj[made.PK]))
					}
				}
			}
			rp.write(w)
		})
	}
}

// starting, ownedResource and summaryResource are the first resources of the catalogue with
// Starts, Owned and Summary.
func starting() fixtures.Resource {
	return firstWith(func(r fixtures.Resource) bool { return r.Starts != nil }, "an update that starts it")
}

func ownedResource() fixtures.Resource {
	return firstWith(func(r fixtures.Resource) bool { return r.Owned != nil }, "a list of the caller's own")
}

func summaryResource() fixtures.Resource {
	return firstWith(func(r fixtures.Resource) bool { return r.Summary != nil }, "a summary list")
}

func firstWith(has func(fixtures.Resource) bool, what string) fixtures.Resource {
	for _, r := range fixtures.Catalogue() {
		if has(r) {
			return r
		}
	}
	panic("mutants: no resource of the catalogue has " + what)
}

// ownRecordMadeAnyway remembers the users that refused creates of owned's records named, and
// shows each of them one more record in its own list from then on.
func ownRecordMadeAnyway(owned fixtures.Resource) func(http.Handler) http.Handler {
	by := owned.Owned.By
	return func(h http.Handler) http.Handler {
		var mu sync.Mutex
		made := map[string]bool{} // user ids, as a URL shows them
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if resource(r) != owned.Plural || !isCollection(r) {
				h.ServeHTTP(w, r)
				return
			}
			if r.Method == http.MethodPost {
				attrs, _ := decodeObject(bufferBody(r))[owned.Singular].(map[string]any)
				rp := capture(h, r)
				if !rp.isSuccess() && attrs[by] != nil {
					mu.Lock()
					made[renderID(attrs[by])] = true
					mu.Unlock()
				}
				rp.write(w)
				return
			}
			rp := capture(h, r)
			body := rp.object()
			if list, ok := body[owned.Plural].([]any); ok && rp.isSuccess() && len(list) > 0 {
				first, _ := list[0].(map[string]any)
				mu.Lock()
				extra := made[renderID(first[by])]
				mu.Unlock()
				if extra {
					body[owned.Plural] = append(list, map[string]any{by: first[by],
						owned.Owned.Credential: strings.Repeat("n", 43), "expires": "2099-01-01 00:00:00"})
					rp.setObject(body)
				}
			}
			rp.write(w)
		})
	}
}
