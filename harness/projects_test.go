package harness

import "testing"

func TestVersionAtLeast(t *testing.T) {
	for _, c := range []struct {
		version, min string
		want         bool
	}{
		{"0.9.79", "0.9.79", true}, {"0.9.80", "0.9.79", true}, {"0.10.1", "0.9.79", true},
		{"0.9.78", "0.9.79", false}, {"0.9", "0.9.1", false}, {"1.0", "0.9.79", true},
		{"", "0.9.79", false}, {"v0.9.79", "0.9.79", true},
		{"0.9.79+mageconform.1", "0.9.79", true}, {"0.9.78+mageconform.9", "0.9.79", false},
	} {
		if got := VersionAtLeast(c.version, c.min); got != c.want {
			t.Errorf("VersionAtLeast(%q, %q) = %v, want %v", c.version, c.min, got, c.want)
		}
	}
}
