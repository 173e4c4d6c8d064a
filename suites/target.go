package suites

import "github.com/mageconform/mageconform/harness"

// openTarget opens the server under test: the URL from the configuration, or the in-process
// reference. Container targets are added here.
func openTarget(cfg harness.Config) (*harness.Target, error) {
	return harness.OpenTarget(cfg)
}
