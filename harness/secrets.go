package harness

import (
	"strings"

	"github.com/mageconform/mageconform/harness/redact"
)

// Shell variable names used in transcripts and curl commands for the run's secrets. The first
// value of a name gets it as is; later distinct values get a number (TOKEN_2, PASSWORD_3; see
// redact.Registry.Remember).
const (
	VarAPIKey       = "CONFORMANCE_API_KEY"
	VarPassword     = "CONFORMANCE_PASSWORD"
	VarToken        = "TOKEN"    // T, the inner token of a session
	VarJWT          = "JWT"      // J, the session token as returned by POST /api/sessions
	VarUserPassword = "PASSWORD" // a password the run gave a user it created
	VarSecret       = "SECRET"   // any other secret value a payload carried
	// VarTriggerToken is a record's API trigger token (CredentialAttribute): a credential on
	// its own, shown in the record's answers.
	VarTriggerToken = "TRIGGER_TOKEN"
	VarAccessToken  = "ACCESS_TOKEN" // an access token a list showed (OAuth access tokens)
)

// RememberSecret makes value a secret of the run, known to every client, transcript, curl
// line, failure message and report written from now on in this process: curl lines show it as
// "$NAME" (name, or name_2, ... when another value has the name), everything else as
// <redacted:NAME>. Suites call it for the passwords and secret values their payloads carry
// (passwords the target accepts are also learnt by the client itself). It returns the
// variable name; an empty value is ignored.
func RememberSecret(value, name string) string {
	return redact.Remember(value, name)
}

// Redact hides every secret the run knows (RememberSecret, the configured key and password,
// every session's token and JWT, every credential an answer showed: CredentialAttribute) and
// anything shaped like a JWT in text: the one pass every text leaving the run goes through.
// Secrets shorter than redact.MinLength are left to the format-aware transcripts and curl
// lines, which know where credentials live.
func Redact(text string) string { return redact.String(text) }

// secretName is the variable name of a known secret ("" when the value is none).
func secretName(value string) string {
	name, _ := redact.Name(value)
	return name
}

// rememberSession makes a session's T and J known secrets, named after its role.
func rememberSession(s *Session) {
	if s != nil {
		token, jwt := SessionVariables(s.Role)
		redact.Remember(s.Token, token)
		redact.Remember(s.JWT, jwt)
	}
}

// SessionVariables are the shell variables of a role's session: TOKEN and JWT for the owner
// (role ""), TOKEN_VIEWER and JWT_VIEWER for "viewer".
func SessionVariables(role string) (token, jwt string) {
	if role == "" || strings.EqualFold(role, "owner") {
		return VarToken, VarJWT
	}
	suffix := "_" + strings.ToUpper(role)
	return VarToken + suffix, VarJWT + suffix
}

// sensitiveName says whether a JSON key, query parameter or form field holds a credential.
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	return n == "api_key" || n == "token" || n == "oauth_token" || n == "http_authorization" ||
		strings.Contains(n, "password") || n == "jwt"
}

// sensitiveHeader says whether a header carries credentials.
func sensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	for _, part := range []string{"key", "token", "auth", "cookie", "secret", "password"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}
