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
func Curl(e *Exchange) string {
	if e == nil {
		return ""
	}
	words := []string{"curl", "-sS", "-i"}
	switch {
	case e.Method == http.MethodHead:
		words = append(words, "--head") // -X HEAD would wait for a body that never comes
	case e.Method != http.MethodGet || len(e.ReqBody) > 0:
		words = append(words, "-X", shellQuote(literal(e.Method)))
	}
	words = append(words, shellQuote(urlPieces(e.URL)))
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
