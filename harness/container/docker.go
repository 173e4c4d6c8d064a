package container

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// engineProbeTimeout bounds DockerAvailable: a wedged engine must not hang a run's setup.
const engineProbeTimeout = 10 * time.Second

// DockerAvailable returns nil when a Docker engine answers; otherwise the error says why not
// (which host was tried and what went wrong), in one line.
func DockerAvailable(ctx context.Context) error {
	localDefaults()
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

// localDefaults sets two testcontainers settings unless the user chose otherwise. Both are read
// once, from the environment, at testcontainers' first use: hence Setenv, first thing in
// DockerAvailable (which Open calls before anything else).
//   - The Ryuk reaper is off: it is an image pulled from a registry, unreachable where this
//     harness usually runs, and Close already terminates what Open started (also on interrupt,
//     through Ginkgo's cleanup).
//   - With a local engine, published ports are reached on localhost. Left alone, testcontainers
//     guesses the bridge gateway when it thinks it runs inside a container, and tests would talk
//     to a private-range address instead of loopback.
func localDefaults() {
	setUnlessSet("TESTCONTAINERS_RYUK_DISABLED", "true")
	if engineIsLocal(os.Getenv("DOCKER_HOST")) {
		setUnlessSet("TESTCONTAINERS_HOST_OVERRIDE", "localhost")
	}
}

func engineIsLocal(dockerHost string) bool {
	return dockerHost == "" || strings.HasPrefix(dockerHost, "unix://")
}

func setUnlessSet(key, value string) {
	if _, set := os.LookupEnv(key); !set {
		_ = os.Setenv(key, value)
	}
}
