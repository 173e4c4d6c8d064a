package reference

import (
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/compat"
)

// NewWithDeviations is New with an arbitrary set of deviations, so a test can enable them one
// at a time.
func NewWithDeviations(cfg Config, set compat.Set) http.Handler { return newServer(cfg, set) }
