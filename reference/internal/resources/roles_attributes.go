package resources

import (
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
)

// RoleAttributes are what a default role shows; no client writes one. role_permissions, user
// and users are shown only by Mage's formats (compat.RoleShapes, in the presenter).
var RoleAttributes = api.Declare(slices.Concat(
	api.ShownOnly([]string{"default"}, "id", "name", "permissions", "created_at", "updated_at"),
	api.ShownOnly(nil, "role_permissions", "user", "users"),
)...)
