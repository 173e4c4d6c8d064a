package harness

import (
	"net/url"
	"regexp"
	"strings"
)

// piece is a run of text from a request or response. Pieces that hold a credential are marked
// sensitive; name is the shell variable of a known secret ("" when the value is unknown, e.g. a
// deliberately wrong key). Transcripts and curls render the same pieces differently.
type piece struct {
	text      string
	sensitive bool
	name      string
}

var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

func literal(s string) []piece { return []piece{{text: s}} }

func sensitiveValue(value string, secrets []secret) piece {
	name, _ := lookupSecret(secrets, value)
	return piece{text: value, sensitive: true, name: name}
}

// globalPieces marks, inside otherwise ordinary text, every occurrence of a long known secret
// (raw or query-escaped) and anything shaped like a JWT.
func globalPieces(text string, secrets []secret) []piece {
	type needle struct{ text, name string }
	var needles []needle
	for _, s := range secrets {
		if len(s.value) < minGlobalSecret {
			continue
		}
		needles = append(needles, needle{s.value, s.name})
		if esc := url.QueryEscape(s.value); esc != s.value {
			needles = append(needles, needle{esc, s.name})
		}
	}
	var out []piece
	for text != "" {
		at, best := -1, needle{}
		for _, n := range needles {
			if i := strings.Index(text, n.text); i >= 0 && (at < 0 || i < at || (i == at && len(n.text) > len(best.text))) {
				at, best = i, n
			}
		}
		if loc := jwtPattern.FindStringIndex(text); loc != nil && (at < 0 || loc[0] < at) {
			at, best = loc[0], needle{text: text[loc[0]:loc[1]]}
		}
		if at < 0 {
			out = append(out, piece{text: text})
			break
		}
		if at > 0 {
			out = append(out, piece{text: text[:at]})
		}
		out = append(out, piece{text: best.text, sensitive: true, name: best.name})
		text = text[at+len(best.text):]
	}
	return out
}

// flatten applies the global pass to the ordinary pieces.
func flatten(pieces []piece, secrets []secret) []piece {
	var out []piece
	for _, p := range pieces {
		if p.sensitive {
			out = append(out, p)
			continue
		}
		out = append(out, globalPieces(p.text, secrets)...)
	}
	return out
}

// formPieces handles a&b=c style text (query strings, form bodies).
func formPieces(form string, secrets []secret) []piece {
	var out []piece
	for i, pair := range strings.Split(form, "&") {
		if i > 0 {
			out = append(out, piece{text: "&"})
		}
		k, v, hasValue := strings.Cut(pair, "=")
		name, _ := url.QueryUnescape(k)
		if !hasValue || !sensitiveName(name) || v == "" {
			out = append(out, piece{text: pair})
			continue
		}
		decoded, err := url.QueryUnescape(v)
		if err != nil {
			decoded = v
		}
		p := sensitiveValue(decoded, secrets)
		p.text = v
		out = append(out, piece{text: k + "="}, p)
	}
	return out
}

func urlPieces(rawURL string, secrets []secret) []piece {
	base, query, hasQuery := strings.Cut(rawURL, "?")
	if !hasQuery {
		return flatten(literal(base), secrets)
	}
	return flatten(append(literal(base+"?"), formPieces(query, secrets)...), secrets)
}

func headerPieces(name, value string, secrets []secret) []piece {
	if !sensitiveHeader(name) || value == "" {
		return flatten(literal(value), secrets)
	}
	switch strings.ToLower(name) {
	case "authorization":
		if scheme, cred, ok := strings.Cut(value, " "); ok && cred != "" {
			return []piece{{text: scheme + " "}, sensitiveValue(cred, secrets)}
		}
	case "cookie", "set-cookie":
		return cookiePieces(value, secrets)
	}
	return []piece{sensitiveValue(value, secrets)}
}

// cookiePieces treats every cookie value as a credential; names and attributes stay readable.
func cookiePieces(value string, secrets []secret) []piece {
	var out []piece
	for i, part := range strings.Split(value, ";") {
		if i > 0 {
			out = append(out, piece{text: ";"})
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok || v == "" || (i > 0 && !sensitiveName(strings.TrimSpace(k))) {
			out = append(out, piece{text: part})
			continue
		}
		out = append(out, piece{text: k + "="}, sensitiveValue(v, secrets))
	}
	return out
}

// bodyPieces redacts credentials at their JSON keys (any depth) or form fields, keeping the
// body byte for byte otherwise.
func bodyPieces(body []byte, secrets []secret) []piece {
	if scalars, _, ok := scanJSON(body); ok {
		var out []piece
		pos := 0
		for _, s := range scalars {
			if !sensitiveName(s.Key) || s.Value == nil {
				continue
			}
			start, end := s.Start, s.End
			str, isString := s.Value.(string)
			if isString {
				start, end = start+1, end-1 // keep the quotes
			}
			out = append(out, piece{text: string(body[pos:start])})
			p := piece{text: string(body[start:end]), sensitive: true}
			if isString {
				p.name, _ = lookupSecret(secrets, str)
			}
			out = append(out, p)
			pos = end
		}
		out = append(out, piece{text: string(body[pos:])})
		return flatten(out, secrets)
	}
	text := string(body)
	if looksLikeForm(text) {
		return flatten(formPieces(text, secrets), secrets)
	}
	return flatten(literal(text), secrets)
}

func looksLikeForm(text string) bool {
	if !strings.Contains(text, "=") || strings.ContainsAny(text, " \n\t{}[]\"") {
		return false
	}
	_, err := url.ParseQuery(text)
	return err == nil
}

// redactedText renders pieces for humans: secrets become <redacted:NAME> or <redacted>.
func redactedText(pieces []piece) string {
	var b strings.Builder
	for _, p := range pieces {
		switch {
		case !p.sensitive:
			b.WriteString(p.text)
		case p.name != "":
			b.WriteString("<redacted:" + p.name + ">")
		default:
			b.WriteString("<redacted>")
		}
	}
	return b.String()
}
