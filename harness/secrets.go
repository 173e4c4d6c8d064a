package harness

import (
	"strconv"
	"strings"
	"sync"
)

// Shell variable names used in transcripts and curl commands for the configured secrets.
const (
	VarAPIKey   = "CONFORMANCE_API_KEY"
	VarPassword = "CONFORMANCE_PASSWORD"
	VarToken    = "TOKEN" // T, the inner token of a session
	VarJWT      = "JWT"   // J, the session token as returned by POST /api/sessions
)

// minGlobalSecret is the shortest secret replaced wherever it appears; shorter ones (like the
// default password "admin") are only redacted at the places secrets live, or "admin@admin.com"
// would be mangled.
const minGlobalSecret = 16

type secret struct {
	value string
	name  string // shell variable name without '$'
}

// secretBook is shared by a client and all its copies: every secret it sends or learns (API key,
// password, session tokens) gets a stable variable name, so transcripts and curls agree.
type secretBook struct {
	mu      sync.Mutex
	entries []secret
}

func newSecretBook() *secretBook { return &secretBook{} }

// add registers value under base (TOKEN, TOKEN_2, ... when several distinct values share a base).
func (b *secretBook) add(value, base string) {
	if b == nil || value == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, e := range b.entries {
		if e.value == value {
			return
		}
		if e.name == base || strings.HasPrefix(e.name, base+"_") {
			n++
		}
	}
	name := base
	if n > 0 {
		name = base + "_" + strconv.Itoa(n+1)
	}
	b.entries = append(b.entries, secret{value: value, name: name})
}

func (b *secretBook) snapshot() []secret {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]secret(nil), b.entries...)
}

func lookupSecret(secrets []secret, value string) (string, bool) {
	for _, s := range secrets {
		if s.value == value {
			return s.name, true
		}
	}
	return "", false
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
