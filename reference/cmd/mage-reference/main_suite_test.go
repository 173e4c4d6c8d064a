package main

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
)

func TestMageReference(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "mage-reference command")
}

// binary is the command, built once for the specs that run it.
var binary string

var _ = BeforeSuite(func() {
	var err error
	binary, err = gexec.BuildWithEnvironment("github.com/mageconform/mageconform/reference/cmd/mage-reference", []string{"CGO_ENABLED=0"})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(gexec.CleanupBuildArtifacts)
})
