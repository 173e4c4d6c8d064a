package api

import (
	"testing"
	"time"
)

// Datetime writes what time.Format writes with DatetimeLayout.
func TestDatetimeIsTheLayout(t *testing.T) {
	for _, tc := range []time.Time{time.Date(2026, 1, 2, 3, 4, 5, 6007, time.UTC), time.Unix(0, 0),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("x", 3600)),
		time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), time.Now()} {
		if got, want := Datetime(tc), tc.UTC().Format(DatetimeLayout); got != want {
			t.Errorf("Datetime(%v) = %q, want %q", tc, got, want)
		}
	}
}

func TestPyTruthyIsPythonsTruth(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want bool
	}{{nil, false}, {false, false}, {0.0, false}, {"", false}, {[]any{}, false}, {map[string]any{}, false},
		{true, true}, {2.0, true}, {"x", true}, {[]any{1.0}, true}, {map[string]any{"a": 1.0}, true}} {
		if PyTruthy(tc.v) != tc.want {
			t.Errorf("PyTruthy(%#v) = %v", tc.v, !tc.want)
		}
	}
}
