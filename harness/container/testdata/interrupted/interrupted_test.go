// A suite that opens a container target and then waits to be interrupted: the parent test
// (../../interrupt_test.go) sends it SIGINT and checks that the container is gone afterwards.
package interrupted_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
)

func TestInterrupted(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Interrupted container target")
}

var _ = Describe("a run with a container target", Ordered, func() {
	BeforeAll(func(ctx SpecContext) {
		target, err := container.Open(ctx, harness.Config{
			TargetImage: os.Getenv("PROBE_IMAGE"),
			TargetPort:  8080,
			Wait:        time.Minute,
		})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() {
			Expect(target.Close()).To(Succeed())
			fmt.Println("child: target closed")
		})
		// Straight to stdout: the parent waits for this line before it interrupts.
		fmt.Println("child: target is up")
	})

	It("is interrupted while the target runs", func(ctx SpecContext) {
		<-ctx.Done()
	})
})
