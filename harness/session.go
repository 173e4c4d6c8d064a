package harness

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Session is a login: J as the server returned it, T inside it, and the user it belongs to.
type Session struct {
	JWT    string // J: session.token from POST /api/sessions (goes in the cookie)
	Token  string // T: the JWT's `token` claim (goes in OAUTH-TOKEN / Authorization)
	UserID int
	User   map[string]any
	// Role names a session the run keeps for a role ("viewer"): its secrets are shown as
	// $TOKEN_VIEWER and $JWT_VIEWER, which `mageconform token --role viewer` prints again, so a
	// curl line made as that role can be pasted. "" is an owner session ($TOKEN, $JWT).
	Role string
}

func (s *Session) tokenFor(p TokenPlacement) string {
	if p == TokenCookie {
		return s.JWT
	}
	return s.Token
}

// Login posts {"session": {"email"|"username", "password"}} (email when the identifier has an
// @). The session is nil when the answer is not a usable session; the Response says why.
func (c *Client) Login(emailOrUsername, password string) (*Session, *Response) {
	return c.LoginRole("", emailOrUsername, password)
}

// LoginRole is Login for the session the run keeps for a role (Session.Role).
func (c *Client) LoginRole(role, emailOrUsername, password string) (*Session, *Response) {
	field := "username"
	if strings.Contains(emailOrUsername, "@") {
		field = "email"
	}
	r := c.Post("/api/sessions", WithJSON(map[string]any{
		"session": map[string]any{field: emailOrUsername, "password": password},
	}))
	s, err := ParseSession(r)
	if err != nil {
		return nil, r
	}
	s.Role = role
	rememberSession(s)
	noteLogin(s, r.Exchange)
	return s, r
}

// CreatedSession is the session a create's answer holds in attribute (a JWT), for the record
// under singular (a new user: fixtures.Resource.CreatedSession); role names it as LoginRole
// does. A reproduce line repeats the create where it would repeat a login.
func CreatedSession(created *Response, singular, attribute, role string) (*Session, error) {
	if created == nil {
		return nil, errors.New("no response")
	}
	obj := created.Object(singular)
	jwt, _ := obj[attribute].(string)
	if jwt == "" {
		return nil, fmt.Errorf("%s.%s is missing or not a string", singular, attribute)
	}
	t, err := InnerToken(jwt)
	if err != nil {
		return nil, err
	}
	s := &Session{JWT: jwt, Token: t, User: obj, Role: role}
	s.UserID, _ = Int(obj, "id")
	rememberSession(s)
	noteLogin(s, created.Exchange)
	return s, nil
}

// Logout ends s with PUT /api/sessions/1 (Mage ignores the pk and expires the caller's token).
func (c *Client) Logout(s *Session) *Response {
	return c.Put("/api/sessions/1", WithSession(s, TokenOAuthHeader))
}

// ParseSession reads a login answer; the error says what is missing or malformed.
func ParseSession(r *Response) (*Session, error) {
	if r == nil || r.Err != nil {
		return nil, errors.New("no response")
	}
	if env, ok := r.Error(); ok {
		return nil, fmt.Errorf("login failed: error %d %s", env.Code, env.Type)
	}
	obj := r.Object("session")
	if obj == nil {
		return nil, errors.New(`no "session" object in the answer`)
	}
	j, _ := obj["token"].(string)
	if j == "" {
		return nil, errors.New("session.token is missing or not a string")
	}
	t, err := InnerToken(j)
	if err != nil {
		return nil, err
	}
	s := &Session{JWT: j, Token: t}
	s.User, _ = obj["user"].(map[string]any)
	s.UserID, _ = Int(s.User, "id")
	return s, nil
}

// InnerToken extracts T from J without checking the signature (the client does not know the
// server's secret; the server checks it).
func InnerToken(j string) (string, error) {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(j, claims); err != nil {
		return "", fmt.Errorf("session.token is not a JWT: %w", err)
	}
	t, _ := claims["token"].(string)
	if t == "" {
		return "", errors.New(`session.token has no string "token" claim`)
	}
	return t, nil
}
