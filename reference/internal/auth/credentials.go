package auth

import (
	"net/http"
	"net/url"
	"strings"
)

// Token placements, in the order the middleware consults them.
const (
	HeaderOAuthToken = "OAUTH-TOKEN"
	HeaderAPIKey     = "X-API-KEY"
	CookieName       = "oauth_token"
)

// Credentials is what a request carries, before any lookup.
type Credentials struct {
	APIKey    string
	HasAPIKey bool
	// HeaderToken is a raw token from OAUTH-TOKEN or Authorization: Bearer.
	HeaderToken string
	// CookieJWT is the oauth_token cookie; consulted only without a header token.
	CookieJWT string
	// Fault is set when reading the key from the body raised, as it does in Mage for some
	// bodies (compat.BodyAPIKey500); the request then fails before authentication.
	Fault error
}

// KeySource says where the API key may come from for this request (C §2):
// the JSON body's api_key for a POST whose body is a JSON object, else the query.
type KeySource struct {
	BodyIsObject bool
	BodyKey      any // the body's "api_key" value, nil when absent
	BodyHasKey   bool
	// Fault: reading the key from this body raises (see Credentials.Fault).
	Fault error
}

// The header names as http.Header keys them (canonical), so reading them costs no conversion.
var (
	keyAPIKey        = http.CanonicalHeaderKey(HeaderAPIKey)
	keyOAuthToken    = http.CanonicalHeaderKey(HeaderOAuthToken)
	keyAuthorization = http.CanonicalHeaderKey("Authorization")
)

// header is the first value of a canonical header key, like http.Header.Get.
func header(h http.Header, canonicalKey string) string {
	if v := h[canonicalKey]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Read collects the credentials of r, whose parsed query is given.
func Read(r *http.Request, query url.Values, src KeySource) Credentials {
	var c Credentials
	if v := header(r.Header, keyAPIKey); v != "" {
		c.APIKey, c.HasAPIKey = v, true
	} else if r.Method == http.MethodPost && src.Fault != nil {
		c.Fault = src.Fault
	} else if r.Method == http.MethodPost && src.BodyIsObject {
		// A POST with a JSON body takes the key from the body only, even when
		// the query has one (C11 #31).
		if s, ok := src.BodyKey.(string); ok && src.BodyHasKey && s != "" {
			c.APIKey, c.HasAPIKey = s, true
		}
	} else if v := query.Get("api_key"); v != "" {
		c.APIKey, c.HasAPIKey = v, true
	}
	if v := header(r.Header, keyOAuthToken); v != "" {
		c.HeaderToken = v
	} else if v := header(r.Header, keyAuthorization); v != "" {
		c.HeaderToken = bearer(v)
	}
	if c.HeaderToken == "" {
		if ck, err := r.Cookie(CookieName); err == nil {
			c.CookieJWT = ck.Value
		}
	}
	return c
}

// bearer extracts the token from an Authorization header the way Mage does:
// the first comma-separated part mentioning "bearer" (any case), without a
// literal "Bearer " / "bearer " prefix.
func bearer(header string) string {
	for part := range strings.SplitSeq(header, ",") {
		if !strings.Contains(strings.ToLower(part), "bearer") {
			continue
		}
		part = strings.TrimSpace(part)
		for _, prefix := range []string{"Bearer ", "bearer "} {
			if rest, ok := strings.CutPrefix(part, prefix); ok {
				return strings.TrimSpace(rest)
			}
		}
		return part
	}
	return ""
}
