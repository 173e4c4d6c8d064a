package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/harness/profile"
)

// skipUnlessApplicable skips the running spec (or, from a BeforeAll, its whole ordered
// container) when the target's profile does not declare the resource or the features.
// resource "" checks features only.
func skipUnlessApplicable(resource string, features ...string) {
	if ok, why := env().profile.Applies(resource, features...); !ok {
		Skip(why)
	}
}

// skipUnlessAuth skips specs that need user authentication on the target.
func skipUnlessAuth(resource string, features ...string) {
	skipUnlessApplicable(resource, append(features, profile.UserAuth)...)
	if !env().cfg.UserAuth {
		Skip(profile.NotApplicable + "CONFORMANCE_USER_AUTH=off")
	}
}

// skipUnlessOpen skips specs for a target that runs without user authentication.
func skipUnlessOpen(resource string, features ...string) {
	skipUnlessApplicable(resource, append(features, profile.NoUserAuth)...)
	if env().cfg.UserAuth {
		Skip(profile.NotApplicable + "CONFORMANCE_USER_AUTH is on")
	}
}
