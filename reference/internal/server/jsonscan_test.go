package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func depthOf(v any) int {
	deepest := 0
	switch x := v.(type) {
	case map[string]any:
		for _, item := range x {
			deepest = max(deepest, depthOf(item))
		}
	case []any:
		for _, item := range x {
			deepest = max(deepest, depthOf(item))
		}
	default:
		return 0
	}
	return deepest + 1
}

// replaced reports whether a decoded value holds U+FFFD, the character encoding/json puts
// where the text was not UTF-8 or had an unpaired surrogate.
func replaced(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, utf8.RuneError)
	case map[string]any:
		for k, item := range x {
			if replaced(k) || replaced(item) {
				return true
			}
		}
	case []any:
		for _, item := range x {
			if replaced(item) {
				return true
			}
		}
	}
	return false
}

func TestScanJSON(t *testing.T) {
	for raw, want := range map[string]error{
		`{"a": [1, {"b": "c"}]}`: nil, `"\ud83d\ude00"`: nil, `"\\ud800"`: nil, `"[[[["`: nil,
		`[[[[1]]]]`: errTooDeep, "\"\xff\"": errNotUTF8, `"\ud800"`: errSurrogate, `"\udc00\ud800"`: errSurrogate,
		`"\ud800\u0041"`: errSurrogate, `"\ud800`: errSurrogate, `{"k\uDFFF": 1}`: errSurrogate,
	} {
		if got := scanJSON([]byte(raw), 3); !errors.Is(got, want) && got != want {
			t.Errorf("scanJSON(%s) = %v, want %v", raw, got, want)
		}
	}
}

// FuzzScanJSON: what scanJSON lets through decodes without replacement characters it did not
// hold and nests at most the limit; what it refuses as too deep is deeper.
func FuzzScanJSON(f *testing.F) {
	for _, seed := range []string{`{"pipeline": {"name": "x"}}`, `[[[[[[1]]]]]]`, `"\ud800"`, "\"\xff\"", `"\\u"`,
		`{"a": "\u00e9\ud83d\ude00"}`, `{"\ufffd": 1}`, `[` + strings.Repeat(`{"a":[`, 20)} {
		f.Add([]byte(seed), uint8(4))
	}
	f.Fuzz(func(t *testing.T, raw []byte, limit uint8) {
		maxDepth := int(limit%40) + 1
		err := scanJSON(raw, maxDepth)
		if !utf8.Valid(raw) {
			if !errors.Is(err, errNotUTF8) {
				t.Fatalf("%q is not UTF-8, scanJSON says %v", raw, err)
			}
			return
		}
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return // json.Unmarshal refuses it anyway
		}
		depth := depthOf(v)
		held := bytes.ContainsRune(raw, utf8.RuneError) || bytes.Contains(bytes.ToLower(raw), []byte(`\ufffd`))
		switch {
		case err == nil && depth > maxDepth:
			t.Fatalf("%q nests %d > %d and passed", raw, depth, maxDepth)
		case err == nil && replaced(v) && !held:
			t.Fatalf("%q passed and decoded with a replacement character", raw)
		case errors.Is(err, errTooDeep) && depth <= maxDepth:
			t.Fatalf("%q nests %d <= %d and was refused as too deep", raw, depth, maxDepth)
		case errors.Is(err, errSurrogate) && !replaced(v):
			t.Fatalf("%q was refused for a surrogate that decodes fine", raw)
		}
	})
}

// FuzzUnquotePlus: Python's unquote_plus, as the Mage mode reads query strings and forms, never
// panics and agrees with Go's unescaping wherever the text is a valid query escape.
func FuzzUnquotePlus(f *testing.F) {
	for _, seed := range []string{"a+b", "%41%zz", "%", "%4", "a%2Fb", "%e2%82%ac", "a=b&c", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := unquotePlus(s)
		if want, err := queryUnescape(s); err == nil && got != want {
			t.Fatalf("unquotePlus(%q) = %q, Go unescapes %q", s, got, want)
		}
		_ = lenientQuery(s)
		_ = parseForm([]byte(s))
	})
}

func queryUnescape(s string) (string, error) { return url.QueryUnescape(s) }
