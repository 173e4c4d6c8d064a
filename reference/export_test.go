package reference

import (
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/server"
)

// NewWithDeviations is New with an arbitrary set of deviations, so a test can enable them one
// at a time.
func NewWithDeviations(cfg Config, set compat.Set) http.Handler { return newServer(cfg, set) }

// EnvOf is the configuration and store behind a handler New returned.
func EnvOf(h http.Handler) *api.Env { return h.(*server.Server).Env() }
