package suites

import (
	"context"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
)

// openTarget opens the server under test: a container (image or Dockerfile), the URL from the
// configuration, or the in-process reference.
func openTarget(cfg harness.Config) (*harness.Target, error) {
	if cfg.TargetImage != "" || cfg.TargetDockerfile != "" {
		// Open waits for GET /api/status itself and, on failure, reports the container's log.
		return container.Open(context.Background(), cfg)
	}
	return harness.OpenTarget(cfg)
}
