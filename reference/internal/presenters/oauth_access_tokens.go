package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// OauthAccessTokens shows a token's expiry, its raw value (the bearer credential: the list
// shows the caller only its own) and its user.
func OauthAccessTokens() api.Presenter {
	return api.Presenter{
		Formats: resources.OauthAccessTokenAttributes.Formats(),
		Present: func(op *api.Op, record any) map[string]any {
			t := record.(store.Token)
			expires := nullTime(&t.Expires)
			if op.Env.Compat.Has(compat.SQLiteDatetimes) {
				expires = pythonDatetime(&t.Expires)
			}
			return map[string]any{"expires": expires, "token": t.Raw, "user_id": t.UserID}
		},
	}
}
