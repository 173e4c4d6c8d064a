package mutants

import (
	"net/http"

	"github.com/mageconform/mageconform/fixtures"
)

// Faults in records that link to each other within their parent (B4 links), on the first
// resource of the catalogue whose records do (a pipeline's blocks).
func linkMutants() []Mutant {
	res := linked()
	links := res.Links
	labels := "resource:" + res.Plural + " && (" + ruleLabels("B4.linked-symmetric", "B4.linked-in-parent", "B4.linked-delete-refused", "B4.linked-delete-typed") + ")"
	deleteOf := func(r *http.Request) bool {
		return r.Method == http.MethodDelete && resource(r) == res.Plural && isMember(r)
	}
	return []Mutant{
		{
			Name:   "links-one-sided",
			Fault:  "A " + res.Singular + " never shows its " + links.Down + ", on its own or in its " + singular(res.Parent.Resource) + "'s detail.",
			Breaks: []string{"B4.linked-symmetric", "B4.linked-in-parent"},
			Labels: labels,
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				hide := func(v any) {
					if obj, ok := v.(map[string]any); ok {
						obj[links.Down] = []any{}
					}
				}
				switch resource(r) {
				case res.Plural:
					hide(body[res.Singular])
					for _, item := range asList(body[res.Plural]) {
						hide(item)
					}
				case res.Parent.Resource:
					if parent, ok := body[singular(res.Parent.Resource)].(map[string]any); ok {
						for _, item := range asList(parent[links.InParent]) {
							hide(item)
						}
					}
				}
			}),
		},
		{
			Name:   "linked-delete-forced",
			Fault:  "Deleting a " + res.Singular + " others depend on succeeds (as with force=true), rewiring them.",
			Breaks: []string{"B4.linked-delete-refused"},
			Labels: labels,
			Wrap: alter(func(r *http.Request) {
				if deleteOf(r) {
					q := r.URL.Query()
					q.Set("force", "true")
					r.URL.RawQuery = q.Encode()
				}
			}),
		},
		{
			// What Mage does (HasDownstreamDependencies).
			Name:   "linked-delete-500",
			Fault:  "Deleting a " + res.Singular + " others depend on gives Mage's code-500 body.",
			Breaks: []string{"B4.linked-delete-typed"},
			Labels: labels,
			Wrap: rewrite(deleteOf, func(r *http.Request, rp *reply) {
				if rp.errorType() == "record_invalid" {
					*rp = *mageServerError(r, "HasDownstreamDependencies: other blocks depend on it")
				}
			}),
		},
	}
}

// linked is the first resource of the catalogue whose records link to each other.
func linked() fixtures.Resource {
	for _, r := range fixtures.All() {
		if r.Links != nil {
			return r
		}
	}
	panic("mutants: no resource of the catalogue has linked records")
}

func asList(v any) []any {
	list, _ := v.([]any)
	return list
}
