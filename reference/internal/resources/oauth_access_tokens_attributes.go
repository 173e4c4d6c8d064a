package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// OauthAccessTokenAttributes are what a token list item shows: its expiry, its raw value (the
// bearer credential; the list shows the caller only its own) and its user. No client writes
// a token.
var OauthAccessTokenAttributes = api.Declare(api.ShownOnly([]string{"default"}, "expires", "token", "user_id")...)
