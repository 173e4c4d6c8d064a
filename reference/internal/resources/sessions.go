package resources

import (
	"golang.org/x/crypto/bcrypt"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/auth"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Session is what a session action returns: a token and its user.
type Session struct {
	Token store.Token
	User  store.User
}

// Sessions: create logs in, update logs out.
func Sessions() api.Logic {
	return api.Logic{
		Plural: "sessions", Singular: "session",
		Attributes: SessionAttributes,
		Actions:    map[api.Action]api.Run{api.ActionCreate: login, api.ActionUpdate: logout},
		// With authentication off Mage deletes a session too, and fails presenting the
		// caller's token, which is not there.
		Unruled: map[api.Action]api.Run{api.ActionDelete: func(*api.Op, any) (any, error) { return nil, errNoSession }},
		// Any pk names the caller's own session (C §5.4).
		Lookup: func(op *api.Op) (any, error) { return nil, nil },
	}
}

// compareHash checks a password against a bcrypt hash; tests count its calls.
var compareHash = bcrypt.CompareHashAndPassword

// errNoSession is Mage reading the expiry of a session whose token is missing.
var errNoSession = apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'expires'")

func errBadLogin() *apierr.Error { return apierr.NotFound("Email/username and/or password invalid.") }

func login(op *api.Op, _ any) (any, error) {
	email, _ := str(op.Attrs, "email")
	username, _ := str(op.Attrs, "username")
	password, _ := str(op.Attrs, "password")
	if (email == "" && username == "") || password == "" {
		return nil, apierr.NotFound("Email/username and password are required.")
	}
	var u store.User
	var found bool
	op.Env.Store.Read(func(d *store.Data) {
		if email != "" {
			u, found = d.UserByEmail(email)
		} else {
			u, found = d.UserByUsername(username)
		}
	})
	// The same work whether or not the user exists: an unknown email or username (or a user
	// without a password) is checked against a hash of nobody's password at the same cost, and
	// the answer is the same.
	hash := op.Env.DummyHash
	known := found && len(u.PasswordHash) > 0
	if known {
		hash = u.PasswordHash
	}
	if compareHash(hash, []byte(password)) != nil || !known {
		return nil, errBadLogin()
	}
	var out Session
	err := op.Env.Store.Write(func(d *store.Data) error {
		current, ok := d.Users.Get(u.ID)
		if !ok {
			return errBadLogin() // deleted while the password was being checked
		}
		token, err := issueToken(op, d, u.ID)
		out = Session{Token: token, User: current}
		return err
	})
	return out, err
}

// logout expires the caller's own token.
func logout(op *api.Op, _ any) (any, error) {
	if op.Caller.Token == nil {
		// Only with authentication off; Mage then expires the token of nobody.
		return nil, apierr.NotFound("There is no session to log out of.").InMage(compat.MissingCaller500, errNoSession)
	}
	var out Session
	err := op.Env.Store.Write(func(d *store.Data) error {
		token, ok := d.Token(op.Caller.Token.Raw)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		token.Revoked = true
		token.Expires = op.Now()
		d.PutToken(token)
		out = Session{Token: token}
		if u, ok := d.Users.Get(token.UserID); ok {
			out.User = u
		}
		return nil
	})
	return out, err
}

// issueToken stores a new access token for a user, valid for the configured lifetime.
func issueToken(op *api.Op, d *store.Data, userID int) (store.Token, error) {
	raw := auth.NewRawToken()
	for _, taken := d.Token(raw); taken; _, taken = d.Token(raw) {
		raw = auth.NewRawToken()
	}
	expires := op.Now().Add(op.Env.TokenLifetime)
	jwt, err := auth.EncodeJWT(op.Env.JWTSecret, raw, expires)
	if err != nil {
		return store.Token{}, err
	}
	return d.PutToken(store.Token{Raw: raw, JWT: jwt, UserID: userID, Expires: expires}), nil
}
