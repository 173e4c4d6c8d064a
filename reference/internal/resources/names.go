package resources

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// MaxNameBytes bounds a name: percent-encoded, the longest fits a request line many times over.
const MaxNameBytes = 255

// nameUse says how a name is used, which decides what it may hold.
type nameUse int

const (
	nameShown nameUse = iota // shown and looked up in bodies only (pipelines, schedules, usernames)
	namePK                   // also the record's pk, one segment of its URL (secrets)
)

// checkName refuses a name that could not be addressed or shown safely afterwards: one with
// a control character (NUL and line breaks included) or invalid UTF-8, one over MaxNameBytes,
// and for a pk "." and ".." (which a path cannot hold as a segment) and any "/". Every other
// name can be read, updated and deleted through its URL, escaped as url.PathEscape does.
// Mage stores any name (compat.NamesUnchecked).
func checkName(op *api.Op, attr, name string, use nameUse) error {
	if op.Env.Compat.Has(compat.NamesUnchecked) {
		return nil
	}
	reason := ""
	switch {
	case !utf8.ValidString(name):
		reason = "is not valid UTF-8"
	case len(name) > MaxNameBytes:
		reason = "is longer than 255 bytes"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		reason = "holds a control character"
	case use == namePK && (name == "." || name == ".."):
		reason = "is . or .., which no URL can address"
	case use == namePK && strings.Contains(name, "/"):
		reason = "holds a /, which no URL segment can"
	default:
		return nil
	}
	return apierr.Invalid("The " + attr + " " + reason + ".").WithErrors(map[string]any{"attribute": attr, "error": reason})
}

// checkNames applies checkName to those of attrs that are present and are strings.
func checkNames(op *api.Op, use nameUse, attrs ...string) error {
	for _, attr := range attrs {
		var name string
		switch v := op.Attrs[attr].(type) {
		case string:
			name = v
		case *string:
			if v == nil {
				continue
			}
			name = *v
		default:
			continue
		}
		if err := checkName(op, attr, name, use); err != nil {
			return err
		}
	}
	return nil
}
