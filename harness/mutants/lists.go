package mutants

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Faults in list paging (B8).
func listMutants() []Mutant {
	return []Mutant{
		{
			Name:   "limit-capped-100",
			Fault:  "`_limit` is capped at 100 without a word.",
			Breaks: []string{"B8.beyond-cap"},
			Labels: ruleLabels("B8.beyond-cap"),
			Wrap: alter(func(r *http.Request) {
				q := r.URL.Query()
				if n, err := strconv.Atoi(q.Get("_limit")); err == nil && n > 100 {
					q.Set("_limit", "100")
					r.URL.RawQuery = q.Encode()
				}
			}),
		},
		{
			Name:   "limit-ignored",
			Fault:  "`_limit` is ignored.",
			Breaks: []string{"B8.paging"},
			Labels: ruleLabels("B8.paging"),
			Wrap:   alter(func(r *http.Request) { dropQuery(r, "_limit") }),
		},
		{
			Name:   "offset-ignored",
			Fault:  "`_offset` is ignored.",
			Breaks: []string{"B8.paging"},
			Labels: ruleLabels("B8.paging"),
			Wrap:   alter(func(r *http.Request) { dropQuery(r, "_offset") }),
		},
		{
			Name:   "offset-beyond-end-clamped",
			Fault:  "An `_offset` past the end gives the last record instead of an empty page.",
			Breaks: []string{"B8.offset-beyond-end"},
			Labels: ruleLabels("B8.offset-beyond-end"),
			Wrap:   offsetBeyondEndClamped,
		},
		{
			Name:   "no-default-page",
			Fault:  "Lists without `_limit` return every record (no default page size).",
			Breaks: []string{"B8.default-page"},
			Labels: ruleLabels("B8.default-page"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					q := r.URL.Query()
					if r.Method != http.MethodGet || !isCollection(r) || q.Has("_limit") {
						h.ServeHTTP(w, r)
						return
					}
					r = r.Clone(r.Context())
					q.Set("_limit", "1000000")
					r.URL.RawQuery = q.Encode()
					rp := capture(h, r)
					if body := rp.object(); body != nil {
						if meta, ok := body["metadata"].(map[string]any); ok {
							delete(meta, "results")
						}
						rp.setObject(body)
					}
					rp.write(w)
				})
			},
		},
		{
			Name:   "count-off-by-one",
			Fault:  "`metadata.count` is one more than the total.",
			Breaks: []string{"B8.count"},
			Labels: ruleLabels("B8.count"),
			Wrap: editListMetadata(func(meta map[string]any) {
				if c, ok := meta["count"].(json.Number); ok {
					if n, err := c.Int64(); err == nil {
						meta["count"] = n + 1
					}
				}
			}),
		},
		{
			Name:   "next-always-false",
			Fault:  "`metadata.next` is always false.",
			Breaks: []string{"B8.next"},
			Labels: ruleLabels("B8.next"),
			Wrap: editListMetadata(func(meta map[string]any) {
				if _, ok := meta["next"]; ok {
					meta["next"] = false
				}
			}),
		},
	}
}

func editListMetadata(edit func(meta map[string]any)) func(http.Handler) http.Handler {
	return editSuccess(func(r *http.Request, body map[string]any) {
		if meta, ok := body["metadata"].(map[string]any); ok && r.Method == http.MethodGet && isCollection(r) {
			edit(meta)
		}
	})
}

func offsetBeyondEndClamped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !isCollection(r) || !r.URL.Query().Has("_offset") {
			h.ServeHTTP(w, r)
			return
		}
		rp := capture(h, r)
		body := rp.object()
		items, _ := body[resource(r)].([]any)
		meta, _ := body["metadata"].(map[string]any)
		count, _ := meta["count"].(json.Number)
		if n, err := count.Int64(); err == nil && n > 0 && len(items) == 0 && rp.isSuccess() {
			last := r.Clone(r.Context())
			q := last.URL.Query()
			q.Set("_offset", strconv.FormatInt(n-1, 10))
			last.URL.RawQuery = q.Encode()
			rp = capture(h, last)
		}
		rp.write(w)
	})
}
