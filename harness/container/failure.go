package container

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/testcontainers/testcontainers-go"
)

// startFailure turns a failed start into one line that says what happened and shows the last
// lines the container (or the image build) printed, then removes the container. testcontainers'
// own error is a chain of wrapped messages ("generic container: start container: ..."), which
// tells less than the container's state and log.
func startFailure(ctr testcontainers.Container, spec targetSpec, buildLog string, cause error) error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupBudget)
	defer cancel()
	if ctr == nil {
		// The usual cause is an image that is neither local nor pullable (no registry reachable).
		what := "could not be created (is the image in the local engine? `docker image ls`)"
		if spec.dockerfile != "" {
			what = "could not be built or created"
			if last := tail(buildLog, logTailLines); last != "" {
				return fmt.Errorf("container target %s %s: %s; last build log lines: %s", spec.source, what, oneLine(cause), last)
			}
		}
		return fmt.Errorf("container target %s %s: %s", spec.source, what, oneLine(cause))
	}
	what := describeFailure(ctx, ctr, spec, cause)
	logs := lastLogLines(ctx, ctr)
	if err := terminate(ctr); err != nil {
		what += " (and " + err.Error() + ")"
	}
	return fmt.Errorf("container target %s (%s) %s; last log lines: %s", spec.source, shortID(ctr.GetContainerID()), what, logs)
}

func describeFailure(ctx context.Context, ctr testcontainers.Container, spec targetSpec, cause error) string {
	state, err := ctr.State(ctx)
	switch {
	case err == nil && state.OOMKilled:
		return "was killed for lack of memory before GET /api/status answered"
	case err == nil && !state.Running && state.Status == "exited":
		return fmt.Sprintf("exited with code %d before GET /api/status answered", state.ExitCode)
	case errors.Is(cause, context.DeadlineExceeded):
		return fmt.Sprintf("did not answer GET /api/status on port %s within %s (CONFORMANCE_WAIT)", spec.port, spec.wait)
	default:
		return "did not start: " + oneLine(cause)
	}
}

func lastLogLines(ctx context.Context, ctr testcontainers.Container) string {
	rc, err := ctr.Logs(ctx)
	if err != nil {
		return "(unavailable: " + oneLine(err) + ")"
	}
	defer rc.Close()
	text, err := io.ReadAll(rc)
	if err != nil && len(text) == 0 {
		return "(unavailable: " + oneLine(err) + ")"
	}
	if last := tail(string(text), logTailLines); last != "" {
		return last
	}
	return "(the container printed nothing)"
}
