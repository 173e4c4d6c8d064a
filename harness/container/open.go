// Package container runs the server under test as a container (an image, or one built from a
// Dockerfile) through testcontainers-go, and hands it to the suites as an ordinary
// harness.Target. It is the only harness package that imports testcontainers.
package container

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	dockercontainer "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/mageconform/mageconform/harness"
)

const (
	// DefaultPort is the container port served when CONFORMANCE_TARGET_PORT is unset: Mage's port.
	DefaultPort = 6789
	// defaultWait applies when the configuration gives no readiness timeout at all.
	defaultWait = 30 * time.Second
	// stopGrace is how long a container gets to stop on SIGTERM before it is killed.
	stopGrace = 5 * time.Second
	// cleanupBudget bounds the work done after a failure or at Close, on a fresh context so that
	// an interrupted run (whose context is cancelled) still removes what it started.
	cleanupBudget = 30 * time.Second
)

// Open starts the container target cfg describes: cfg.TargetImage as is, or an image built from
// cfg.TargetDockerfile (build context: the Dockerfile's folder). It publishes cfg.TargetPort
// (DefaultPort when zero), passes cfg.TargetEnv as the container's environment, waits until
// GET /api/status answers (for cfg.Wait), and returns a Target whose Close terminates the
// container and removes any image it built. Every error is one line; a container that exits or
// never answers is reported with its last log lines.
func Open(ctx context.Context, cfg harness.Config) (*harness.Target, error) {
	spec, err := specFrom(cfg)
	if err != nil {
		return nil, err
	}
	if err := DockerAvailable(ctx); err != nil {
		return nil, fmt.Errorf("container target %s: %w", spec.source, err)
	}

	buildLog := &bytes.Buffer{}
	ctr, err := testcontainers.GenericContainer(ctx, spec.request(buildLog))
	if err != nil {
		return nil, startFailure(ctr, spec, buildLog.String(), err)
	}
	url, err := endpoint(ctx, ctr, spec.port)
	if err != nil {
		_ = terminate(ctr)
		return nil, fmt.Errorf("container target %s: %s", spec.source, oneLine(err))
	}
	description := fmt.Sprintf("container %s (%s)", spec.source, shortID(ctr.GetContainerID()))
	return harness.NewTarget(url, description, func() error { return terminate(ctr) }), nil
}

// targetSpec is the part of the configuration that describes the container.
type targetSpec struct {
	source     string // what the user named: the image, or the Dockerfile path
	image      string
	dockerfile string // absolute
	port       string // "6789/tcp"
	env        map[string]string
	wait       time.Duration
}

func specFrom(cfg harness.Config) (targetSpec, error) {
	spec := targetSpec{image: cfg.TargetImage, env: cfg.TargetEnv, wait: cfg.Wait}
	switch {
	case cfg.TargetImage != "" && cfg.TargetDockerfile != "":
		return spec, errors.New("container target: set CONFORMANCE_TARGET_IMAGE or CONFORMANCE_TARGET_DOCKERFILE, not both")
	case cfg.TargetImage != "":
		spec.source = cfg.TargetImage
	case cfg.TargetDockerfile != "":
		abs, err := filepath.Abs(cfg.TargetDockerfile)
		if err != nil {
			return spec, fmt.Errorf("container target: Dockerfile %q: %w", cfg.TargetDockerfile, err)
		}
		// go test runs in the package's folder, so a relative path is rarely what was meant.
		if _, err := os.Stat(abs); err != nil {
			return spec, fmt.Errorf("container target: Dockerfile %s: %s (relative paths start in the test's package folder: give an absolute path)", abs, oneLine(err))
		}
		spec.source, spec.dockerfile = cfg.TargetDockerfile, abs
	default:
		return spec, errors.New("container target: neither CONFORMANCE_TARGET_IMAGE nor CONFORMANCE_TARGET_DOCKERFILE is set")
	}
	port := cfg.TargetPort
	if port == 0 {
		port = DefaultPort
	}
	if port < 1 || port > 65535 {
		return spec, fmt.Errorf("container target: CONFORMANCE_TARGET_PORT %d is not a TCP port", port)
	}
	spec.port = strconv.Itoa(port) + "/tcp"
	if spec.wait <= 0 {
		spec.wait = defaultWait
	}
	return spec, nil
}

func (s targetSpec) request(buildLog *bytes.Buffer) testcontainers.GenericContainerRequest {
	req := testcontainers.ContainerRequest{
		Image:        s.image,
		ExposedPorts: []string{s.port},
		Env:          s.env,
		WaitingFor:   readiness(s.port, s.wait),
	}
	if engineIsLocal(os.Getenv("DOCKER_HOST")) {
		req.HostConfigModifier = loopbackOnly(s.port)
	}
	if s.dockerfile != "" {
		req.FromDockerfile = testcontainers.FromDockerfile{
			Context:        filepath.Dir(s.dockerfile),
			Dockerfile:     filepath.Base(s.dockerfile),
			Repo:           "mageconform-target",
			BuildLogWriter: buildLog,
		}
	}
	return testcontainers.GenericContainerRequest{
		ContainerRequest: req,
		Started:          true,
		// testcontainers would print its own progress and dump whole logs on failure; this
		// package reports one line instead.
		Logger: tclog.NewNoopLogger(),
	}
}

// loopbackOnly publishes the port on 127.0.0.1 alone: the server under test is reached from this
// machine only, and nothing else should reach it. Used when the engine is local; a remote engine
// publishes on all its interfaces, or the harness could not reach it.
func loopbackOnly(port string) func(*dockercontainer.HostConfig) {
	return func(hc *dockercontainer.HostConfig) {
		p, err := network.ParsePort(port)
		if err != nil {
			return // specFrom built the port; testcontainers reports a bad one itself
		}
		hc.PortBindings = network.PortMap{p: {{HostIP: netip.AddrFrom4([4]byte{127, 0, 0, 1})}}}
	}
}

// readiness accepts any answer below 500 from GET /api/status: Mage answers it without a key, and
// a 5xx is what a proxy in front of a server that is still starting says.
func readiness(port string, timeout time.Duration) wait.Strategy {
	return wait.ForHTTP("/api/status").
		WithPort(port).
		WithForcedIPv4LocalHost().
		WithStatusCodeMatcher(func(status int) bool { return status < 500 }).
		WithStartupTimeout(timeout)
}

// endpoint is the base URL of the published port. "localhost" becomes 127.0.0.1 because Docker
// may publish on IPv4 only while localhost resolves to ::1 first.
func endpoint(ctx context.Context, ctr testcontainers.Container, port string) (string, error) {
	url, err := ctr.PortEndpoint(ctx, port, "http")
	if err != nil {
		return "", err
	}
	return strings.Replace(url, "//localhost:", "//127.0.0.1:", 1), nil
}

// terminate stops and removes the container (and the image it was built from), on a fresh
// context: Close runs during cleanup, when the run's own context may already be cancelled.
func terminate(ctr testcontainers.Container) error {
	if ctr == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), cleanupBudget)
	defer cancel()
	if err := ctr.Terminate(ctx, testcontainers.StopTimeout(stopGrace)); err != nil {
		return fmt.Errorf("terminating container %s: %s", shortID(ctr.GetContainerID()), oneLine(err))
	}
	return nil
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
