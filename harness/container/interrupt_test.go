package container_test

import (
	"os"
	"os/exec"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
)

var _ = Describe("an interrupted run", Ordered, Label("docker"), func() {
	It("still terminates its container target when it gets SIGINT", func(ctx SpecContext) {
		gateDocker(ctx)
		image := buildImage(ctx, probeContext(ctx), "mageconform-probe-interrupted")
		child := compileTest(ctx, "./harness/container/testdata/interrupted", GinkgoT().TempDir())

		cmd := exec.Command(child, "-test.v")
		cmd.Env = append(os.Environ(), "PROBE_IMAGE="+image, "GINKGO_NO_COLOR=1")
		session, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() { session.Kill() })

		Eventually(session, 2*time.Minute).Should(gbytes.Say("child: target is up"))
		Expect(containersFrom(ctx, image)).To(HaveLen(1))

		session.Interrupt()
		Eventually(session, 2*time.Minute).Should(gexec.Exit())
		Expect(session.ExitCode()).NotTo(Equal(0), "an interrupted run is not a passing run")
		Expect(session).To(gbytes.Say("child: target closed"))
		Expect(containersFrom(ctx, image)).To(BeEmpty())
	})
})
