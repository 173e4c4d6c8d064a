package mutants

import (
	"net/http"
	"testing"

	"github.com/mageconform/mageconform/reference"
	"github.com/onsi/ginkgo/v2/types"
)

// probe shows what one mutant changes: observe runs the same scenario on a fresh server and
// describes what it saw; the reference must show `reference`, the mutant `mutant`.
type probe struct {
	observe           func(c client) string
	reference, mutant string
}

// probes of every mutant, by mutant name.
var probes = merged(envelopeAuthProbes, recordProbes, accessProbes, runProbes, caseProbes, linkProbes, nestedProbes, startProbes, sessionShownProbes)

func merged(maps ...map[string]probe) map[string]probe {
	out := map[string]probe{}
	for _, m := range maps {
		for k, v := range m {
			if _, twice := out[k]; twice {
				panic("two probes for mutant " + k)
			}
			out[k] = v
		}
	}
	return out
}

// newReference is a fresh reference server, as the mutant expects it.
func newReference(m Mutant) http.Handler {
	cfg := reference.DefaultConfig()
	cfg.RequireUserAuthentication = !m.UserAuthOff
	if m.ExecutesRuns {
		cfg.Runs = reference.RunsAdvance
	}
	return reference.New(cfg)
}

// Each mutant really changes the behaviour it claims to, and nothing in its probe is a
// difference the reference shows too: otherwise a "caught" verdict would mean nothing.
func TestEachMutantChangesWhatItClaims(t *testing.T) {
	for _, m := range Catalogue() {
		t.Run(m.Name, func(t *testing.T) {
			p, ok := probes[m.Name]
			if !ok {
				t.Fatalf("mutant %s has no probe", m.Name)
			}
			if p.reference == p.mutant {
				t.Fatalf("probe of %s expects no difference", m.Name)
			}
			if got := p.observe(client{t, newReference(m)}); got != p.reference {
				t.Errorf("reference:\n got  %s\n want %s", got, p.reference)
			}
			if got := p.observe(client{t, m.Wrap(newReference(m))}); got != p.mutant {
				t.Errorf("mutant:\n got  %s\n want %s", got, p.mutant)
			}
		})
	}
}

func TestCatalogueIsWellFormed(t *testing.T) {
	names := map[string]bool{}
	for _, m := range Catalogue() {
		if names[m.Name] {
			t.Errorf("mutant %s listed twice", m.Name)
		}
		names[m.Name] = true
		if len(m.Breaks) == 0 || m.Wrap == nil || m.Fault == "" {
			t.Errorf("mutant %s: must name its fault and the rules it breaks, and wrap a handler", m.Name)
		}
		if _, err := types.ParseLabelFilter(m.Labels); err != nil || m.Labels == "" {
			t.Errorf("mutant %s: label filter %q: %v", m.Name, m.Labels, err)
		}
	}
	for name := range probes {
		if !names[name] {
			t.Errorf("probe %s has no mutant", name)
		}
	}
}

// The mutants log in on their own with the reference's defaults; they must not drift.
func TestDefaultsMatchTheReference(t *testing.T) {
	cfg := reference.DefaultConfig()
	if cfg.APIKey != defaultAPIKey || cfg.OwnerEmail != ownerEmail || cfg.OwnerPassword != ownerPassword {
		t.Fatalf("reference defaults %q %q %q differ from the mutants' constants", cfg.APIKey, cfg.OwnerEmail, cfg.OwnerPassword)
	}
}
