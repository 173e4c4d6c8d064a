package container_test

import (
	"context"
	"errors"
	"os"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
)

var _ = Describe("deciding whether container specs run", func() {
	engineDown := errors.New("no Docker engine answers at DOCKER_HOST=unix:///nowhere: connection refused")

	It("runs them when an engine answers, whatever the requirement", func() {
		for _, require := range []bool{false, true} {
			skip, err := container.Decide(nil, require)
			Expect(skip).To(BeEmpty())
			Expect(err).NotTo(HaveOccurred())
		}
	})

	It("skips them without an engine, saying why and how to make it a failure", func() {
		skip, err := container.Decide(engineDown, false)
		Expect(err).NotTo(HaveOccurred())
		Expect(skip).To(ContainSubstring(engineDown.Error()))
		Expect(skip).To(ContainSubstring("CONFORMANCE_REQUIRE_DOCKER=1"))
	})

	It("fails them without an engine when Docker is required", func() {
		skip, err := container.Decide(engineDown, true)
		Expect(skip).To(BeEmpty())
		Expect(err).To(MatchError(engineDown))
	})
})

var _ = Describe("DockerAvailable", Serial, func() {
	It("names the DOCKER_HOST it tried when nothing answers there", func(ctx SpecContext) {
		previous, had := os.LookupEnv("DOCKER_HOST")
		DeferCleanup(func() {
			if had {
				os.Setenv("DOCKER_HOST", previous)
			} else {
				os.Unsetenv("DOCKER_HOST")
			}
		})
		dead := "unix://" + GinkgoT().TempDir() + "/no-engine.sock"
		Expect(os.Setenv("DOCKER_HOST", dead)).To(Succeed())

		err := container.DockerAvailable(ctx)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring(dead))
		Expect(err.Error()).NotTo(ContainSubstring("\n"))
	})
})

var _ = Describe("reading the container part of the configuration", func() {
	It("publishes Mage's port when none is configured", func() {
		spec, err := container.SpecFrom(harness.Config{TargetImage: "example/server:1"})
		Expect(err).NotTo(HaveOccurred())
		Expect(container.SpecPort(spec)).To(Equal("6789/tcp"))
	})

	It("publishes the configured port", func() {
		spec, err := container.SpecFrom(harness.Config{TargetImage: "example/server:1", TargetPort: 8080})
		Expect(err).NotTo(HaveOccurred())
		Expect(container.SpecPort(spec)).To(Equal("8080/tcp"))
	})

	DescribeTable("refuses a configuration that names no single container target",
		func(cfg harness.Config, mentions string) {
			_, err := container.SpecFrom(cfg)
			Expect(err).To(MatchError(ContainSubstring(mentions)))
		},
		Entry("neither image nor Dockerfile", harness.Config{}, "CONFORMANCE_TARGET_IMAGE"),
		Entry("both image and Dockerfile",
			harness.Config{TargetImage: "a:1", TargetDockerfile: "Dockerfile"}, "not both"),
		Entry("a port out of range", harness.Config{TargetImage: "a:1", TargetPort: 70000}, "70000"),
	)

	It("refuses to open a target the configuration does not describe, before touching Docker", func() {
		_, err := container.Open(context.Background(), harness.Config{})
		Expect(err).To(MatchError(ContainSubstring("neither")))
	})
})

var _ = Describe("log tails in errors", func() {
	It("keeps the last non-empty lines, on one line", func() {
		Expect(container.Tail("a\n\nb\nc\nd\n", 2)).To(Equal("c | d"))
		Expect(container.Tail("only\n", 5)).To(Equal("only"))
		Expect(container.Tail("\n \n", 5)).To(BeEmpty())
	})
})
