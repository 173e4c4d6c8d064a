package reference_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// The compat table, entry by entry: each deviation changes exactly the scenarios it claims
// (so it changes nothing else), and the full mage-0.9.79 mode answers each probe as Mage does.
var _ = Describe("The Mage-faithful mode (compat)", Label("errors", "compat"), Ordered, ContinueOnFailure, func() {
	intended := map[string]string{}
	mage := map[string]string{}
	// asks are the deviations each scenario's server asked about in the intended mode: with one
	// it never asks about enabled, it runs exactly as without, so only the scenarios that ask
	// need running to prove what a deviation changes (all of them, with the race detector,
	// took most of make test).
	asks := map[string]map[compat.ID]bool{}

	BeforeAll(func() {
		for _, sc := range scenarios {
			var mu sync.Mutex
			asked := map[compat.ID]bool{}
			asks[sc.name] = asked
			traced := compat.Set{}.Traced(func(id compat.ID) {
				mu.Lock()
				asked[id] = true
				mu.Unlock()
			})
			intended[sc.name] = outcome(sc, traced, func(f *fixture, s step, res response) {
				if s.intended != nil {
					By(sc.name + " (intended)")
					s.intended(f, res)
				}
			})
			mage[sc.name] = outcome(sc, compat.All(), func(f *fixture, s step, res response) {
				if s.mage != nil {
					By(sc.name + " (mage-0.9.79)")
					s.mage(f, res)
				}
			})
		}
	})

	It("has a claim for every deviation, naming scenarios of the battery", func() {
		names := map[string]bool{}
		for _, sc := range scenarios {
			Expect(names).NotTo(HaveKey(sc.name), "scenario names are unique")
			names[sc.name] = true
		}
		for _, d := range compat.Table() {
			Expect(claims).To(HaveKey(d.ID), "no claim for %s", d.ID)
		}
		for id, changed := range claims {
			_, ok := compat.Lookup(id)
			Expect(ok).To(BeTrue(), "claim for %s, which is not in the table", id)
			for _, name := range changed {
				Expect(names).To(HaveKey(name), "%s claims %q", id, name)
			}
		}
	})

	It("gives a scenario the same outcome on two fresh servers, so the comparisons mean something", func() {
		again := outcomes(compat.Set{}, scenarios)
		for _, sc := range scenarios {
			Expect(again[sc.name]).To(Equal(intended[sc.name]), sc.name)
		}
	})

	for _, d := range compat.Table() {
		It(string(d.ID)+" changes exactly the scenarios it claims", func() {
			var asking []scenario
			for _, sc := range scenarios {
				if asks[sc.name][d.ID] {
					asking = append(asking, sc)
				}
			}
			for _, name := range claims[d.ID] {
				Expect(asks[name]).To(HaveKey(d.ID), "%s claims %q, whose server never asks about it", d.ID, name)
			}
			with := outcomes(compat.Of(d.ID), asking)
			var changed []string
			for _, sc := range asking {
				if with[sc.name] != intended[sc.name] {
					changed = append(changed, sc.name)
				}
			}
			Expect(changed).To(ConsistOf(claims[d.ID]), "%s: %s", d.ID, explain(d.ID, changed))
		})
	}

	It("builds any set of deviations through the exported NewWithDeviations, by the ids Deviations lists", func() {
		var ids []string
		for _, d := range compat.Table() {
			ids = append(ids, string(d.ID))
		}
		Expect(reference.Deviations()).To(Equal(ids))
		_, err := reference.NewWithDeviations(reference.DefaultConfig(), "schedule-formats", "no-such-entry")
		Expect(err).To(MatchError(ContainSubstring(`"no-such-entry"`)))
		probe := func(h http.Handler) string {
			c := &client{handler: h}
			var b strings.Builder
			for _, p := range []string{"/api/status", "/api/nosuchthings?api_key=" + apiKey, "/api/roles/2?api_key=" + apiKey} {
				b.WriteString(normalize(c.get(p)) + "\n")
			}
			return b.String() + normalize(c.do("OPTIONS", "/api/users", nil))
		}
		for _, mode := range []reference.Compat{reference.CompatIntended, reference.CompatMage0979} {
			cfg := reference.DefaultConfig()
			cfg.Compat = mode
			set := []string{}
			if mode == reference.CompatMage0979 {
				set = reference.Deviations()
			}
			h, err := reference.NewWithDeviations(reference.DefaultConfig(), set...)
			Expect(err).NotTo(HaveOccurred())
			Expect(probe(h)).To(Equal(probe(reference.New(cfg))), "%s", mode)
		}
		one, err := reference.NewWithDeviations(reference.DefaultConfig(), "scheduler-running")
		Expect(err).NotTo(HaveOccurred())
		Expect(probe(one)).NotTo(Equal(probe(reference.New(reference.DefaultConfig()))))
	})

	It("changes in mage-0.9.79 only what some deviation claims", func() {
		claimed := map[string]bool{}
		for _, changed := range claims {
			for _, name := range changed {
				claimed[name] = true
			}
		}
		for _, sc := range scenarios {
			differs := mage[sc.name] != intended[sc.name]
			switch {
			case differs:
				Expect(claimed).To(HaveKey(sc.name), "%s differs in mage-0.9.79 but no deviation claims it:\nintended %s\nmage     %s",
					sc.name, intended[sc.name], mage[sc.name])
			default:
				Expect(claimed).NotTo(HaveKey(sc.name), "%s is claimed but mage-0.9.79 answers it as intended", sc.name)
			}
		}
	})
})

// explain shows, for a failed claim, the outcomes of the scenarios that differ from it.
func explain(id compat.ID, changed []string) string {
	var b strings.Builder
	for _, sc := range scenarios {
		if slices.Contains(changed, sc.name) != slices.Contains(claims[id], sc.name) {
			fmt.Fprintf(&b, "\n%q: changed=%v claimed=%v\n  intended: %s\n  with it:  %s", sc.name,
				slices.Contains(changed, sc.name), slices.Contains(claims[id], sc.name),
				outcome(sc, compat.Set{}, nil), outcome(sc, compat.Of(id), nil))
		}
	}
	return b.String()
}
