package main

import (
	"io"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("the --runs option", func() {
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}

	It("defaults to stay, reads MAGE_REFERENCE_RUNS, and the flag wins", func() {
		opts, err := parseOptions(nil, env(nil), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.config.Runs).To(Equal(reference.RunsStay))
		opts, err = parseOptions(nil, env(map[string]string{"MAGE_REFERENCE_RUNS": "advance"}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.config.Runs).To(Equal(reference.RunsAdvance))
		opts, err = parseOptions([]string{"--runs", "stay"}, env(map[string]string{"MAGE_REFERENCE_RUNS": "advance"}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.config.Runs).To(Equal(reference.RunsStay))
	})

	It("refuses any other value in one line", func() {
		_, err := parseOptions([]string{"--runs", "fast"}, env(nil), io.Discard)
		Expect(err).To(MatchError(And(ContainSubstring("--runs"), ContainSubstring("MAGE_REFERENCE_RUNS"), ContainSubstring(`"fast"`))))
		_, err = parseOptions(nil, env(map[string]string{"MAGE_REFERENCE_RUNS": "sometimes"}), io.Discard)
		Expect(err).To(HaveOccurred())
	})
})
