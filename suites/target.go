package suites

import (
	"context"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
)

// openTarget opens the server under test: a container (image or Dockerfile), the URL from the
// configuration, or the in-process reference. ctx is the suite setup's: an interrupt while a
// container is still starting cancels the start instead of leaving the container behind.
func openTarget(ctx context.Context, cfg harness.Config) (*harness.Target, error) {
	if cfg.TargetImage != "" || cfg.TargetDockerfile != "" {
		// Open waits for GET /api/status itself and, on failure, reports the container's log.
		return container.Open(ctx, cfg)
	}
	return harness.OpenTarget(cfg)
}
