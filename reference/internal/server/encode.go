package server

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mageconform/mageconform/reference/internal/api"
)

// appendJSON appends v encoded exactly as encoding/json.Marshal encodes it (keys sorted, HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD), without reflection for the
// types presenters build: nil, bool, string, the number types, *string, *int, []any,
// []string, []int, []map[string]any, map[string]any and json.RawMessage (appended as it is:
// presenters make them with json.Marshal, so they are already compact and escaped). Anything
// else goes through json.Marshal. FuzzAppendJSON checks the two agree.
func appendJSON(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case string:
		return appendString(dst, x), nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case float64:
		return appendFloat(dst, x)
	case *string:
		if x == nil {
			return append(dst, "null"...), nil
		}
		return appendString(dst, *x), nil
	case *int:
		if x == nil {
			return append(dst, "null"...), nil
		}
		return strconv.AppendInt(dst, int64(*x), 10), nil
	case json.RawMessage:
		return appendRaw(dst, x)
	case *[]json.RawMessage: // a pointer, so that presenting a list of them costs no allocation
		if x == nil {
			return append(dst, "null"...), nil
		}
		return appendSlice(dst, *x, appendRaw)
	case *api.DatetimeValue:
		if x == nil {
			return append(dst, "null"...), nil
		}
		return append(api.AppendDatetime(append(dst, '"'), time.Time(*x)), '"'), nil
	case []any:
		return appendSlice(dst, x, appendJSON)
	case []string:
		return appendSlice(dst, x, func(b []byte, s string) ([]byte, error) { return appendString(b, s), nil })
	case []int:
		return appendSlice(dst, x, func(b []byte, n int) ([]byte, error) { return strconv.AppendInt(b, int64(n), 10), nil })
	case []map[string]any:
		return appendSlice(dst, x, appendObject)
	case map[string]any:
		return appendObject(dst, x)
	case api.Object:
		return appendPresented(dst, x)
	case []api.Object:
		return appendSlice(dst, x, appendPresented)
	}
	data, err := json.Marshal(v)
	return append(dst, data...), err
}

func appendRaw(dst []byte, m json.RawMessage) ([]byte, error) {
	if m == nil {
		return append(dst, "null"...), nil
	}
	return append(dst, m...), nil
}

func appendSlice[T any](dst []byte, list []T, item func([]byte, T) ([]byte, error)) ([]byte, error) {
	if list == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, '[')
	var err error
	for i, v := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = item(dst, v); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

// keyBuffers hold the sorted keys of the objects being encoded.
var keyBuffers = sync.Pool{New: func() any { s := make([]string, 0, 32); return &s }}

func appendObject(dst []byte, m map[string]any) ([]byte, error) {
	if m == nil {
		return append(dst, "null"...), nil
	}
	buf := keyBuffers.Get().(*[]string)
	keys := (*buf)[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		if dst, err = appendJSON(dst, m[k]); err != nil {
			break
		}
	}
	clear(keys)
	*buf = keys[:0]
	keyBuffers.Put(buf)
	return append(dst, '}'), err
}

// appendPresented writes what a presented record shows, in its keys' order (api.Object).
func appendPresented(dst []byte, o api.Object) ([]byte, error) {
	dst = append(dst, '{')
	var err error
	first := true
	for _, k := range o.Keys {
		var v any
		var ok bool
		if o.Values != nil {
			v, ok = o.Values.Field(k)
		}
		if ok && v == api.Absent {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(appendString(dst, k), ':')
		if dst, err = appendJSON(dst, v); err != nil { // a missing key is nil: null
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// appendFloat is encoding/json's float64 encoding: like %g with ES6's exponent cut-offs.
func appendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		data, err := json.Marshal(f) // the error encoding/json gives
		return append(dst, data...), err
	}
	format, abs := byte('f'), math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1] // e-09 to e-9
		dst = dst[:n-1]
	}
	return dst, nil
}

const hexDigits = "0123456789abcdef"

// SWAR helpers: bytes of a word that are below n (n <= 128), or equal to c.
const ones, highs = 0x0101010101010101, 0x8080808080808080

func hasLess(x uint64, n uint64) bool { return (x-ones*n)&^x&highs != 0 }
func hasByte(x uint64, c uint64) bool { return hasLess(x^(ones*c), 1) }

// plainWord reports whether eight bytes are all ASCII that a JSON string holds as it is.
func plainWord(x uint64) bool {
	return x&highs == 0 && !hasLess(x, 0x20) && !hasByte(x, '"') && !hasByte(x, '\\') &&
		!hasByte(x, '<') && !hasByte(x, '>') && !hasByte(x, '&')
}

// plainByte marks the ASCII bytes a JSON string holds as they are (encoding/json's htmlSafeSet).
var plainByte = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// appendString is encoding/json's string encoding with HTML escaping.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight plain ASCII bytes at a time: most of what is written is (tokens, names, dates).
		for i+8 <= len(s) && plainWord(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		if b := s[i]; b < utf8.RuneSelf {
			if plainByte[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
