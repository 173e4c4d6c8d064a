// Package redact is the run's one memory of secrets and the one pass every text leaving the
// run goes through: the terminal, the transcripts and curl lines, failure messages, report
// entries and every report file.
//
// A Registry knows every secret the run holds or has seen (the configured API key and
// password, each session's token and JWT, the passwords and secret values the run wrote) under
// a stable shell-variable name, so a curl line can say "$TOKEN_2" and a transcript
// "<redacted:TOKEN_2>" for the same value. The process has one registry (Default), safe for
// concurrent use; with `ginkgo -p` every process has its own.
//
// String replaces, in any text, every known secret of MinLength characters or more, also
// where it appears escaped (URL query or path, JSON, HTML, XML, Go or shell quoting), and
// anything shaped like a JWT. Shorter secrets (Mage's default password "admin") are only
// redacted where secrets live, by the format-aware renderers of package harness: replacing
// "admin" everywhere would mangle "admin@admin.com" and make reports unreadable.
package redact

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// MinLength is the shortest secret that String replaces wherever it appears.
const MinLength = 6

// Secret is one known value and the shell variable that stands for it (without '$').
type Secret struct {
	Value string
	Name  string
}

// Registry is a set of secrets with stable names. The zero value is not usable: call New.
type Registry struct {
	mu      sync.Mutex
	entries []Secret
	byValue map[string]string
	names   map[string]bool
	cache   atomic.Pointer[compiled] // nil after a change, rebuilt on first use
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{byValue: map[string]string{}, names: map[string]bool{}}
}

var current atomic.Pointer[Registry]

// Default is the process-wide registry, created on first use.
func Default() *Registry {
	if r := current.Load(); r != nil {
		return r
	}
	current.CompareAndSwap(nil, New())
	return current.Load()
}

// Use makes r the process-wide registry and returns the previous one (for tests that need
// variable names from a clean slate; restore the previous one afterwards).
func Use(r *Registry) (previous *Registry) {
	return current.Swap(r)
}

// Remember registers value under a name derived from base (see Registry.Remember).
func Remember(value, base string) string { return Default().Remember(value, base) }

// Name is the variable name of a known secret.
func Name(value string) (string, bool) { return Default().Name(value) }

// Secrets lists the process-wide secrets in registration order.
func Secrets() []Secret { return Default().Secrets() }

// String redacts text with the process-wide registry (see Registry.String).
func String(text string) string { return Default().String(text) }

// Markup redacts HTML or XML text with the process-wide registry (see Registry.Markup).
func Markup(text string) string { return Default().Markup(text) }

// Error returns err with a redacted message (nil for nil); errors.Is and errors.As still reach
// what err wraps.
func Error(err error) error {
	if err == nil {
		return nil
	}
	var already *redactedError
	if errors.As(err, &already) && already == err {
		return err
	}
	return &redactedError{err: err}
}

type redactedError struct{ err error }

func (e *redactedError) Error() string { return String(e.err.Error()) }
func (e *redactedError) Unwrap() error { return e.err }

// shellName keeps a variable name to the characters a shell accepts.
var shellName = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// Remember registers value and returns its variable name. The first secret of a base gets the
// base itself (CONFORMANCE_API_KEY, TOKEN); later distinct values get the base without any
// CONFORMANCE_ prefix and a number (TOKEN_2, PASSWORD_3), so a variable exported to paste a
// curl line is never mistaken for a configuration key. A known value keeps its first name;
// an empty value is not registered and gets "".
func (r *Registry) Remember(value, base string) string {
	if value == "" {
		return ""
	}
	base = strings.Trim(shellName.ReplaceAllString(strings.ToUpper(base), "_"), "_")
	if base == "" {
		base = "SECRET"
	}
	if base[0] >= '0' && base[0] <= '9' {
		base = "S_" + base
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if name, ok := r.byValue[value]; ok {
		return name
	}
	name := base
	if r.names[name] {
		family := strings.TrimPrefix(base, "CONFORMANCE_")
		for n := 2; ; n++ {
			name = family + "_" + strconv.Itoa(n)
			if !r.names[name] {
				break
			}
		}
	}
	r.entries = append(r.entries, Secret{Value: value, Name: name})
	r.byValue[value] = name
	r.names[name] = true
	r.cache.Store(nil)
	return name
}

// Name is the variable name of a known secret.
func (r *Registry) Name(value string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name, ok := r.byValue[value]
	return name, ok
}

// Secrets lists the secrets in registration order.
func (r *Registry) Secrets() []Secret {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Secret(nil), r.entries...)
}

// JWT matches anything shaped like a JSON Web Token (header.payload.signature, base64url).
var JWT = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// String replaces every known secret (MinLength or longer, in any of its escaped forms) with
// <redacted:NAME> and every JWT-shaped text with <redacted>. Text that holds no secret comes
// back unchanged.
func (r *Registry) String(text string) string {
	if text == "" {
		return text
	}
	if c := r.compiled(); c.plain != nil {
		text = c.plain.Replace(text)
	}
	return JWT.ReplaceAllString(text, "<redacted>")
}

// Markup is String for HTML and XML text: the markers are escaped (&lt;redacted:NAME&gt;), so
// the document stays well formed.
func (r *Registry) Markup(text string) string {
	if text == "" {
		return text
	}
	if c := r.compiled(); c.markup != nil {
		text = c.markup.Replace(text)
	}
	return JWT.ReplaceAllString(text, "&lt;redacted&gt;")
}

// Part is a run of text: a known secret (Secret true, Name its variable) or ordinary text.
type Part struct {
	Text   string
	Secret bool
	Name   string
}

// Split cuts text at every known secret of MinLength or more (raw or escaped), leftmost and
// longest first. JWT shapes are not marked: the caller decides what an unknown one becomes.
func (r *Registry) Split(text string) []Part {
	c := r.compiled()
	if text == "" || c.marker == nil {
		return []Part{{Text: text}}
	}
	if strings.ContainsRune(text, markOpen) {
		return c.splitSlow(text)
	}
	marked := c.marker.Replace(text)
	if marked == text {
		return []Part{{Text: text}}
	}
	var out []Part
	for marked != "" {
		at := strings.IndexRune(marked, markOpen)
		if at < 0 {
			out = append(out, Part{Text: marked})
			break
		}
		if at > 0 {
			out = append(out, Part{Text: marked[:at]})
		}
		end := strings.IndexRune(marked[at:], markClose)
		i, _ := strconv.Atoi(marked[at+1 : at+end])
		n := c.needles[i]
		out = append(out, Part{Text: n.text, Secret: true, Name: n.name})
		marked = marked[at+end+1:]
	}
	return out
}

// Pending is how many bytes at the end of text could be the start of a secret or a JWT, for
// a writer that must not flush half a secret before the rest arrives.
func (r *Registry) Pending(text string) int {
	hold := 0
	for _, n := range r.compiled().needles {
		for k := min(len(n.text)-1, len(text)); k > hold; k-- {
			if strings.HasSuffix(text, n.text[:k]) {
				hold = k
				break
			}
		}
	}
	// A trailing run of base64url characters and dots that starts like a JWT.
	i := len(text)
	for i > 0 && isTokenByte(text[i-1]) {
		i--
	}
	tail := text[i:]
	switch at := strings.Index(tail, "eyJ"); {
	case at >= 0:
		hold = max(hold, len(tail)-at)
	case strings.HasSuffix(tail, "ey"):
		hold = max(hold, 2)
	case strings.HasSuffix(tail, "e"):
		hold = max(hold, 1)
	}
	return hold
}

func isTokenByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.'
}

const (
	markOpen  = '\x00'
	markClose = '\x01'
)

type needle struct{ text, name string }

type compiled struct {
	needles []needle // longest first
	plain   *strings.Replacer
	markup  *strings.Replacer
	marker  *strings.Replacer
}

// compiled is the cache, rebuilt under the lock Remember holds: a reader that compiled
// before a change could otherwise store its stale result after the change emptied the cache.
func (r *Registry) compiled() *compiled {
	if c := r.cache.Load(); c != nil {
		return c
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := r.cache.Load(); c != nil {
		return c
	}
	c := compile(r.entries)
	r.cache.Store(c)
	return c
}

func compile(secrets []Secret) *compiled {
	c := &compiled{}
	seen := map[string]bool{}
	for _, s := range secrets {
		if len(s.Value) < MinLength {
			continue
		}
		for _, v := range variants(s.Value) {
			if v != "" && !seen[v] {
				seen[v] = true
				c.needles = append(c.needles, needle{v, s.Name})
			}
		}
	}
	if len(c.needles) == 0 {
		return c
	}
	// strings.Replacer prefers earlier pairs at the same position: longest first.
	sort.SliceStable(c.needles, func(i, j int) bool { return len(c.needles[i].text) > len(c.needles[j].text) })
	var plain, markup, marker []string
	for i, n := range c.needles {
		plain = append(plain, n.text, "<redacted:"+n.name+">")
		markup = append(markup, n.text, "&lt;redacted:"+n.name+"&gt;")
		marker = append(marker, n.text, string(markOpen)+strconv.Itoa(i)+string(markClose))
	}
	c.plain, c.markup, c.marker = strings.NewReplacer(plain...), strings.NewReplacer(markup...), strings.NewReplacer(marker...)
	return c
}

// splitSlow is Split for text that already holds the marker byte (binary bodies).
func (c *compiled) splitSlow(text string) []Part {
	var out []Part
	for text != "" {
		at, best := -1, needle{}
		for _, n := range c.needles {
			if i := strings.Index(text, n.text); i >= 0 && (at < 0 || i < at) {
				at, best = i, n // needles are longest first: a tie keeps the longer
			}
		}
		if at < 0 {
			out = append(out, Part{Text: text})
			break
		}
		if at > 0 {
			out = append(out, Part{Text: text[:at]})
		}
		out = append(out, Part{Text: best.text, Secret: true, Name: best.name})
		text = text[at+len(best.text):]
	}
	return out
}

// htmlTemplateText escapes text as html/template does in element content (report.html).
var htmlTemplateText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// variants are the forms a value takes in the texts a run writes.
func variants(v string) []string {
	out := []string{v, url.QueryEscape(v), url.PathEscape(v), html.EscapeString(v),
		htmlTemplateText.Replace(v), strings.ReplaceAll(v, "'", `'\''`)}
	if q := strconv.Quote(v); len(q) >= 2 {
		out = append(out, q[1:len(q)-1])
	}
	if j, err := json.Marshal(v); err == nil && len(j) >= 2 {
		out = append(out, string(j[1:len(j)-1]))
	}
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		if j := strings.TrimSpace(raw.String()); len(j) >= 2 {
			out = append(out, j[1:len(j)-1])
		}
	}
	var x strings.Builder
	if xml.EscapeText(&x, []byte(v)) == nil {
		out = append(out, x.String())
	}
	return out
}
