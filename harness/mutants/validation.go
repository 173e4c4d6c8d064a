package mutants

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/mageconform/mageconform/fixtures"
)

// allValidationRules are the MUST rules of B5: each expects type record_invalid.
var allValidationRules = []string{"B5.missing-required", "B5.duplicate-email", "B5.duplicate-username", "B5.short-password", "B5.invalid-email", "B5.password-mismatch",
	"B5.invalid-name", "B5.empty-value"}

// Faults in validation (B5): bad payloads accepted, or refused with the wrong type or code.
func validationMutants() []Mutant {
	return []Mutant{
		{
			Name:   "validation-typed-api-resource-error",
			Fault:  "Validation failures are typed `api_resource_error`.",
			Breaks: allValidationRules,
			Labels: ruleLabels(allValidationRules...),
			Wrap: editError(func(_ *http.Request, _ *reply, _, e map[string]any) {
				if e["type"] == "record_invalid" {
					e["type"] = "api_resource_error"
				}
			}),
		},
		{
			// Mage's own answer for a malformed email, applied to every validation failure.
			Name:   "validation-code-200",
			Fault:  "Validation failures carry code 200 (Mage's malformed-email answer).",
			Breaks: []string{"B5.code-400"},
			Labels: ruleLabels("B5.code-400"),
			Wrap: editError(func(_ *http.Request, _ *reply, _, e map[string]any) {
				if e["type"] == "record_invalid" {
					e["code"] = json.Number("200")
				}
			}),
		},
		{
			Name:   "short-password-accepted",
			Fault:  "Short passwords are padded to eight characters and accepted.",
			Breaks: []string{"B5.short-password"},
			Labels: ruleLabels("B5.short-password"),
			Wrap: editUserCreate(func(u map[string]any) {
				for _, k := range []string{"password", "password_confirmation"} {
					if p, ok := u[k].(string); ok && p != "" && len(p) < 8 {
						u[k] = p + "........"[:8-len(p)]
					}
				}
			}),
		},
		{
			Name:   "mismatched-confirmation-accepted",
			Fault:  "A mismatched password confirmation is overwritten and accepted.",
			Breaks: []string{"B5.password-mismatch"},
			Labels: ruleLabels("B5.password-mismatch"),
			Wrap: editUserCreate(func(u map[string]any) {
				if _, ok := u["password_confirmation"]; ok {
					u["password_confirmation"] = u["password"]
				}
			}),
		},
		{
			Name:   "missing-fields-filled",
			Fault:  "A user without email or password is created with made-up values.",
			Breaks: []string{"B5.missing-required"},
			Labels: ruleLabels("B5.missing-required"),
			Wrap: editUserCreate(func(u map[string]any) {
				if u["email"] == nil || u["email"] == "" {
					u["email"] = "filled." + randomHex() + "@example.com"
				}
				if u["password"] == nil || u["password"] == "" {
					u["password"], u["password_confirmation"] = "filled-password", "filled-password"
				}
			}),
		},
		{
			Name:   "duplicate-username-accepted",
			Fault:  "A taken username is quietly made unique and the user created.",
			Breaks: []string{"B5.duplicate-username"},
			Labels: ruleLabels("B5.duplicate-username"),
			Wrap:   retryUserCreate("username"),
		},
		{
			Name:   "invalid-user-created-anyway",
			Fault:  "An invalid user is refused correctly, but a corrected copy is stored.",
			Breaks: []string{"B5.refused-creates-nothing"},
			Labels: ruleLabels("B5.refused-creates-nothing") + " && " + resourceLabel(fixtures.Accounts()),
			Wrap:   invalidUserCreatedAnyway,
		},
		{
			Name:   "malformed-email-accepted",
			Fault:  "An email without a domain is completed with `@example.com` and accepted.",
			Breaks: []string{"B5.invalid-email"},
			Labels: ruleLabels("B5.invalid-email"),
			Wrap:   editUserCreate(completeEmail),
		},
		{
			// Mage's answer to a body that is not JSON or a _limit that is not a number.
			Name:   "malformed-input-500",
			Fault:  "A body that is not JSON, or a non-integer `_limit`, gives Mage's code-500 body.",
			Breaks: []string{"B5.malformed-input"},
			Labels: ruleLabels("B5.malformed-input"),
			Wrap:   malformedInput500,
		},
		{
			Name:   "duplicate-email-accepted",
			Fault:  "A taken email is quietly made unique and the user created.",
			Breaks: []string{"B5.duplicate-email"},
			Labels: ruleLabels("B5.duplicate-email"),
			Wrap:   retryUserCreate("email"),
		},
	}
}

func isUserCreate(r *http.Request) bool {
	return r.Method == http.MethodPost && isCollection(r) && resource(r) == "users"
}

// editUserCreate edits the `user` attributes of every user create before the reference sees them.
func editUserCreate(edit func(u map[string]any)) func(http.Handler) http.Handler {
	return alter(func(r *http.Request) {
		if !isUserCreate(r) {
			return
		}
		m := decodeObject(bufferBody(r))
		if u, ok := m["user"].(map[string]any); ok {
			edit(u)
			setJSONBody(r, m)
		}
	})
}

// retryUserCreate retries a refused user create with the attribute made unique, and answers
// with the retry when it succeeds.
func retryUserCreate(attribute string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !isUserCreate(r) {
				h.ServeHTTP(w, r)
				return
			}
			body := bufferBody(r)
			rp := capture(h, r)
			m := decodeObject(body)
			u, _ := m["user"].(map[string]any)
			if v, ok := u[attribute].(string); ok && v != "" && rp.errorType() == "record_invalid" {
				u[attribute] = "again" + randomHex() + "." + v
				again := r.Clone(r.Context())
				setJSONBody(again, m)
				if retry := capture(h, again); retry.isSuccess() {
					rp = retry
				}
			}
			rp.write(w)
		})
	}
}

// invalidUserCreatedAnyway answers an invalid user create with the reference's error, after
// storing a corrected copy behind the caller's back. The copy changes as little as it can
// (passwords first, then the email, then the username), so it can be found by what was sent.
func invalidUserCreatedAnyway(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isUserCreate(r) {
			h.ServeHTTP(w, r)
			return
		}
		body := bufferBody(r)
		rp := capture(h, r)
		if rp.errorType() == "record_invalid" {
			for _, unique := range [][]string{nil, {"email"}, {"username"}, {"email", "username"}} {
				m := decodeObject(body)
				u, _ := m["user"].(map[string]any)
				if u == nil {
					u = map[string]any{}
					m["user"] = u
				}
				correctUser(u, unique)
				fixed := r.Clone(r.Context())
				setJSONBody(fixed, m)
				if capture(h, fixed).isSuccess() {
					break
				}
			}
		}
		rp.write(w)
	})
}

// correctUser makes a user payload valid: passwords of eight characters that match, an email
// when there is none, and the named unique attributes made unique.
func correctUser(u map[string]any, unique []string) {
	tag := randomHex()
	if p, _ := u["password"].(string); len(p) < 8 {
		u["password"] = p + "........"[:8-len(p)]
	}
	u["password_confirmation"] = u["password"]
	if e, _ := u["email"].(string); e == "" {
		u["email"] = "anyway" + tag + "@example.com"
	}
	completeEmail(u)
	for _, k := range unique {
		if v, _ := u[k].(string); v != "" {
			u[k] = "anyway" + tag + "." + v
		}
	}
}

// randomHex is a short random tag that keeps made-up emails and usernames unique.
func randomHex() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// completeEmail gives an email without a domain one.
func completeEmail(u map[string]any) {
	if e, ok := u["email"].(string); ok && e != "" && !strings.Contains(e, "@") {
		u["email"] = e + "@example.com"
	}
}

func malformedInput500(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := bufferBody(r)
		_, badLimit := strconv.Atoi(r.URL.Query().Get("_limit"))
		switch {
		case len(bytes.TrimSpace(body)) > 0 && !json.Valid(body):
			mageServerError(r, "Expecting ',' delimiter").write(w)
		case r.URL.Query().Has("_limit") && badLimit != nil:
			mageServerError(r, "invalid literal for int() with base 10").write(w)
		default:
			h.ServeHTTP(w, r)
		}
	})
}
