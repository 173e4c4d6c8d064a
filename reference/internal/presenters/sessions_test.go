package presenters

import (
	"testing"

	"github.com/mageconform/mageconform/reference/internal/resources"
)

// The session's user block is a nested object with its own list, outside the formats the
// registry checks: each of its attributes must be a user's, and none sensitive.
func TestTheSessionUserBlockShowsDeclaredUserAttributes(t *testing.T) {
	for _, name := range sessionUserAttributes {
		if a, ok := resources.UserAttributes.Declared(name); !ok || a.Sensitive || len(a.Shown) == 0 {
			t.Errorf("the session's user block shows %s, which users do not show", name)
		}
	}
}
