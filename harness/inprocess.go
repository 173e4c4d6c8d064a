package harness

import (
	"net/http/httptest"

	"github.com/mageconform/mageconform/reference"
)

// openInProcess starts the reference server inside this process, configured like the target the
// run describes (key, owner credentials, user authentication), so the same suites pass unchanged.
func openInProcess(cfg Config) (*Target, error) {
	rc := reference.DefaultConfig()
	rc.APIKey = cfg.APIKey
	rc.OwnerEmail = cfg.Email
	rc.OwnerPassword = cfg.Password
	rc.RequireUserAuthentication = cfg.UserAuth
	srv := httptest.NewServer(reference.New(rc))
	return NewTarget(srv.URL, "in-process reference", func() error {
		srv.Close()
		return nil
	}), nil
}
