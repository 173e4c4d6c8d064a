package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	coverageStart = "<!-- coverage table: generated from the catalogue by `make rules`; do not edit -->\n"
	coverageEnd   = "<!-- end of coverage table -->"
)

// The README and the contract show the coverage table of the catalogue (Mage's documented API
// first); `make rules` regenerates both copies (UPDATE_COVERAGE=1).
func TestCoverageTableIsCurrent(t *testing.T) {
	table := coverageMarkdown()
	for _, name := range []string{"README.md", filepath.Join("docs", "contract.md")} {
		path := filepath.Join("..", "..", "..", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		before, rest, found := strings.Cut(string(data), coverageStart)
		_, after, ended := strings.Cut(rest, coverageEnd)
		if !found || !ended {
			t.Errorf("%s has no coverage table between %q and %q", name, strings.TrimSpace(coverageStart), coverageEnd)
			continue
		}
		if current := before + coverageStart + table + coverageEnd + after; current != string(data) {
			if os.Getenv("UPDATE_COVERAGE") != "" {
				if err := os.WriteFile(path, []byte(current), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s: the coverage table is out of date: run `make rules`", name)
		}
	}
}
