package api

import (
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Caller is who sends the request.
type Caller struct {
	User  *store.User  // nil in the public scope and with authentication off
	Token *store.Token // the access token the request authenticated with
	Level role.Level
	// AuthOff: user authentication is disabled, so every caller is an anonymous owner.
	AuthOff bool
}

// IsOwner is true for owners and for everyone when authentication is off.
func (c Caller) IsOwner() bool { return c.AuthOff || c.Level == role.Owner }

// AtLeast is true when the caller's role is level or higher.
func (c Caller) AtLeast(level role.Level) bool { return c.AuthOff || c.Level >= level }
