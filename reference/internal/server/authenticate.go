package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/auth"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// authenticate is the OAuth middleware of C §5.1: API key first, then a header
// token (which wins over the cookie even when bad), then the cookie JWT; no
// token at all is the public scope.
func (s *Server) authenticate(r *http.Request, query url.Values, src auth.KeySource, held *callerRecords) (api.Caller, error) {
	creds := auth.Read(r, query, src)
	if creds.Fault != nil {
		return api.Caller{}, creds.Fault
	}
	if !creds.HasAPIKey || subtle.ConstantTimeCompare([]byte(creds.APIKey), []byte(s.apiKey)) != 1 {
		return api.Caller{}, apierr.InvalidAPIKey()
	}
	raw := creds.HeaderToken
	if raw == "" && creds.CookieJWT != "" {
		var err error
		if raw, err = auth.DecodeJWT(s.env.JWTSecret, creds.CookieJWT); err != nil {
			if errors.Is(err, auth.ErrNoTokenClaim) {
				return api.Caller{}, apierr.InvalidOAuthToken()
			}
			// Mage's jwt.decode raises on a cookie it cannot verify.
			return api.Caller{}, apierr.InvalidOAuthToken().
				InMage(compat.BadCookie500, apierr.Unhandled("DecodeError", "%s", err.Error()))
		}
	}
	if raw == "" {
		return api.Caller{}, nil
	}
	var found, hasUser bool
	s.env.Store.Read(func(d *store.Data) {
		if held.token, found = d.Token(raw); found {
			held.user, hasUser = d.Users.Get(held.token.UserID)
		}
	})
	switch {
	case !found:
		return api.Caller{}, apierr.InvalidOAuthToken()
	case held.token.Revoked || !hasUser || held.token.Expires.Before(s.env.Now()):
		return api.Caller{}, apierr.ExpiredOAuthToken()
	}
	return api.Caller{User: &held.user, Token: &held.token, Level: role.UserLevel(s.env.Store, held.user)}, nil
}
