package compat

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the READMEs' compat tables from the table")

var idShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9.]+)*$`)

func TestTableEntriesAreComplete(t *testing.T) {
	seen := map[ID]bool{}
	for _, d := range Table() {
		if !idShape.MatchString(string(d.ID)) || seen[d.ID] {
			t.Errorf("%q: ids are unique kebab-case names", d.ID)
		}
		seen[d.ID] = true
		if !strings.HasPrefix(d.PartC, "§") || d.Mage == "" || d.Intended == "" {
			t.Errorf("%s: every entry names its Part C section and says what Mage and intended do", d.ID)
		}
		if !strings.HasSuffix(d.Mage, ".") || !strings.HasSuffix(d.Intended, ".") {
			t.Errorf("%s: the texts are sentences", d.ID)
		}
	}
}

func TestModesAreSetsOfTheTable(t *testing.T) {
	if s, ok := Mode(ModeIntended); !ok || len(s.IDs()) != 0 {
		t.Errorf("intended enables %v", s.IDs())
	}
	if s, ok := Mode(""); !ok || len(s.IDs()) != 0 {
		t.Error(`"" is the intended mode`)
	}
	s, ok := Mode(ModeMage0979)
	if !ok || len(s.IDs()) != len(Table()) {
		t.Errorf("mage-0.9.79 enables %d of %d deviations", len(s.IDs()), len(Table()))
	}
	if _, ok := Mode("mage-0.9.80"); ok {
		t.Error("an unknown mode is refused")
	}
	one := Of(FormBody)
	if !one.Has(FormBody) || one.Has(Paging500) || (Set{}).Has(FormBody) {
		t.Error("Has reports exactly the enabled deviations")
	}
	defer func() {
		if recover() == nil {
			t.Error("Of panics on an id that is not in the table")
		}
	}()
	Of("no-such-deviation")
}

// The READMEs carry the table as Markdown() renders it.
func TestREADMEsShowTheTable(t *testing.T) {
	for _, path := range []string{"../../../README.md", "../../README.md"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		begin, end := strings.Index(text, BeginMarker), strings.Index(text, EndMarker)
		if begin < 0 || end < begin {
			t.Errorf("%s: no compat table between the markers", path)
			continue
		}
		start := begin + len(BeginMarker)
		if text[start:end] == Markdown() {
			continue
		}
		if !*update {
			t.Errorf("%s: the compat table is stale; run go test ./reference/internal/compat -update", path)
			continue
		}
		if err := os.WriteFile(path, []byte(text[:start]+Markdown()+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
