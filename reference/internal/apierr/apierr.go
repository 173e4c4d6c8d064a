// Package apierr holds the error values of the Mage-style API (spec C §4) and
// the envelope they are written in (spec A3).
package apierr

import "fmt"

// Error is an API error: it is answered with the envelope
// {"error": {"code", "message", "type"[, "errors"]}, "status": 200}.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Type    string `json:"type"`
	// Errors carries details (a list or an object); omitted when there are none.
	Errors any `json:"errors,omitempty"`
	// mage is what Mage answers instead, under a deviation (see InMage).
	mage *alternative
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Code, e.Type, e.Message) }

// IsAuthentication reports whether e is one of the three middleware failures,
// which Mage sends with HTTP 401 but a body status of 200.
func (e *Error) IsAuthentication() bool { return e.Code == 401 }

// WithCode returns a copy of e with another code (Mage answers some validation errors with 200).
func (e *Error) WithCode(code int) *Error {
	c := *e
	c.Code = code
	return &c
}

// WithErrors returns a copy of e carrying details.
func (e *Error) WithErrors(details any) *Error {
	c := *e
	c.Errors = details
	return &c
}

// The error types of C §4.
const (
	TypeUnauthorizedAccess = "unauthorized_access"
	TypeResourceError      = "api_resource_error"
	TypeRecordInvalid      = "record_invalid"
	TypeRecordNotFound     = "record_not_found"
	TypeInvalidAPIKey      = "invalid_api_key"
	TypeExpiredOAuthToken  = "expired_oauth_token"
	TypeInvalidOAuthToken  = "invalid_oauth_token"
	TypeServerError        = "server_error"
)

func newError(code int, typ, message string) *Error {
	return &Error{Code: code, Type: typ, Message: message}
}

// Authentication failures; the messages are Mage's.
func InvalidAPIKey() *Error { return newError(401, TypeInvalidAPIKey, "Invalid API key.") }
func InvalidOAuthToken() *Error {
	return newError(401, TypeInvalidOAuthToken, "Invalid OAuth token.")
}
func ExpiredOAuthToken() *Error {
	return newError(401, TypeExpiredOAuthToken, "Expired OAuth token.")
}

// Forbidden is E(403, unauthorized_access) with a fixed sentence saying why.
func Forbidden(message string) *Error {
	return newError(403, TypeUnauthorizedAccess, message)
}

// NotFound is E(404, record_not_found).
func NotFound(message string) *Error { return newError(404, TypeRecordNotFound, message) }

// Invalid is E(400, record_invalid).
func Invalid(message string) *Error { return newError(400, TypeRecordInvalid, message) }

// ServerError is E(500, server_error), the answer to anything unexpected.
func ServerError() *Error {
	return newError(500, TypeServerError, "The server could not complete the request.")
}
