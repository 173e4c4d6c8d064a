package harness

import (
	"net/url"
	"strings"

	"github.com/mageconform/mageconform/harness/redact"
)

// piece is a run of text from a request or response. Pieces that hold a credential are marked
// sensitive; name is the shell variable of a known secret ("" when the value is unknown, e.g. a
// deliberately wrong key). Transcripts and curls render the same pieces differently.
type piece struct {
	text      string
	sensitive bool
	name      string
}

func literal(s string) []piece { return []piece{{text: s}} }

func sensitiveValue(value string) piece {
	return piece{text: value, sensitive: true, name: secretName(value)}
}

// globalPieces marks, inside otherwise ordinary text, every occurrence of a known secret of
// redact.MinLength or more (raw or escaped) and anything shaped like a JWT.
func globalPieces(text string) []piece {
	var out []piece
	for _, part := range redact.Default().Split(text) {
		if part.Secret {
			out = append(out, piece{text: part.Text, sensitive: true, name: part.Name})
			continue
		}
		rest := part.Text
		for rest != "" {
			loc := redact.JWT.FindStringIndex(rest)
			if loc == nil {
				out = append(out, piece{text: rest})
				break
			}
			if loc[0] > 0 {
				out = append(out, piece{text: rest[:loc[0]]})
			}
			jwt := rest[loc[0]:loc[1]]
			out = append(out, piece{text: jwt, sensitive: true, name: secretName(jwt)})
			rest = rest[loc[1]:]
		}
	}
	return out
}

// flatten applies the global pass to the ordinary pieces.
func flatten(pieces []piece) []piece {
	var out []piece
	for _, p := range pieces {
		if p.sensitive {
			out = append(out, p)
			continue
		}
		out = append(out, globalPieces(p.text)...)
	}
	return out
}

// formPieces handles a&b=c style text (query strings, form bodies).
func formPieces(form string) []piece {
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
		p := sensitiveValue(decoded)
		p.text = v
		out = append(out, piece{text: k + "="}, p)
	}
	return out
}

func urlPieces(rawURL string) []piece {
	base, query, hasQuery := strings.Cut(rawURL, "?")
	if !hasQuery {
		return flatten(literal(base))
	}
	return flatten(append(literal(base+"?"), formPieces(query)...))
}

func headerPieces(name, value string) []piece {
	if !sensitiveHeader(name) || value == "" {
		return flatten(literal(value))
	}
	switch strings.ToLower(name) {
	case "authorization":
		if scheme, cred, ok := strings.Cut(value, " "); ok && cred != "" {
			return []piece{{text: scheme + " "}, sensitiveValue(cred)}
		}
	case "cookie", "set-cookie":
		return cookiePieces(value)
	}
	return []piece{sensitiveValue(value)}
}

// cookiePieces treats every cookie value as a credential; names and attributes stay readable.
func cookiePieces(value string) []piece {
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
		out = append(out, piece{text: k + "="}, sensitiveValue(v))
	}
	return out
}

// bodyPieces redacts credentials at their JSON keys (any depth) or form fields, keeping the
// body byte for byte otherwise.
func bodyPieces(body []byte) []piece {
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
				p.name = secretName(str)
			}
			out = append(out, p)
			pos = end
		}
		out = append(out, piece{text: string(body[pos:])})
		return flatten(out)
	}
	text := string(body)
	if looksLikeForm(text) {
		return flatten(formPieces(text))
	}
	return flatten(literal(text))
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
