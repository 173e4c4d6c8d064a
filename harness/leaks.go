package harness

import (
	"bytes"
	"regexp"
	"strings"
)

// ForbiddenKeys are attribute names no response may carry (A7).
var ForbiddenKeys = []string{"password", "password_hash", "password_salt", "password_confirmation", "password_current"}

// SensitiveLeaks returns where a body carries a forbidden key (ForbiddenKeys or an extra) or a
// forbidden value (an extra appearing inside any string, e.g. a secret's value). Non-JSON bodies
// are searched for the extras as plain text.
func SensitiveLeaks(body []byte, extraForbidden ...string) []string {
	scalars, keys, ok := scanJSON(body)
	if !ok {
		return textLeaks(body, extraForbidden)
	}
	forbidden := map[string]bool{}
	for _, k := range ForbiddenKeys {
		forbidden[k] = true
	}
	for _, x := range extraForbidden {
		if x != "" {
			forbidden[strings.ToLower(x)] = true
		}
	}
	var out []string
	for _, k := range keys {
		if forbidden[strings.ToLower(k.Key)] {
			out = append(out, displayPath(k.Path))
		}
	}
	for _, s := range scalars {
		str, isString := s.Value.(string)
		if !isString {
			continue
		}
		for _, x := range extraForbidden {
			if x != "" && strings.Contains(str, x) {
				out = append(out, displayPath(s.Path)+" (forbidden value)")
				break
			}
		}
	}
	return out
}

func displayPath(p string) string {
	if p == "" || strings.HasPrefix(p, "[") {
		return "$" + p
	}
	return "$." + p
}

// textLeaks judges a body that is not one JSON value (truncated, HTML, several documents): a
// forbidden key still shows as "name": and a forbidden value as its text.
func textLeaks(body []byte, extraForbidden []string) []string {
	var out []string
	lower := bytes.ToLower(body)
	for _, k := range ForbiddenKeys {
		if regexp.MustCompile(`"` + regexp.QuoteMeta(k) + `"\s*:`).Match(lower) {
			out = append(out, "(non-JSON body) key "+k)
		}
	}
	for _, x := range extraForbidden {
		if x != "" && bytes.Contains(body, []byte(x)) {
			out = append(out, "(non-JSON body) a forbidden value")
		}
	}
	return out
}
