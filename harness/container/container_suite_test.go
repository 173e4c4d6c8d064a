package container_test

import (
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/internal/skips"
)

// Specs skipped for want of something on the machine are named in make test's output.
var _ = ReportAfterSuite("skipped specs", func(r Report) { skips.Report(os.Stdout, r) })

func TestContainer(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Container targets")
}
