package api

import (
	"encoding/json"
	"fmt"
	"math"
)

// Kind is the JSON type a written attribute must have.
type Kind int

const (
	KindReadOnly   Kind = iota // not taken from a client (the zero value: an Attribute without a Kind)
	KindString                 // a string
	KindNullString             // a string or null
	KindBool                   // true or false
	KindInt                    // an integral number
	KindNullInt                // an integral number or null
	KindStringList             // an array of strings
	KindIntList                // an array of integral numbers
	KindObject                 // a JSON object
	KindNullObject             // a JSON object or null
	KindArray                  // any JSON array
	KindAny                    // any JSON value, null included
)

var kindNames = [...]string{"not written", "string", "string or null", "boolean", "integer", "integer or null",
	"array of strings", "array of integers", "object", "object or null", "array", "any value"}

// coerce checks v against k and returns it in its Go form: string, *string,
// bool, int, *int, []string, []int, map[string]any or []any.
func coerce(k Kind, v any) (any, error) {
	bad := fmt.Errorf("must be %s", kindNames[k])
	switch k {
	case KindString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case KindNullString:
		if v == nil {
			return (*string)(nil), nil
		}
		if s, ok := v.(string); ok {
			return &s, nil
		}
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case KindInt:
		if n, ok := integer(v); ok {
			return n, nil
		}
	case KindNullInt:
		if v == nil {
			return (*int)(nil), nil
		}
		if n, ok := integer(v); ok {
			return &n, nil
		}
	case KindStringList:
		if list, ok := v.([]any); ok {
			out := make([]string, 0, len(list))
			for _, item := range list {
				s, ok := item.(string)
				if !ok {
					return nil, bad
				}
				out = append(out, s)
			}
			return out, nil
		}
	case KindIntList:
		if list, ok := v.([]any); ok {
			out := make([]int, 0, len(list))
			for _, item := range list {
				n, ok := integer(item)
				if !ok {
					return nil, bad
				}
				out = append(out, n)
			}
			return out, nil
		}
	case KindObject, KindNullObject:
		if v == nil && k == KindNullObject {
			return map[string]any(nil), nil
		}
		if m, ok := v.(map[string]any); ok {
			return m, nil
		}
	case KindArray:
		if list, ok := v.([]any); ok {
			return list, nil
		}
	case KindAny:
		return v, nil
	}
	return nil, bad
}

// integer accepts JSON numbers without a fraction that fit an int32, since
// ids and counts beyond that are never meaningful here.
func integer(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// valueBytes is the size Limits.ValueBytes bounds: a string's bytes, the JSON encoding of an
// array or object; numbers, booleans and null are small.
func valueBytes(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case []any, map[string]any:
		data, err := json.Marshal(x)
		if err != nil {
			return math.MaxInt // a decoded JSON value always encodes
		}
		return len(data)
	}
	return 0
}
