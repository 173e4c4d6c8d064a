package mutants

import (
	"net/http"
	"net/url"
	"path"
	"sync"

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
			Name:   "unlink-one-sided",
			Fault:  "An update that removes a " + res.Singular + "'s " + links.Up + " leaves it in the former upstream one's " + links.Down + ".",
			Breaks: []string{"B4.linked-symmetric"},
			Labels: labels,
			Wrap:   unlinkOneSided(res),
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

// unlinkOneSided remembers, for each update of res that empties its Up links, which records
// were upstream of it before, and adds it back to their Down links whenever they are read.
func unlinkOneSided(res fixtures.Resource) func(http.Handler) http.Handler {
	links := res.Links
	return func(h http.Handler) http.Handler {
		var mu sync.Mutex
		ghosts := map[string][]any{} // an upstream record's path: the records it lost
		member := func(r *http.Request) bool { return resource(r) == res.Plural && isMember(r) }
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodPut && member(r):
				attrs, _ := decodeObject(bufferBody(r))[res.Singular].(map[string]any)
				if up, ok := attrs[links.Up].([]any); !ok || len(up) > 0 {
					h.ServeHTTP(w, r)
					return
				}
				read := r.Clone(r.Context())
				read.Method = http.MethodGet
				setBody(read, nil)
				before, _ := capture(h, read).object()[res.Singular].(map[string]any)
				rp := capture(h, r)
				if rp.isSuccess() {
					self, _ := url.PathUnescape(path.Base(r.URL.Path))
					mu.Lock()
					for _, u := range asList(before[links.Up]) {
						at := path.Join(path.Dir(r.URL.Path), url.PathEscape(renderID(u)))
						ghosts[at] = append(ghosts[at], self)
					}
					mu.Unlock()
				}
				rp.write(w)
			case r.Method == http.MethodGet && member(r):
				rp := capture(h, r)
				mu.Lock()
				lost := ghosts[r.URL.Path]
				mu.Unlock()
				if body := rp.object(); rp.isSuccess() && len(lost) > 0 {
					if obj, ok := body[res.Singular].(map[string]any); ok {
						obj[links.Down] = append(asList(obj[links.Down]), lost...)
						rp.setObject(body)
					}
				}
				rp.write(w)
			default:
				h.ServeHTTP(w, r)
			}
		})
	}
}
