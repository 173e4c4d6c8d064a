package container

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// engineProbeTimeout bounds DockerAvailable: a wedged engine must not hang a run's setup.
const engineProbeTimeout = 10 * time.Second

// DockerAvailable returns nil when a Docker engine answers; otherwise the error says why not
// (which host was tried and what went wrong), in one line.
func DockerAvailable(ctx context.Context) error {
	disableReaperUnlessAsked()
	ctx, cancel := context.WithTimeout(ctx, engineProbeTimeout)
	defer cancel()
	// An explicit DOCKER_HOST is what the user meant: testcontainers' discovery would silently fall
	// back to /var/run/docker.sock when it is dead, so that host is pinged as given.
	if host := os.Getenv("DOCKER_HOST"); host != "" {
		cli, err := client.New(client.FromEnv)
		if err != nil {
			return fmt.Errorf("no Docker engine: DOCKER_HOST=%s is unusable: %s", host, oneLine(err))
		}
		defer cli.Close()
		if _, err := cli.Ping(ctx, client.PingOptions{}); err != nil {
			return fmt.Errorf("no Docker engine answers at DOCKER_HOST=%s: %s", host, oneLine(err))
		}
		return nil
	}
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("no Docker engine answers (DOCKER_HOST unset, default sockets tried): %s", oneLine(err))
	}
	defer cli.Close()
	if _, err := cli.Ping(ctx, client.PingOptions{}); err != nil {
		return fmt.Errorf("no Docker engine answers: %s", oneLine(err))
	}
	return nil
}

// Gate decides what a container spec does before it starts: run (both results empty), skip with
// the returned reason, or fail with the returned error when CONFORMANCE_REQUIRE_DOCKER is set.
func Gate(ctx context.Context, requireDocker bool) (skipReason string, err error) {
	return decide(DockerAvailable(ctx), requireDocker)
}

func decide(unavailable error, requireDocker bool) (string, error) {
	switch {
	case unavailable == nil:
		return "", nil
	case requireDocker:
		return "", fmt.Errorf("CONFORMANCE_REQUIRE_DOCKER is set but %w", unavailable)
	default:
		return fmt.Sprintf("skipped (label docker): %s; set CONFORMANCE_REQUIRE_DOCKER=1 to fail instead",
			unavailable), nil
	}
}

// disableReaperUnlessAsked turns testcontainers' Ryuk reaper off unless the user chose otherwise:
// Ryuk is an image pulled from a registry, which is unreachable where this harness usually runs,
// and Open's Close already terminates what it started (also on interrupt, via Ginkgo's cleanup).
// testcontainers reads its configuration once, from the environment, at its first use: hence
// Setenv, first thing in DockerAvailable and Open.
func disableReaperUnlessAsked() {
	if _, set := os.LookupEnv("TESTCONTAINERS_RYUK_DISABLED"); !set {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
}
