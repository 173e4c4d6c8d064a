package suites

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
)

func TestSuites(t *testing.T) {
	RegisterFailHandler(harness.RedactedFail)
	RunSpecs(t, "Mage API conformance")
}
