package container_test

import (
	"context"
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
)

var _ = Describe("a container target", Ordered, Label("docker"), func() {
	var dockerfile, image string

	BeforeAll(func(ctx SpecContext) {
		gateDocker(ctx)
		dockerfile = probeContext(ctx)
		image = buildImage(ctx, dockerfile, "mageconform-probe")
	})

	// open starts a probe target and closes it at cleanup unless the spec already did.
	open := func(ctx context.Context, cfg harness.Config) *harness.Target {
		target, err := container.Open(ctx, cfg)
		Expect(err).NotTo(HaveOccurred())
		return target
	}

	It("runs an image with the configured port and environment, and Close removes it", func(ctx SpecContext) {
		target := open(ctx, harness.Config{
			TargetImage: image,
			TargetPort:  probePort,
			TargetEnv:   map[string]string{"PROBE_ECHO": "from CONFORMANCE_TARGET_ENV"},
			Wait:        time.Minute,
		})
		Expect(containersFrom(ctx, image)).To(HaveLen(1))
		Expect(hostIPsOf(ctx, image)).To(ConsistOf("127.0.0.1"), "a local engine publishes on loopback only")
		Expect(probeEcho(ctx, target.URL)).To(Equal("from CONFORMANCE_TARGET_ENV"))

		Expect(target.Close()).To(Succeed())
		Expect(containersFrom(ctx, image)).To(BeEmpty())
	})

	It("builds a Dockerfile's folder into an image, runs it, and Close removes both", func(ctx SpecContext) {
		target := open(ctx, harness.Config{
			TargetDockerfile: dockerfile,
			TargetPort:       probePort,
			TargetEnv:        map[string]string{"PROBE_ECHO": "built"},
			Wait:             time.Minute,
		})
		Expect(sessionContainers(ctx)).To(HaveLen(1))
		built := sessionImages(ctx)[0]
		Expect(imageExists(ctx, built)).To(BeTrue())
		Expect(probeEcho(ctx, target.URL)).To(Equal("built"))

		Expect(target.Close()).To(Succeed())
		Expect(sessionContainers(ctx)).To(BeEmpty())
		Expect(imageExists(ctx, built)).To(BeFalse(), "the image built for the run is removed too")
	})

	It("publishes Mage's port 6789 when no port is configured", func(ctx SpecContext) {
		target := open(ctx, harness.Config{
			TargetImage: image,
			TargetEnv:   map[string]string{"PROBE_ADDR": ":6789", "PROBE_ECHO": "on 6789"},
			Wait:        time.Minute,
		})
		DeferCleanup(target.Close)
		Expect(probeEcho(ctx, target.URL)).To(Equal("on 6789"))
	})

	DescribeTable("a container that never answers GET /api/status fails with one line holding its log",
		func(ctx SpecContext, mode string, wait time.Duration, happened, lastLine string) {
			_, err := container.Open(ctx, harness.Config{
				TargetImage: image,
				TargetPort:  probePort,
				TargetEnv:   map[string]string{"PROBE_MODE": mode},
				Wait:        wait,
			})
			Expect(err).To(HaveOccurred())
			Expect(err.Error()).To(ContainSubstring(happened))
			Expect(err.Error()).To(ContainSubstring("last log lines: "))
			Expect(err.Error()).To(ContainSubstring(lastLine))
			Expect(err.Error()).NotTo(ContainSubstring("\n"))
			Expect(containersFrom(ctx, image)).To(BeEmpty(), "the failed container is removed")
		},
		// The wait is a minute, so only noticing the exit (not a timeout) can produce this error.
		Entry("one that exits at once", "exit", time.Minute,
			"exited with code 3 before GET /api/status answered", "probe: giving up at once"),
		Entry("one that never listens", "silent", 2*time.Second,
			"did not answer GET /api/status on port 8080/tcp within 2s", "probe: never listening"),
	)

	It("reports a Dockerfile that does not build in one line with the build's last lines", func(ctx SpecContext) {
		broken := filepath.Join(GinkgoT().TempDir(), "Dockerfile")
		Expect(os.WriteFile(broken, []byte("FROM scratch\nCOPY no-such-file /app\n"), 0o644)).To(Succeed())

		_, err := container.Open(ctx, harness.Config{TargetDockerfile: broken, Wait: time.Minute})
		Expect(err).To(MatchError(ContainSubstring("could not be built")))
		Expect(err.Error()).To(ContainSubstring("no-such-file"))
		Expect(err.Error()).NotTo(ContainSubstring("\n"))
		Expect(sessionContainers(ctx)).To(BeEmpty())
	})

	It("says that the engine is up", func(ctx SpecContext) {
		Expect(container.DockerAvailable(ctx)).To(Succeed())
	})
})
