// Package mutants holds deliberately wrong servers: each Mutant wraps the reference handler and
// breaks exactly one rule of Part B, so a test can show that the conformance suites catch it.
// A check that passes against a server breaking its rule proves nothing; these are the proof.
package mutants

import (
	"net/http"
	"slices"
)

// Mutant is one deliberate fault, applied as a black-box middleware around a conforming handler.
type Mutant struct {
	// Name is a short kebab-case identifier (used for report files and sub-test names).
	Name string
	// Fault says in one sentence what the wrong server does.
	Fault string
	// Breaks lists the rule ids whose specs must fail against the wrapped handler.
	Breaks []string
	// Labels is a Ginkgo label filter selecting the specs expected to catch the fault, so a run
	// stays short. The same filter, run against the unwrapped reference, must pass.
	Labels string
	// Wrap turns a conforming handler into the faulty one.
	Wrap func(h http.Handler) http.Handler
	// UserAuthOff runs the mutant around a reference without user authentication, and the
	// suites with CONFORMANCE_USER_AUTH=off (for faults only an open server can have).
	UserAuthOff bool
	// ExecutesRuns runs the mutant around a reference that executes its runs (--runs advance),
	// and the suites with a profile that declares executes-runs.
	ExecutesRuns bool
}

// Catalogue returns every mutant, ordered by the section of the first rule each one breaks.
func Catalogue() []Mutant {
	groups := [][]Mutant{
		envelopeMutants(),
		authMutants(),
		sessionMutants(),
		crudMutants(),
		linkMutants(),
		nestedMutants(),
		startMutants(),
		deletedMutants(),
		validationMutants(),
		requiredMutants(),
		runMutants(),
		policyMutants(),
		presenterMutants(),
		listMutants(),
		headerMutants(),
	}
	var all []Mutant
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}

// ByRule maps each rule id to the names of the mutants that break it.
func ByRule(ms []Mutant) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		for _, id := range m.Breaks {
			if !slices.Contains(out[id], m.Name) {
				out[id] = append(out[id], m.Name)
			}
		}
	}
	return out
}

// ruleLabels is the label filter selecting every spec that carries one of the given rules.
func ruleLabels(ids ...string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += " || "
		}
		s += "rule:" + id
	}
	return s
}
