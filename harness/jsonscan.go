package harness

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// jsonScalar is one scalar value inside a JSON document, located by its raw byte range so that
// redaction can rewrite exactly those bytes and keep the rest of the body as the server sent it.
type jsonScalar struct {
	Path       string // e.g. "session.user.id", "users[2].token"
	Key        string // the nearest object key ("" for array items at top level)
	Start, End int    // raw bytes of the value (strings include their quotes)
	Value      any    // decoded value: string, json.Number, bool or nil
}

// jsonKey is one object key, for checks that care about names rather than values.
type jsonKey struct {
	Path string
	Key  string
}

type scanFrame struct {
	object    bool
	key       string
	index     int
	expectKey bool
	path      string
}

// scanJSON walks a JSON document token by token. ok is false when the body is not exactly one
// JSON value.
func scanJSON(body []byte) (scalars []jsonScalar, keys []jsonKey, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var stack []*scanFrame
	childPath := func() (string, string) {
		if len(stack) == 0 {
			return "", ""
		}
		top := stack[len(stack)-1]
		if top.object {
			return joinPath(top.path, top.key), top.key
		}
		p := top.path + "[" + strconv.Itoa(top.index) + "]"
		top.index++
		parentKey := ""
		if len(stack) > 0 {
			parentKey = lastKey(top.path)
		}
		return p, parentKey
	}
	values := 0
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 {
				return nil, nil, false // truncated document
			}
			break
		}
		if err != nil {
			return nil, nil, false
		}
		end := dec.InputOffset()
		if len(stack) == 0 {
			values++
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.object && top.expectKey {
				if d, isDelim := tok.(json.Delim); isDelim && d == '}' {
					stack = stack[:len(stack)-1]
					continue
				}
				key, _ := tok.(string)
				top.key = key
				top.expectKey = false
				keys = append(keys, jsonKey{Path: joinPath(top.path, key), Key: key})
				continue
			}
		}
		if d, isDelim := tok.(json.Delim); isDelim {
			switch d {
			case '{', '[':
				p, _ := childPath()
				markValueDone(stack)
				stack = append(stack, &scanFrame{object: d == '{', expectKey: d == '{', path: p})
			case ']', '}':
				stack = stack[:len(stack)-1]
			}
			continue
		}
		p, k := childPath()
		markValueDone(stack)
		start := valueStart(body, int(before), int(end))
		scalars = append(scalars, jsonScalar{Path: p, Key: k, Start: start, End: int(end), Value: tok})
	}
	if values != 1 {
		return nil, nil, false
	}
	return scalars, keys, true
}

// markValueDone makes the enclosing object expect its next key.
func markValueDone(stack []*scanFrame) {
	if len(stack) > 0 && stack[len(stack)-1].object {
		stack[len(stack)-1].expectKey = true
	}
}

// valueStart skips the separators json.Decoder consumed before a value.
func valueStart(body []byte, from, to int) int {
	for from < to && strings.IndexByte(" \t\r\n:,", body[from]) >= 0 {
		from++
	}
	return from
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func lastKey(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return path
}
