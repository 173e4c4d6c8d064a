package harness

import (
	"strings"
	"testing"
)

func TestScanJSONPathsAndRanges(t *testing.T) {
	body := `{ "a" : [ {"b": [1, {"token" : "x\"y"}]}, true ],
	  "c": {"password": null, "n": 2.5}, "e": {}, "f": [] }`
	scalars, keys, ok := scanJSON([]byte(body))
	if !ok {
		t.Fatal("valid JSON rejected")
	}
	got := map[string]string{}
	for _, s := range scalars {
		got[s.Path] = body[s.Start:s.End] + " key=" + s.Key
	}
	want := map[string]string{
		"a[0].b[0]":       "1 key=b",
		"a[0].b[1].token": `"x\"y" key=token`,
		"a[1]":            "true key=a",
		"c.password":      "null key=password",
		"c.n":             "2.5 key=n",
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("%s: got %q, want %q", path, got[path], w)
		}
	}
	if len(scalars) != len(want) {
		t.Errorf("scalars: %v", got)
	}
	var names []string
	for _, k := range keys {
		names = append(names, k.Path)
	}
	if strings.Join(names, ",") != "a,a[0].b,a[0].b[1].token,c,c.password,c.n,e,f" {
		t.Errorf("keys in order: %v", names)
	}
	for _, bad := range []string{``, `{`, `{"a":1}{"b":2}`, `{"a":1} x`, `<html>`, `{"a":}`} {
		if _, _, ok := scanJSON([]byte(bad)); ok {
			t.Errorf("%q accepted as one JSON value", bad)
		}
	}
	if s, _, ok := scanJSON([]byte(` "top" `)); !ok || len(s) != 1 || s[0].Value != "top" {
		t.Errorf("top-level scalar: %v %v", s, ok)
	}
}

func TestBodyRedactionKeepsTheRestByteForByte(t *testing.T) {
	freshSecrets(t)
	RememberSecret("admin", VarPassword)
	body := "{\n  \"session\": {\"email\": \"admin@admin.com\", \"password\": \"admin\"},\n  \"api_key\" : \"other\", \"n\": 1\n}"
	got := redactedText(bodyPieces([]byte(body)))
	want := "{\n  \"session\": {\"email\": \"admin@admin.com\", \"password\": \"<redacted:CONFORMANCE_PASSWORD>\"},\n  \"api_key\" : \"<redacted>\", \"n\": 1\n}"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
