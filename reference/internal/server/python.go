package server

import (
	"math"
	"net/url"
	"strings"
)

// Helpers that read a request the way Mage's Python does, for the compat deviations.

// pyType is the Python type name of a decoded JSON value, as Mage's exceptions name it.
func pyType(v any) string {
	switch x := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case float64:
		if x == math.Trunc(x) {
			return "int"
		}
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	}
	return "dict"
}

// parseForm reads an application/x-www-form-urlencoded body as Tornado does: fields split on
// "&", a field without "=" has an empty value, "+" is a space, and each name holds the list of
// its values.
func parseForm(raw []byte) map[string]any {
	out := map[string]any{}
	for _, field := range strings.Split(string(raw), "&") {
		if field == "" {
			continue
		}
		name, value, _ := strings.Cut(field, "=")
		name, value = unquotePlus(name), unquotePlus(value)
		list, _ := out[name].([]any)
		out[name] = append(list, value)
	}
	return out
}

// lenientQuery reads a query string as Tornado does: split on "&" only, a malformed escape
// kept as it is, so no query string is refused (compat.LenientQuery).
func lenientQuery(raw string) url.Values {
	out := url.Values{}
	for _, field := range strings.Split(raw, "&") {
		if field == "" {
			continue
		}
		name, value, _ := strings.Cut(field, "=")
		out[unquotePlus(name)] = append(out[unquotePlus(name)], unquotePlus(value))
	}
	return out
}

// unquotePlus is Python's unquote_plus: "+" is a space, and an escape that is not two hex
// digits is kept as it is.
func unquotePlus(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
