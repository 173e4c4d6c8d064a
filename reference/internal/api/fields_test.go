package api

import (
	"encoding/json"
	"testing"
)

// FuzzCoerce: any decoded JSON value is either refused or comes back in the Go form its kind
// promises, and its size is measured without a panic.
func FuzzCoerce(f *testing.F) {
	for _, seed := range []string{`"s"`, `null`, `true`, `1`, `1.5`, `2147483648`, `-0`, `1e400`, `["a", 1]`, `[1, 2]`,
		`{"k": [1]}`, `[]`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return
		}
		_ = valueBytes(v)
		for k := KindString; k <= KindArray; k++ {
			out, err := coerce(k, v)
			if err != nil {
				continue
			}
			ok := false
			switch k {
			case KindString:
				_, ok = out.(string)
			case KindNullString:
				_, ok = out.(*string)
			case KindBool:
				_, ok = out.(bool)
			case KindInt:
				_, ok = out.(int)
			case KindNullInt:
				_, ok = out.(*int)
			case KindStringList:
				_, ok = out.([]string)
			case KindIntList:
				_, ok = out.([]int)
			case KindObject, KindNullObject:
				_, ok = out.(map[string]any)
			case KindArray:
				_, ok = out.([]any)
			}
			if !ok {
				t.Fatalf("coerce(%s, %s) = %T", kindNames[k], raw, out)
			}
		}
	})
}
