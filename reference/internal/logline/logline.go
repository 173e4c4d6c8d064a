// Package logline makes request data safe to print on one log line: control characters and
// anything else a terminal or a log reader could take for structure are escaped, and secrets
// (the API key, raw tokens, session JWTs) are replaced by [redacted].
package logline

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces a secret.
const Redacted = "[redacted]"

// jwtShape is a session JWT: three base64url parts, the first a JSON object.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*`)

// RawTokenLength is the length of a raw token: 32 bytes in unpadded base64url.
const RawTokenLength = 43

// Redactor redacts the given secrets, and every token shape, from what it prints.
type Redactor struct {
	secrets []string
}

// New returns a Redactor for the given secrets (empty ones are ignored); their URL-escaped
// forms are redacted too.
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		r.secrets = append(r.secrets, s)
		for _, e := range []string{url.PathEscape(s), url.QueryEscape(s)} {
			if e != s {
				r.secrets = append(r.secrets, e)
			}
		}
	}
	return r
}

// Path is the request's path as it is safe to log: its escaped form (so a %0d%0a stays those
// six characters, and a decoded line break is never printed), without the query, which may hold
// the API key, and with every secret redacted.
func (r *Redactor) Path(req *http.Request) string {
	p := req.URL.EscapedPath()
	if p == "" {
		p = req.RequestURI // "*" or CONNECT's host:port
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
	}
	return r.Text(triggerToken.ReplaceAllString(p, "${1}"+Redacted))
}

// triggerToken is the API trigger's route, whose last segment is a schedule's token.
var triggerToken = regexp.MustCompile(`^(/api/pipeline_schedules/[^/]+/pipeline_runs/)[^/]+$`)

// Text is s with the secrets redacted and then every byte that is not printable ASCII or a
// printable rune escaped the way strconv.Quote escapes it (without the quotes).
func (r *Redactor) Text(s string) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, Redacted)
	}
	if strings.Contains(s, "eyJ") {
		s = jwtShape.ReplaceAllLiteralString(s, Redacted)
	}
	s = redactRawTokens(s)
	return Escape(s)
}

// redactRawTokens redacts every run of exactly RawTokenLength base64url characters: what the
// server hands out as a raw token, which a client may put in a path by mistake.
func redactRawTokens(s string) string {
	var b strings.Builder
	done, run := 0, -1 // s[:done] is in b; run is where the current run of token bytes began
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isTokenByte(s[i]) {
			if run < 0 {
				run = i
			}
			continue
		}
		if run >= 0 && i-run == RawTokenLength {
			b.WriteString(s[done:run])
			b.WriteString(Redacted)
			done = i
		}
		run = -1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

func isTokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// Escape escapes every control character, invalid UTF-8 byte, backslash and non-printable
// rune of s as strconv.Quote does, leaving everything else as it is.
func Escape(s string) string {
	clean := true
	for _, c := range s {
		if c == '\\' || c == utf8.RuneError || !unicode.IsPrint(c) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case c == '\\' || c == utf8.RuneError || !unicode.IsPrint(c):
			q := strconv.QuoteRune(c)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
