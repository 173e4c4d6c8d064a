package mutants

import (
	"fmt"
	"net/http"
	"slices"
	"sync"

	"github.com/mageconform/mageconform/fixtures"
)

// Faults in records nested under a parent (B4): a parent in a route that is not the record's
// own is ignored, and a deleted record lingers in its parent's list.
func nestedMutants() []Mutant {
	addressed, listedBoth := nestedTopLevel()
	return []Mutant{
		{
			// What Mage does for a schedule under another pipeline.
			Name:   "foreign-parent-ignored",
			Fault:  "A record asked for under a parent it does not belong to is answered as if asked at the top level.",
			Breaks: []string{"B4.foreign-parent", "B4.foreign-parent-intended"},
			Labels: ruleLabels("B4.foreign-parent", "B4.foreign-parent-intended"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if s := segments(r); r.Method == http.MethodGet && len(s) == 4 && addressed[s[2]] {
						r = r.Clone(r.Context())
						r.URL.Path = "/api/" + s[2] + "/" + s[3]
						r.URL.RawPath = ""
					}
					h.ServeHTTP(w, r)
				})
			},
		},
		{
			Name:   "delete-leaves-nested",
			Fault:  "A deleted record stays in its parent's list (the top-level list drops it).",
			Breaks: []string{"B4.delete"},
			Labels: lifecycle(listedBoth...),
			Wrap:   deletedStaysNested(listedBoth),
		},
	}
}

// nestedTopLevel derives from the catalogue the resources that hang under a parent but are
// addressed at the top level (/api/{plural}/{pk}), and those of them listed both at the top
// level and under their parent.
func nestedTopLevel() (addressed map[string]bool, listedBoth []string) {
	addressed = map[string]bool{}
	for _, r := range fixtures.All() {
		if r.Parent == nil || r.NestedMembers() {
			continue
		}
		addressed[r.Plural] = true
		if r.NestedToo(fixtures.List) && !r.NestedOnly(fixtures.List) {
			listedBoth = append(listedBoth, r.Plural)
		}
	}
	return addressed, listedBoth
}

// deletedStaysNested remembers the records deleted at the top level (with the delete's answer)
// and puts each back into the first page of its parent's list.
func deletedStaysNested(resources []string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		var mu sync.Mutex
		deleted := map[string][]map[string]any{} // by resource
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s := segments(r)
			if len(s) == 0 || !slices.Contains(resources, resource(r)) {
				h.ServeHTTP(w, r)
				return
			}
			rp := capture(h, r)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.Method == http.MethodDelete && len(s) == 2 && rp.isSuccess():
				if obj, ok := rp.object()[singular(s[0])].(map[string]any); ok {
					deleted[s[0]] = append(deleted[s[0]], obj)
				}
			case r.Method == http.MethodGet && len(s) == 3 && firstPage(r) && rp.isSuccess():
				res, _ := fixtures.ByName(s[2])
				body := rp.object()
				items, _ := body[s[2]].([]any)
				for _, obj := range deleted[s[2]] {
					if fmt.Sprint(obj[res.Parent.Attribute]) == s[1] {
						items = append(items, obj)
					}
				}
				body[s[2]] = items
				rp.setObject(body)
			}
			rp.write(w)
		})
	}
}

// firstPage: the request asks for a list's first page.
func firstPage(r *http.Request) bool {
	o := r.URL.Query().Get("_offset")
	return o == "" || o == "0"
}
