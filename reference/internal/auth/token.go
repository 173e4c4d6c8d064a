// Package auth makes and reads the credentials of spec A5 / C §5: raw access
// tokens, the session JWT wrapping them, and where a request carries them.
package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// NewRawToken returns 32 random bytes as 43 unpadded base64url characters, like
// Python's secrets.token_urlsafe().
func NewRawToken() string {
	b := make([]byte, 32)
	// crypto/rand.Read never returns an error on supported platforms (Go ≥ 1.24).
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// EncodeJWT returns the session JWT: HS256 with the payload exactly
// {"expires": <unix seconds>, "token": raw}. No exp claim: expiry lives in the store.
func EncodeJWT(secret, raw string, expires time.Time) (string, error) {
	seconds := float64(expires.UnixMicro()) / 1e6
	claims := jwt.MapClaims{"expires": seconds, "token": raw}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
}

// ErrNoTokenClaim is returned for a correctly signed JWT without a string token claim.
var ErrNoTokenClaim = errors.New("jwt has no token claim")

// DecodeJWT verifies an HS256 session JWT and returns its token claim.
func DecodeJWT(secret, signed string) (string, error) {
	parsed, err := jwt.Parse(signed, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}))
	if err != nil {
		return "", err
	}
	claims, ok := parsed.Claims.(jwt.MapClaims)
	if !ok {
		return "", ErrNoTokenClaim
	}
	raw, ok := claims["token"].(string)
	if !ok || raw == "" {
		return "", ErrNoTokenClaim
	}
	return raw, nil
}
