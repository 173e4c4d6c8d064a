package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// shape is what a JSON value looks like without its values: the JSON types seen at one
// place, an object's keys, an array's items merged into one shape (the union of their keys
// and types) and the lengths of the arrays seen there. Values that differ by nature (ids,
// tokens, timestamps, generated text) leave no trace in it.
type shape struct {
	types  map[string]bool
	fields map[string]*shape
	elem   *shape
	lens   []int
}

// decode parses a body as one JSON value, numbers kept as written.
func decode(body string) (any, bool) {
	if strings.TrimSpace(body) == "" {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return nil, false
	}
	return v, true
}

// jsonType names a decoded value's JSON type.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

// shapeOf builds the shape of v.
func shapeOf(v any) *shape {
	s := &shape{}
	s.add(v)
	return s
}

func (s *shape) add(v any) {
	if s.types == nil {
		s.types = map[string]bool{}
	}
	s.types[jsonType(v)] = true
	switch x := v.(type) {
	case map[string]any:
		if s.fields == nil {
			s.fields = map[string]*shape{}
		}
		for k, fv := range x {
			k = normalKey(k)
			if s.fields[k] == nil {
				s.fields[k] = &shape{}
			}
			s.fields[k].add(fv)
		}
	case []any:
		for _, item := range x {
			if s.elem == nil {
				s.elem = &shape{}
			}
			s.elem.add(item)
		}
		s.lens = append(s.lens, len(x))
	}
}

// typeNames lists the types seen, e.g. "string" or "null|string".
func (s *shape) typeNames() string {
	names := make([]string, 0, len(s.types))
	for t := range s.types {
		names = append(names, t)
	}
	sort.Strings(names)
	return strings.Join(names, "|")
}

// lengths renders the array lengths seen, in the order seen.
func (s *shape) lengths() string {
	parts := make([]string, len(s.lens))
	for i, n := range s.lens {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ",")
}

// compact renders a value as short JSON, for metadata values.
func compact(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(b.String())
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
