package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"testing"

	"github.com/mageconform/mageconform/reference/internal/api"
)

func sameAsMarshal(t *testing.T, v any) {
	t.Helper()
	want, werr := json.Marshal(v)
	got, gerr := appendJSON(nil, v)
	if (werr != nil) != (gerr != nil) || werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("%#v:\nappendJSON %s (%v)\njson.Marshal %s (%v)", v, got, gerr, want, werr)
	}
}

func TestAppendJSONIsJSONMarshal(t *testing.T) {
	s, n := "x<y>&\"\\\u2028\x01\x7f\xff", 7
	for _, v := range []any{
		nil, true, false, "", s, 0, -12, int64(1 << 40), 0.0, -0.0, 1.5, 1e21, 1e-7, 123456789.0, 1e-6, 5e-324, math.MaxFloat64,
		&s, (*string)(nil), &n, (*int)(nil), []any{}, []any(nil), []string{"a", s}, []string(nil), []int{1, 2}, []int(nil),
		[]map[string]any{{"b": 1, "a": nil}}, []map[string]any(nil), map[string]any{}, map[string]any(nil),
		map[string]any{"z": map[string]any{"é": []any{s, 1.0, nil}}, "a": &s, "m": json.RawMessage(`{"k":1}`)},
		json.RawMessage(nil), struct{ A int }{1}, map[string]string{"b": "c"}, []float64{1, 2},
		math.Inf(1), math.NaN(), map[string]any{"bad": math.Inf(-1)},
	} {
		sameAsMarshal(t, v)
	}
}

// FuzzAppendJSON: for any decoded JSON value and any string in it, appendJSON writes what
// json.Marshal writes.
func FuzzAppendJSON(f *testing.F) {
	for _, seed := range []string{`{"a": [1, "x", null, true, {"b": 1.5e300}]}`, `"\u2028<&>"`, `[1e-7, 1e21, -0]`} {
		f.Add([]byte(seed), "s\xff\u2029")
	}
	f.Fuzz(func(t *testing.T, raw []byte, s string) {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			sameAsMarshal(t, v)
			sameAsMarshal(t, map[string]any{s: v, "list": []any{v, s}, "strings": []string{s}, "ptr": &s})
		}
		sameAsMarshal(t, s)
	})
}

// A presented record is written as json.Marshal writes the map it shows: only the format's
// keys, null for a missing one, nothing for an Absent one.
func TestAppendJSONOfPresentedRecords(t *testing.T) {
	s := "v"
	for _, o := range []api.Object{
		{Keys: []string{"a", "b", "c"}, Values: api.Map{"c": 1, "a": &s}},
		{Keys: []string{"a"}, Values: api.Map{"a": nil, "z": true}}, // a key the format does not show
		{Keys: []string{"a", "b"}, Values: api.Map{"a": api.Absent, "b": []any{}}},
		{Keys: []string{"a"}},
		{},
	} {
		want, _ := json.Marshal(o)
		got, err := appendJSON(nil, o)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%v: %s, want %s", o, got, want)
		}
		got, _ = appendJSON(nil, []api.Object{o, o})
		if want, _ := json.Marshal([]api.Object{o, o}); !bytes.Equal(got, want) {
			t.Errorf("[%v]: %s, want %s", o, got, want)
		}
	}
}

// plainWord agrees with plainByte on every byte at every position.
func TestPlainWord(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := range 8 {
			w := []byte("abcdefgh")
			w[pos] = byte(b)
			want := true
			for _, c := range w {
				want = want && c < 0x80 && plainByte[c]
			}
			if got := plainWord(binary.LittleEndian.Uint64(w)); got != want {
				t.Fatalf("byte %#x at %d: plainWord %v, want %v", b, pos, got, want)
			}
		}
	}
}
