package suites

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness"
)

// The catalogue is an interface to the report, the CLI and docs/rules.md: ids must be unique
// and well formed, and every sentence must say how binding it is.
func TestCatalogueIsWellFormed(t *testing.T) {
	id := regexp.MustCompile(`^B(10|[1-9])\.[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range Catalogue() {
		if !id.MatchString(r.ID) || !strings.HasPrefix(r.ID, r.Section+".") {
			t.Errorf("%q: id must be <section>.<name> with section %q", r.ID, r.Section)
		}
		if seen[r.ID] {
			t.Errorf("%q listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Level != harness.MUST && r.Level != harness.SHOULD {
			t.Errorf("%q: level %q", r.ID, r.Level)
		}
		if !strings.Contains(r.Text, string(r.Level)) || !strings.HasSuffix(r.Text, ".") {
			t.Errorf("%q: the sentence must use %s and end with a full stop: %q", r.ID, r.Level, r.Text)
		}
	}
	for _, swept := range SweptRules() {
		if !seen[swept] {
			t.Errorf("swept rule %q is not in the catalogue", swept)
		}
	}
}
