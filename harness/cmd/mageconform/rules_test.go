package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mageconform/mageconform/harness/report"
)

// docs/rules.md must match the catalogue and the spec tree; `make rules` regenerates it.
func TestRulesDocIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "..", "docs", "rules.md")
	checkedIn, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := rulesMarkdown(); got != string(checkedIn) {
		t.Errorf("%s is out of date: run `make rules` and commit the result", path)
	}
}

func TestRulesCommandPrintsTheCatalogue(t *testing.T) {
	res := runCLI(t, nil, "rules")
	wantExit(t, res, report.ExitConformant)
	if res.stdout != rulesMarkdown() {
		t.Error("`mageconform rules` differs from the in-process rendering")
	}
	wantExit(t, runCLI(t, nil, "rules", "extra"), report.ExitCouldNotJudge)
}
