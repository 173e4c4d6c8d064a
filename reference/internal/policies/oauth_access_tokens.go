package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// OauthAccessTokens: viewers list their own tokens, with show_all; every other action is
// disabled.
func OauthAccessTokens() api.Policy {
	viewer := api.AtLeast(role.Viewer)
	return api.Policy{api.ActionList: {Rule: private(viewer), Query: attributes(viewer, "show_all")}}
}
