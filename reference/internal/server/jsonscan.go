package server

import (
	"errors"
	"unicode/utf8"
)

// The checks a JSON body passes before it is decoded: encoding/json would turn invalid UTF-8
// and unpaired surrogate escapes into U+FFFD without a word, and decodes up to 10,000 levels
// of nesting, deeper than many clients then read back.
var (
	errNotUTF8   = errors.New("the body is not valid UTF-8")
	errSurrogate = errors.New("the body holds an unpaired UTF-16 surrogate escape")
	errTooDeep   = errors.New("the body is nested too deeply")
)

// scanJSON checks raw for what json.Unmarshal accepts silently: it must be UTF-8, every
// \uD800-\uDFFF escape must be half of a pair, and arrays and objects may nest at most
// maxDepth levels. It does not check the syntax (json.Unmarshal does), and stops at the first
// problem, so a deep body costs no more than maxDepth levels of scanning state: a counter.
func scanJSON(raw []byte, maxDepth int) error {
	if !utf8.Valid(raw) {
		return errNotUTF8
	}
	depth, inString := 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch c {
			case '"':
				inString = false
			case '\\':
				if i+1 < len(raw) && raw[i+1] == 'u' {
					n, ok := surrogateEscape(raw, i)
					if !ok {
						return errSurrogate
					}
					i += n - 1
					continue
				}
				i++ // the escaped character, whatever it is
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			if depth++; depth > maxDepth {
				return errTooDeep
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}

// surrogateEscape reads the \uXXXX escape at raw[i:] and returns how many bytes it and a
// paired low surrogate take; false for a surrogate without its other half. A malformed escape
// is left to json.Unmarshal, which refuses it.
func surrogateEscape(raw []byte, i int) (int, bool) {
	r, ok := hex4(raw, i+2)
	switch {
	case !ok || r < 0xD800 || r > 0xDFFF:
		return 2, true // the backslash and the u; the hex digits are scanned as plain bytes
	case r >= 0xDC00:
		return 0, false // a low surrogate first
	}
	if i+7 < len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
		if low, ok := hex4(raw, i+8); ok && low >= 0xDC00 && low <= 0xDFFF {
			return 12, true
		}
	}
	return 0, false
}

func hex4(raw []byte, at int) (rune, bool) {
	if at+4 > len(raw) {
		return 0, false
	}
	var r rune
	for _, c := range raw[at : at+4] {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}
