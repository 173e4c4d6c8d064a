package harness

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// KeyPlacement is where the API key travels (Mage reads X-API-KEY, a JSON body's api_key on
// POST, or ?api_key=).
type KeyPlacement string

const (
	KeyHeader KeyPlacement = "header"
	KeyBody   KeyPlacement = "body"
	KeyQuery  KeyPlacement = "query"
)

// TokenPlacement is where the session token travels: T in OAUTH-TOKEN or Authorization: Bearer,
// J in the oauth_token cookie.
type TokenPlacement string

const (
	TokenOAuthHeader TokenPlacement = "oauth-token"
	TokenBearer      TokenPlacement = "bearer"
	TokenCookie      TokenPlacement = "cookie"
)

// KeyPlacements and TokenPlacements list every placement, for auth matrices.
var (
	KeyPlacements   = []KeyPlacement{KeyHeader, KeyBody, KeyQuery}
	TokenPlacements = []TokenPlacement{TokenOAuthHeader, TokenBearer, TokenCookie}
)

type keySpec struct {
	value     string
	placement KeyPlacement
}

type tokenSpec struct {
	value     string
	placement TokenPlacement
	session   *Session // set when the value came from a session, so it is known as a secret
}

// Request is what the options shape before it is sent. Query and Header are exported so a suite
// can write its own Option for something unusual.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header

	keys          []keySpec
	keysExplicit  bool // an option chose the keys: the client's default key no longer applies
	tokens        []tokenSpec
	tokenExplicit bool
	jsonBody      any
	hasJSON       bool
	rawBody       []byte
	rawType       string
	hasRaw        bool
	err           error // an impossible combination of options, reported as Response.Err
	dependsOn     []*Exchange
}

// DependsOn says that the answer to this request depends on earlier requests besides the
// records it names (a block's delete is refused because another block was written to depend on
// it): every reproduce line of this request repeats them first, also a sweep's.
func DependsOn(exs ...*Exchange) Option {
	return func(r *Request) {
		for _, ex := range exs {
			if ex != nil {
				r.dependsOn = append(r.dependsOn, ex)
			}
		}
	}
}

// Option changes one request.
type Option func(*Request)

func (r *Request) setKey(k *keySpec) {
	if !r.keysExplicit {
		r.keys, r.keysExplicit = nil, true
	}
	if k != nil {
		r.keys = append(r.keys, *k)
	}
}

func (r *Request) setToken(t *tokenSpec) {
	if !r.tokenExplicit {
		r.tokens, r.tokenExplicit = nil, true
	}
	if t != nil {
		r.tokens = append(r.tokens, *t)
	}
}

// withDefaultKey is how the client's configured key gets on every request; an explicit key
// option replaces it.
func withDefaultKey(key string) Option {
	return func(r *Request) { r.keys = []keySpec{{key, KeyHeader}} }
}

func withDefaultToken(s *Session) Option {
	return func(r *Request) {
		if s != nil {
			r.tokens = []tokenSpec{{s.tokenFor(TokenOAuthHeader), TokenOAuthHeader, s}}
		}
	}
}

// configuredKey is filled in when the option is applied by a client (see Client.build).
const configuredKey = "\x00configured-key"

// WithKey sends the configured key at p (several WithKey/WithKeyValue options send several).
func WithKey(p KeyPlacement) Option {
	return func(r *Request) { r.setKey(&keySpec{configuredKey, p}) }
}

// WithKeyValue sends a specific key, e.g. a wrong one.
func WithKeyValue(v string, p KeyPlacement) Option {
	return func(r *Request) { r.setKey(&keySpec{v, p}) }
}

// WithoutKey sends no API key at all.
func WithoutKey() Option { return func(r *Request) { r.setKey(nil) } }

// WithSession sends s at p: T for the header placements, J for the cookie.
func WithSession(s *Session, p TokenPlacement) Option {
	return func(r *Request) {
		if s == nil {
			r.err = errors.New("WithSession: nil session (did the login fail?)")
			return
		}
		r.setToken(&tokenSpec{s.tokenFor(p), p, s})
	}
}

// WithSessionJWT sends s's JWT at p even where T belongs (the B3 case of J sent in a header):
// unlike WithRawToken, the JWT stays a known secret, so curl lines name it $JWT instead of
// printing a live session token.
func WithSessionJWT(s *Session, p TokenPlacement) Option {
	return func(r *Request) {
		if s == nil {
			r.err = errors.New("WithSessionJWT: nil session (did the login fail?)")
			return
		}
		r.setToken(&tokenSpec{s.JWT, p, s})
	}
}

// WithRawToken sends arbitrary token text at p (garbage, J in a header, T in the cookie...).
func WithRawToken(v string, p TokenPlacement) Option {
	return func(r *Request) { r.setToken(&tokenSpec{v, p, nil}) }
}

// WithoutToken drops the session a client made with As would send.
func WithoutToken() Option { return func(r *Request) { r.setToken(nil) } }

// WithJSON sends v as a JSON body (api_key is merged into it for KeyBody).
func WithJSON(v any) Option {
	return func(r *Request) { r.jsonBody, r.hasJSON, r.hasRaw = v, true, false }
}

// WithRawBody sends body bytes untouched; contentType "" sends no Content-Type header.
func WithRawBody(contentType string, body []byte) Option {
	return func(r *Request) { r.rawBody, r.rawType, r.hasRaw, r.hasJSON = body, contentType, true, false }
}

// WithQuery adds a query parameter (repeatable).
func WithQuery(k, v string) Option { return func(r *Request) { r.Query.Add(k, v) } }

// WithHeader adds a request header (repeatable).
func WithHeader(k, v string) Option { return func(r *Request) { r.Header.Add(k, v) } }

// WithHTTPErrorCodes asks for HTTP statuses equal to error.code (Mage's _http_error_codes).
func WithHTTPErrorCodes() Option { return WithQuery("_http_error_codes", "1") }

// body renders the request body and its content type.
func (r *Request) body(keys []keySpec) ([]byte, string, error) {
	var bodyKey *keySpec
	for i := range keys {
		if keys[i].placement == KeyBody {
			bodyKey = &keys[i]
		}
	}
	switch {
	case r.hasRaw:
		if bodyKey != nil {
			return nil, "", errors.New("WithKey(KeyBody) cannot be combined with WithRawBody: put api_key in the raw body")
		}
		return r.rawBody, r.rawType, nil
	case !r.hasJSON && bodyKey == nil:
		return nil, "", nil
	}
	fields := map[string]json.RawMessage{}
	if r.hasJSON {
		data, err := json.Marshal(r.jsonBody)
		if err != nil {
			return nil, "", fmt.Errorf("WithJSON: %w", err)
		}
		if bodyKey == nil {
			return data, "application/json", nil
		}
		if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
			return nil, "", errors.New("WithKey(KeyBody) needs a JSON object body")
		}
	}
	key, _ := json.Marshal(bodyKey.value)
	fields["api_key"] = key
	data, err := json.Marshal(fields)
	return data, "application/json", err
}
