package harness

import "errors"

// openInProcess starts the reference server inside this process.
func openInProcess(cfg Config) (*Target, error) {
	return nil, errors.New("in-process reference: waiting for reference.New (set CONFORMANCE_TARGET_URL meanwhile)")
}
