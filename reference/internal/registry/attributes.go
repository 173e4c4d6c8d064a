package registry

import (
	"fmt"
	"maps"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
)

// mustFollowAttributes panics unless the policy's write allow-lists and the presenter's formats
// are the ones the resource's declared attributes give, and every attribute Mage's formats
// (Presenter.InMage) show is declared and not sensitive: an attribute is declared once, in
// the resource's <plural>_attributes.go, and everything else reads it there.
func mustFollowAttributes(res *api.Resource) {
	attrs := res.Attributes
	for _, action := range []api.Action{api.ActionList, api.ActionDetail, api.ActionCreate, api.ActionUpdate, api.ActionDelete} {
		var written map[string]api.Condition
		if p := res.Policy[action]; p != nil {
			written = p.Write
		}
		if got, want := sortedKeys(written), sortedKeys(attrs.Writes(action)); !slices.Equal(got, want) {
			panic(fmt.Sprintf("registry: %s policy lets non-owners write %v on %s, its attributes declare %v",
				res.Plural, got, action, want))
		}
	}
	declared := attrs.Formats()
	for name, keys := range res.Presenter.Formats {
		if got, want := sorted(keys), sorted(declared[name]); !slices.Equal(got, want) {
			panic(fmt.Sprintf("registry: %s format %s shows %v, its attributes declare %v", res.Plural, name, got, want))
		}
	}
	for name := range declared {
		if _, ok := res.Presenter.Formats[name]; !ok {
			panic(fmt.Sprintf("registry: %s presenter lacks the declared format %s", res.Plural, name))
		}
	}
	for id, formats := range res.Presenter.InMage {
		for name, keys := range formats {
			for _, k := range keys {
				if a, ok := attrs.Declared(k); !ok || a.Sensitive {
					panic(fmt.Sprintf("registry: %s format %s (%s) shows %s, which is sensitive or not declared",
						res.Plural, name, id, k))
				}
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func sorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}
