package server

import (
	"net/url"
	"reflect"
	"testing"
)

// The Python readings behind the form, body and query deviations, checked against what
// Tornado and Python give for the same input.
func TestReadsLikePython(t *testing.T) {
	for v, want := range map[any]string{nil: "NoneType", true: "bool", 3.0: "int", 1.5: "float", "s": "str"} {
		if got := pyType(v); got != want {
			t.Errorf("pyType(%#v) = %q, want %q", v, got, want)
		}
	}
	if got := pyType([]any{}); got != "list" {
		t.Errorf("pyType(list) = %q", got)
	}
	// parse_qs(keep_blank_values=True): a JSON text is one field with an empty value.
	if got := parseForm([]byte(`{"user": {"a": 1}}`)); !reflect.DeepEqual(got, map[string]any{`{"user": {"a": 1}}`: []any{""}}) {
		t.Errorf("JSON as a form: %#v", got)
	}
	if got := parseForm([]byte("user=a+b&user=%41&&x")); !reflect.DeepEqual(got, map[string]any{"user": []any{"a b", "A"}, "x": []any{""}}) {
		t.Errorf("form fields: %#v", got)
	}
	for in, want := range map[string]string{"%zz": "%zz", "a%2": "a%2", "%41%42": "AB", "a+b": "a b", "%e2%82%ac": "€"} {
		if got := unquotePlus(in); got != want {
			t.Errorf("unquotePlus(%q) = %q, want %q", in, got, want)
		}
	}
	if got := lenientQuery("a=%zz;b&_limit=1&_limit=2"); !reflect.DeepEqual(got, url.Values{"a": {"%zz;b"}, "_limit": {"1", "2"}}) {
		t.Errorf("lenientQuery: %#v", got)
	}
}
