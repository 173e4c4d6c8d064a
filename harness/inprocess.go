package harness

import (
	"net/http/httptest"

	"github.com/mageconform/mageconform/reference"
)

// openInProcess starts the reference server inside this process, configured like the target the
// run describes (key, owner credentials, user authentication, compat mode), so the same suites
// pass unchanged.
func openInProcess(cfg Config) (*Target, error) {
	rc := reference.DefaultConfig()
	rc.APIKey = cfg.APIKey
	rc.OwnerEmail = cfg.Email
	rc.OwnerPassword = cfg.Password
	rc.RequireUserAuthentication = cfg.UserAuth
	rc.Compat = cfg.EffectiveCompat()
	rc.Runs = cfg.Runs
	srv := httptest.NewServer(reference.New(rc))
	return NewTarget(srv.URL, BuiltInDescription(rc.Compat), func() error {
		srv.Close()
		return nil
	}), nil
}

// BuiltInDescription is how a run names the built-in reference in the given mode.
func BuiltInDescription(mode reference.Compat) string {
	return "built-in reference server, compat " + string(mode)
}
