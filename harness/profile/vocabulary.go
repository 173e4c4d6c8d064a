package profile

import (
	"slices"

	"github.com/mageconform/mageconform/fixtures"
)

// The words a profile may use. Each is described once here so that Load can reject anything
// else (a typo in a profile must not silently shrink what a run checks) and so that the
// documentation and error messages list the same choices.

// knownResources are the resources a target may declare, from the catalogue: the plural URL
// segment, as in the spec labels `resource:<plural>`.
func knownResources() []string {
	var out []string
	for _, r := range fixtures.Catalogue() {
		out = append(out, r.Plural)
	}
	return out
}

// Optional behaviours a target may declare (spec Part B marks where Mage itself differs).
const (
	FeatureHTTPErrorCodes  = "http-error-codes" // `_http_error_codes` turns error codes into HTTP statuses (B1)
	FeatureCORS            = "cors"             // CORS headers on every response (B9)
	FeatureOptions         = "options"          // OPTIONS answered 204 (B9)
	FeatureUnknownResource = "unknown-resource" // an unknown resource is E(404, record_not_found) (B10)
	// FeatureExecutesRuns: the target executes the runs it creates (a scheduler, or the
	// reference's --runs advance), so they reach completed (B4). Opt-in: a Mage web server
	// without its scheduler, the common test setup, never runs them.
	FeatureExecutesRuns = "executes-runs"
)

var knownFeatures = []string{FeatureHTTPErrorCodes, FeatureCORS, FeatureOptions, FeatureUnknownResource, FeatureExecutesRuns}

// optInFeatures are left out of the default profile: a target has them only by saying so.
var optInFeatures = []string{FeatureExecutesRuns}

// Pseudo-features derived from `user_authentication`; suites pass them to Applies for specs
// that only make sense with authentication on (key and token checks) or off (anonymous owner).
// They cannot be listed under `features:` because the switch already says it.
const (
	UserAuth   = "user-auth"
	NoUserAuth = "no-user-auth"
)

// KnownResources lists the resource names a profile may declare.
func KnownResources() []string { return knownResources() }

// KnownFeatures lists the optional behaviours a profile may declare.
func KnownFeatures() []string { return append([]string(nil), knownFeatures...) }

// DefaultFeatures are the features of a profile that does not list them: every known one
// but the opt-in ones.
func DefaultFeatures() []string {
	var out []string
	for _, f := range knownFeatures {
		if !slices.Contains(optInFeatures, f) {
			out = append(out, f)
		}
	}
	return out
}
