package diff

import (
	"fmt"
	"mime"
	"slices"
	"sort"
	"strings"
)

// Kinds of difference.
const (
	KindNoAnswer    = "no-answer"    // one side gave no HTTP answer
	KindHTTPStatus  = "http-status"  // the HTTP status code
	KindContentType = "content-type" // the media type of the answer
	KindEnvelope    = "envelope"     // success, error, or another body
	KindBodyStatus  = "body-status"  // the body's top-level status
	KindErrorCode   = "error-code"   // error.code
	KindErrorType   = "error-type"   // error.type
	KindKeyMissing  = "key-missing"  // a key the baseline has and the target lacks
	KindKeyExtra    = "key-extra"    // a key the target has and the baseline lacks
	KindValueType   = "value-type"   // the JSON type of a value
	KindListLength  = "list-length"  // how many items a list holds
	KindMetadata    = "metadata"     // a value of the body's metadata (count, next, ...)
	KindDivergence  = "divergence"   // the scenario took another path (see Compare)
)

// absent stands for a value or key one side does not have.
const absent = "(absent)"

// Finding is one difference of one exchange pair: its kind, where in the answer (a key path
// such as "users[].email"; "" for the exchange as a whole) and each side's value.
type Finding struct {
	Kind     string `json:"kind"`
	Where    string `json:"where,omitempty"`
	Baseline string `json:"baseline"`
	Target   string `json:"target"`
}

// compareExchange compares one pair of answers to the same request. Message texts, ids,
// tokens, timestamps and generated values are never compared: only what the kinds name.
func compareExchange(b, t Exchange, bRun, tRun *Run, resource string) []Finding {
	var out []Finding
	add := func(kind, where, bv, tv string) {
		if bv != tv {
			out = append(out, Finding{Kind: kind, Where: where, Baseline: bv, Target: tv})
		}
	}
	if b.Err != "" || t.Err != "" {
		add(KindNoAnswer, "", answered(b), answered(t))
		return out
	}
	add(KindHTTPStatus, "", fmt.Sprint(b.Status), fmt.Sprint(t.Status))
	add(KindContentType, "", mediaType(b), mediaType(t))
	bv, bok := decode(b.RespBody)
	tv, tok := decode(t.RespBody)
	whole := wholeList(b)
	bv, tv = bRun.view(bv, resource, whole), tRun.view(tv, resource, whole)
	bk, tk := envelopeOf(bv, bok), envelopeOf(tv, tok)
	if bk != tk {
		add(KindEnvelope, "", bk, tk)
		return out // two kinds of body: their keys say nothing more
	}
	bo, isObj := bv.(map[string]any)
	to, _ := tv.(map[string]any)
	if isObj {
		add(KindBodyStatus, "status", scalar(bo, "status"), scalar(to, "status"))
		be, _ := bo["error"].(map[string]any)
		te, _ := to["error"].(map[string]any)
		if be != nil && te != nil {
			add(KindErrorCode, "error.code", scalar(be, "code"), scalar(te, "code"))
			add(KindErrorType, "error.type", scalar(be, "type"), scalar(te, "type"))
		}
		bm, _ := bo["metadata"].(map[string]any)
		tm, _ := to["metadata"].(map[string]any)
		for _, k := range sortedKeys(bm) {
			if tmv, ok := tm[k]; ok {
				add(KindMetadata, "metadata."+k, compact(bm[k]), compact(tmv))
			}
		}
	}
	if bok && tok {
		shifted := pagesShift(b, bRun, tRun, resource)
		for _, f := range compareShapes(shapeOf(bv), shapeOf(tv), "", true) {
			if !comparedByValue[f.Where] && !(shifted && pageLength(f, resource)) {
				out = append(out, f)
			}
		}
	}
	if pagesShift(b, bRun, tRun, resource) {
		out = slices.DeleteFunc(out, func(f Finding) bool { return f.Where == "metadata.results" })
	}
	return out
}

// pagesShift reports a page of a list that holds a record only one server has (set aside):
// where that record sorts moves the others from page to page, so the pages' lengths say
// nothing about behaviour; the list's count, without it, is still compared.
func pagesShift(e Exchange, a, b *Run, resource string) bool {
	_, query, _ := strings.Cut(e.URL, "?")
	paged := strings.Contains("&"+query, "&_limit=") || strings.Contains("&"+query, "&_offset=")
	return paged && (len(a.aside[resource]) > 0 || len(b.aside[resource]) > 0)
}

// pageLength is a finding about how many items the page, or a list inside its items, holds.
func pageLength(f Finding, resource string) bool {
	return f.Kind == KindListLength && (f.Where == resource || strings.HasPrefix(f.Where, resource+"[]"))
}

// comparedByValue are the places whose values are compared (absent included), so their keys
// and types are not listed a second time.
var comparedByValue = map[string]bool{"status": true, "error.code": true, "error.type": true}

// messageTexts are texts for people (a stack trace, in Mage's code-500 body, is a list of
// lines): their presence and type are compared, never what or how long they are.
var messageTexts = map[string]bool{"error.message": true, "error.errors": true, "error.exception": true}

// compareShapes walks two shapes: keys on one side only, types, and list lengths. Lengths of
// lists inside list items are compared only while the outer lists are as long on both sides
// (lengths: otherwise the outer difference is the one to read).
func compareShapes(b, t *shape, path string, lengths bool) []Finding {
	var out []Finding
	if bt, tt := b.typeNames(), t.typeNames(); bt != tt {
		out = append(out, Finding{Kind: KindValueType, Where: path, Baseline: bt, Target: tt})
	}
	if messageTexts[path] {
		return out
	}
	if b.fields != nil && t.fields != nil {
		keys := map[string]bool{}
		for k := range b.fields {
			keys[k] = true
		}
		for k := range t.fields {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			bf, tf := b.fields[k], t.fields[k]
			switch {
			case tf == nil:
				out = append(out, Finding{Kind: KindKeyMissing, Where: join(path, k), Baseline: bf.typeNames(), Target: absent})
			case bf == nil:
				out = append(out, Finding{Kind: KindKeyExtra, Where: join(path, k), Baseline: absent, Target: tf.typeNames()})
			default:
				out = append(out, compareShapes(bf, tf, join(path, k), lengths)...)
			}
		}
	}
	if b.lens != nil && t.lens != nil {
		bl, tl := b.lengths(), t.lengths()
		if lengths && bl != tl {
			out = append(out, Finding{Kind: KindListLength, Where: path, Baseline: bl, Target: tl})
		}
		// Items are compared only when both lists have some: an empty list has no item shape.
		if b.elem != nil && t.elem != nil {
			out = append(out, compareShapes(b.elem, t.elem, path+"[]", lengths && bl == tl)...)
		}
	}
	return out
}

// envelopeOf classifies a body: Mage answers with a success envelope (an object without
// "error") or an error envelope; anything else is other.
func envelopeOf(v any, ok bool) string {
	if !ok {
		return "not JSON"
	}
	obj, isObj := v.(map[string]any)
	switch {
	case !isObj:
		return "JSON " + jsonType(v)
	case obj["error"] != nil:
		return "error"
	}
	return "success"
}

func answered(e Exchange) string {
	if e.Err != "" {
		return "no answer"
	}
	return fmt.Sprintf("HTTP %d", e.Status)
}

func mediaType(e Exchange) string {
	for name, values := range e.RespHeader {
		if strings.EqualFold(name, "Content-Type") && len(values) > 0 {
			if mt, _, err := mime.ParseMediaType(values[0]); err == nil {
				return mt
			}
			return values[0]
		}
	}
	return absent
}

// scalar is a key's value as JSON text, or absent.
func scalar(obj map[string]any, key string) string {
	v, ok := obj[key]
	if !ok {
		return absent
	}
	return compact(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
