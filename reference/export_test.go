package reference

import (
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/server"
)

// NewWithSet is NewWithDeviations with a set the battery built, so a test can enable the
// deviations one at a time.
func NewWithSet(cfg Config, set compat.Set) http.Handler { return newServer(cfg, set) }

// EnvOf is the configuration and store behind a handler New returned.
func EnvOf(h http.Handler) *api.Env { return h.(*server.Server).Env() }
