package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness/profile"
)

// notApplicable is why the target's profile leaves out the resource or the features ("" when
// it declares them). resource "" checks features only.
func notApplicable(resource string, features ...string) string {
	if ok, why := env().profile.Applies(resource, features...); !ok {
		return why
	}
	return ""
}

// needsAuth is why a spec that needs user authentication on the target cannot run ("" if it can).
func needsAuth(resource string, features ...string) string {
	if why := notApplicable(resource, append(features, profile.UserAuth)...); why != "" {
		return why
	}
	if !env().cfg.UserAuth {
		return profile.NotApplicable + "CONFORMANCE_USER_AUTH=off"
	}
	return ""
}

// needsOpen is why a spec for a target without user authentication cannot run ("" if it can).
func needsOpen(resource string, features ...string) string {
	if why := notApplicable(resource, append(features, profile.NoUserAuth)...); why != "" {
		return why
	}
	if env().cfg.UserAuth {
		return profile.NotApplicable + "CONFORMANCE_USER_AUTH is on"
	}
	return ""
}

// writesOpenWithoutAuth is why a disabled write action cannot be judged ("" if it can): with user
// authentication off, Mage allows create, update and delete before it looks for an action rule
// (Part C §5.5, §6 step 1), so only reads stay disabled.
func writesOpenWithoutAuth(a fixtures.Action) string {
	if a == fixtures.Detail || a == fixtures.List || env().authOn() {
		return ""
	}
	return profile.NotApplicable + "with user authentication off a disabled " + string(a) + " is allowed, as in Mage"
}

func skipIf(why string) {
	if why != "" {
		Skip(why)
	}
}

// skipUnlessApplicable skips the running spec when the profile leaves out the resource or features.
func skipUnlessApplicable(resource string, features ...string) {
	skipIf(notApplicable(resource, features...))
}

// skipUnlessAuth skips specs that need user authentication on the target.
func skipUnlessAuth(resource string, features ...string) { skipIf(needsAuth(resource, features...)) }

// skipUnlessOpen skips specs for a target that runs without user authentication.
func skipUnlessOpen(resource string, features ...string) { skipIf(needsOpen(resource, features...)) }

// gateContainer makes every spec of the enclosing ordered container skip with the reason (a
// Skip inside BeforeAll would leave the later specs with Ginkgo's own message instead of
// "not applicable: ..."). BeforeAll calls the returned function first and sets nothing up when
// it answers false.
func gateContainer(reason func() string) (applies func() bool) {
	var why string
	BeforeEach(func() { skipIf(why) })
	return func() bool {
		why = reason()
		return why == ""
	}
}

// resourceGate is gateContainer for a resource the profile must declare.
func resourceGate(resource string) func() bool {
	return gateContainer(func() string { return notApplicable(resource) })
}
