package harness

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// Curl renders a shell command that repeats the exchange's request. Known secrets become shell
// variables ($CONFORMANCE_API_KEY, $CONFORMANCE_PASSWORD, $TOKEN, $JWT); values that are not
// secrets of the run (a deliberately wrong key, a garbage token) stay literal so the command
// reproduces the same answer.
func Curl(e *Exchange) string { return curlWith(e, nil, true) }

// curlWith is Curl with the int ids of records a reproduce line created itself read from shell
// variables (subst: a URL at or under the record's path names "$ID" for its last segment), and
// without -i when only the body is wanted (a create or login whose answer the line captures).
func curlWith(e *Exchange, subst []idVar, headers bool) string {
	if e == nil {
		return ""
	}
	words := []string{"curl", "-sS"}
	if headers {
		words = append(words, "-i")
	}
	switch {
	case e.Method == http.MethodHead:
		words = append(words, "--head") // -X HEAD would wait for a body that never comes
	case e.Method != http.MethodGet || len(e.ReqBody) > 0:
		words = append(words, "-X", shellQuote(literal(e.Method)))
	}
	words = append(words, shellQuote(urlPiecesWith(e.URL, subst)))
	names := make([]string, 0, len(e.ReqHeader))
	for name := range e.ReqHeader {
		if skipCurlHeader(name) {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range e.ReqHeader[name] {
			p := append(literal(name+": "), headerPieces(name, v)...)
			words = append(words, "-H", shellQuote(p))
		}
	}
	if len(e.ReqBody) > 0 {
		if e.ReqHeader.Get("Content-Type") == "" {
			// curl would add a form Content-Type, and Mage parses form bodies differently.
			words = append(words, "-H", "'Content-Type:'")
		}
		words = append(words, "--data-raw", shellQuote(bodyPieces(e.ReqBody)))
	}
	return Redact(strings.Join(words, " ")) // the final pass: an unknown JWT never goes out
}

// skipCurlHeader drops headers curl computes itself.
func skipCurlHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Content-Length", "Accept-Encoding", "User-Agent", "Host":
		return true
	}
	return false
}

// shellSafe is text a shell takes as one literal word without quotes.
var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote makes one shell word: literal text in single quotes, known secrets as "$NAME".
func shellQuote(pieces []piece) string {
	if len(pieces) == 1 && !pieces[0].sensitive && shellSafe.MatchString(pieces[0].text) {
		return pieces[0].text
	}
	var b strings.Builder
	open := false
	for _, p := range pieces {
		if p.sensitive && p.name != "" {
			if open {
				b.WriteString("'")
				open = false
			}
			b.WriteString(`"$` + p.name + `"`)
			continue
		}
		if p.text == "" {
			continue
		}
		if !open {
			b.WriteString("'")
			open = true
		}
		b.WriteString(strings.ReplaceAll(p.text, "'", `'\''`))
	}
	if open {
		b.WriteString("'")
	}
	if b.Len() == 0 {
		return "''"
	}
	return b.String()
}

// urlPiecesWith is urlPieces with the last segment of the longest record path in subst that
// the URL's path is at or under replaced by that record's variable.
func urlPiecesWith(rawURL string, subst []idVar) []piece {
	path := requestPath(rawURL)
	var best *idVar
	for i, v := range subst {
		if rest, ok := strings.CutPrefix(path, v.path); ok && (rest == "" || rest[0] == '/' || rest[0] == '?') {
			if best == nil || len(v.path) > len(best.path) {
				best = &subst[i]
			}
		}
	}
	if best == nil || path == "" {
		return urlPieces(rawURL)
	}
	start := strings.Index(rawURL, path) // the host comes first, so this is the path
	cut := start + strings.LastIndexByte(best.path, '/') + 1
	out := flatten(literal(rawURL[:cut]))
	// "${ID:?}": a shell refuses to send the request when the create gave no id, rather than
	// send it to the collection (a DELETE of .../users/ with the id left out).
	out = append(out, piece{text: best.path[strings.LastIndexByte(best.path, '/')+1:], sensitive: true, name: "{" + best.name + ":?}"})
	return append(out, urlPieces(rawURL[start+len(best.path):])...)
}
