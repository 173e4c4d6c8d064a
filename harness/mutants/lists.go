package mutants

import (
	"encoding/json"
	"net/http"
)

// Faults in list paging (B8).
func listMutants() []Mutant {
	return []Mutant{
		{
			Name:   "limit-ignored",
			Breaks: []string{"B8.paging"},
			Labels: ruleLabels("B8.paging"),
			Wrap:   alter(func(r *http.Request) { dropQuery(r, "_limit") }),
		},
		{
			Name:   "offset-ignored",
			Breaks: []string{"B8.paging"},
			Labels: ruleLabels("B8.paging"),
			Wrap:   alter(func(r *http.Request) { dropQuery(r, "_offset") }),
		},
		{
			Name:   "count-off-by-one",
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
