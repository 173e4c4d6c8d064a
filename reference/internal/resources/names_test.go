package resources

import "testing"

// Mage's clean_name drops tabs and newlines; only the Mage-faithful mode stores such a name
// (compat.NamesUnchecked), the intended mode refuses it.
func TestCleanNameDropsTabsAndNewlines(t *testing.T) {
	for name, uuid := range map[string]string{"tab\there\nnow": "tabherenow", "a\x00b": "a_b", "..": "__", "../x": "___x"} {
		if got := CleanName(name); got != uuid {
			t.Errorf("CleanName(%q) = %q, want %q", name, got, uuid)
		}
	}
}
