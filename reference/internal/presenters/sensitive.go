package presenters

import (
	"fmt"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
)

// neverShown are the attributes no response may carry (A7), for every
// resource ("") or for one. Formats are allow-lists, so a format that does
// not list them keeps them out of every response.
var neverShown = map[string][]string{
	"":        {"password", "password_hash", "password_salt", "password_confirmation", "password_current"},
	"secrets": {"value"},
}

// CheckSensitive returns an error when a format of the resource's presenter
// lists an attribute that must never be shown; the registry refuses to build
// such a server. The session's user block is checked too, since it is
// filtered by its own list rather than by a format.
func CheckSensitive(plural string, p api.Presenter) error {
	lists := map[string][]string{"session user": sessionUserAttributes}
	for name, keys := range p.Formats {
		lists[plural+" format "+name] = keys
	}
	for id, formats := range p.InMage {
		for name, keys := range formats {
			lists[plural+" format "+name+" ("+string(id)+")"] = keys
		}
	}
	for where, keys := range lists {
		for _, hidden := range append(neverShown[""], neverShown[plural]...) {
			if slices.Contains(keys, hidden) {
				return fmt.Errorf("presenters: %s shows %s", where, hidden)
			}
		}
	}
	return nil
}
