package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// SessionAttributes: a login (SessionPolicy's create, open to the public scope) sends an
// email or a username with a password, or a provider's token; a session shows its token (the
// JWT), expiry and user. The user block's own attributes are the presenter's
// (sessionUserAttributes), from UserAttributes.
var SessionAttributes = func() *api.Attributes {
	login := api.WrittenOn(nil, api.ActionCreate)
	shown := []string{"default"}
	return api.Declare(
		api.Attribute{Name: "email", Kind: api.KindString, Write: login},
		api.Attribute{Name: "username", Kind: api.KindString, Write: login},
		api.Attribute{Name: "password", Kind: api.KindString, Write: login, Sensitive: true},
		api.Attribute{Name: "provider", Kind: api.KindString, Write: login},
		api.Attribute{Name: "token", Kind: api.KindString, Write: login, Shown: shown},
		api.Attribute{Name: "expires", Shown: shown},
		api.Attribute{Name: "user", Shown: shown},
	)
}()
