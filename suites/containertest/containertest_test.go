// Package containertest runs the whole conformance suite against the reference server shipped
// as a container image: built with testcontainers-go's FromDockerfile from the repository's
// Dockerfile, around a static binary compiled first into a temporary build context (no registry
// is reachable, so there is no golang build stage). With CONFORMANCE_TARGET_IMAGE or
// CONFORMANCE_TARGET_DOCKERFILE set, it judges that container instead.
package containertest_test

import (
	"context"
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
	"github.com/mageconform/mageconform/harness/container/imagectx"

	// Registers every conformance spec and the suite setup that opens the configured target.
	_ "github.com/mageconform/mageconform/suites"
)

// containerWait replaces the 4s default readiness wait: the engine starts the container while
// other packages' tests load the machine. It is a ceiling, never a speed check.
const containerWait = "60s"

func TestConformanceAgainstContainer(t *testing.T) {
	ctx := context.Background()
	cfg, err := harness.LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	skip, err := container.Gate(ctx, cfg.RequireDocker)
	if err != nil {
		t.Fatal(err)
	}
	if skip != "" {
		t.Skip(skip)
	}
	if cfg.TargetImage == "" && cfg.TargetDockerfile == "" {
		t.Setenv(harness.EnvTargetDockerfile, referenceDockerfile(ctx, t))
		// A URL target (say, for the plain suites) would conflict with the container target.
		t.Setenv(harness.EnvTargetURL, "")
	}
	if os.Getenv(harness.EnvWait) == "" {
		t.Setenv(harness.EnvWait, containerWait)
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "Mage API conformance, reference server in a container", Label("docker"))
}

// referenceDockerfile lays out the reference image's build context, as `make image` would, in a
// temporary folder, and returns its Dockerfile.
func referenceDockerfile(ctx context.Context, t *testing.T) string {
	root, err := imagectx.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dockerfile, err := imagectx.Reference(ctx, root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dockerfile
}
