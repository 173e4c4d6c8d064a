// Package reference is the reference Mage-style API server: the oracle the
// conformance suites are checked against (spec Part A). New returns an
// http.Handler with all state in memory.
package reference

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/registry"
	"github.com/mageconform/mageconform/reference/internal/server"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Config configures the reference server. Zero-valued string, duration and
// int fields fall back to DefaultConfig's values.
type Config struct {
	APIKey                    string           // default zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2
	RequireUserAuthentication bool             // default true
	OwnerEmail                string           // default admin@admin.com
	OwnerPassword             string           // default admin
	OwnerUsername             string           // default admin
	JWTSecret                 string           // default materia
	TokenLifetime             time.Duration    // default 30 days
	BcryptCost                int              // default bcrypt.MinCost (4) so suites stay fast; Mage uses 14
	Now                       func() time.Time // clock; default time.Now; tests set it
	MaxBodyBytes              int64            // limit for request bodies, default 1 MiB
	MaxJSONDepth              int              // nesting of arrays and objects in a JSON body, default 32
	MaxValueBytes             int              // one written attribute value, encoded as JSON, default 64 KiB
	Compat                    Compat           // behaviour to emulate; "" is CompatIntended
	Runs                      Runs             // run simulation; "" is RunsStay
}

// Runs says what happens to pipeline runs once created: RunsStay leaves them as they are (as
// a Mage web server without its scheduler does); RunsAdvance moves each run one step, initial
// to running to completed, its block runs with it, on each request that reads it (its detail,
// or a list that shows it).
type Runs string

const (
	RunsStay    Runs = "stay"
	RunsAdvance Runs = "advance"
)

// ParseRuns reads a run simulation name; "" is RunsStay.
func ParseRuns(s string) (Runs, error) {
	switch Runs(s) {
	case "", RunsStay:
		return RunsStay, nil
	case RunsAdvance:
		return RunsAdvance, nil
	}
	return "", fmt.Errorf("unknown runs mode %q (want %s or %s)", s, RunsStay, RunsAdvance)
}

// Compat names the behaviour the reference emulates: the intended contract (Part A) or a
// released Mage, deviation for deviation, wherever a client can see it. Each mode is a set of
// the deviations listed in the README (reference/internal/compat holds the table).
type Compat string

const (
	CompatIntended Compat = compat.ModeIntended // Part A: the contract as intended
	CompatMage0979 Compat = compat.ModeMage0979 // real Mage 0.9.79, quirks included
)

// Compats lists every mode, the default first.
func Compats() []Compat { return []Compat{CompatIntended, CompatMage0979} }

// ParseCompat reads a mode name; "" is the default.
func ParseCompat(s string) (Compat, error) {
	if s == "" {
		return CompatIntended, nil
	}
	for _, c := range Compats() {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown compat mode %q (want one of %s, %s)", s, CompatIntended, CompatMage0979)
}

// Defaults shared with Mage, so its documented examples work verbatim.
const (
	DefaultAPIKey        = "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2"
	DefaultOwnerEmail    = "admin@admin.com"
	DefaultOwnerPassword = "admin"
	DefaultOwnerUsername = "admin"
	DefaultJWTSecret     = "materia"
	DefaultTokenLifetime = 30 * 24 * time.Hour
	DefaultMaxBodyBytes  = 1 << 20
	// DefaultMaxJSONDepth keeps every answer, which adds at most three levels to a stored
	// value, within the 64 levels of the strictest common decoder (.NET's System.Text.Json).
	DefaultMaxJSONDepth  = 32
	DefaultMaxValueBytes = 64 << 10
)

// DefaultConfig returns the defaults: Mage's key, owner and secret, user
// authentication on, a fast bcrypt cost.
func DefaultConfig() Config {
	return Config{
		APIKey:                    DefaultAPIKey,
		RequireUserAuthentication: true,
		OwnerEmail:                DefaultOwnerEmail,
		OwnerPassword:             DefaultOwnerPassword,
		OwnerUsername:             DefaultOwnerUsername,
		JWTSecret:                 DefaultJWTSecret,
		TokenLifetime:             DefaultTokenLifetime,
		BcryptCost:                bcrypt.MinCost,
		Now:                       time.Now,
		MaxBodyBytes:              DefaultMaxBodyBytes,
		MaxJSONDepth:              DefaultMaxJSONDepth,
		MaxValueBytes:             DefaultMaxValueBytes,
	}
}

// withDefaults fills zero fields. RequireUserAuthentication is a bool, so its
// zero value (false) is taken as given: start from DefaultConfig to keep it on.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.APIKey == "" {
		c.APIKey = d.APIKey
	}
	if c.OwnerEmail == "" {
		c.OwnerEmail = d.OwnerEmail
	}
	if c.OwnerPassword == "" {
		c.OwnerPassword = d.OwnerPassword
	}
	if c.OwnerUsername == "" {
		c.OwnerUsername = d.OwnerUsername
	}
	if c.JWTSecret == "" {
		c.JWTSecret = d.JWTSecret
	}
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = d.TokenLifetime
	}
	if c.BcryptCost == 0 {
		c.BcryptCost = d.BcryptCost
	}
	c.BcryptCost = min(max(c.BcryptCost, bcrypt.MinCost), bcrypt.MaxCost)
	if c.Now == nil {
		c.Now = d.Now
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.MaxJSONDepth <= 0 {
		c.MaxJSONDepth = d.MaxJSONDepth
	}
	if c.MaxValueBytes <= 0 {
		c.MaxValueBytes = d.MaxValueBytes
	}
	return c
}

// New returns the reference server as an http.Handler. With user
// authentication on, the owner account is created first. A Compat that is not
// one of Compats() is a bug in the caller (ParseCompat reads user input), so it panics.
func New(cfg Config) http.Handler {
	set, ok := compat.Mode(string(cfg.Compat))
	if !ok {
		panic(fmt.Sprintf("reference: unknown Config.Compat %q", cfg.Compat))
	}
	return newServer(cfg, set)
}

// Deviations lists the id of every entry of the compat table (the README's table of what Mage
// 0.9.79 does differently), in the table's order. Mode mage-0.9.79 enables all of them.
func Deviations() []string {
	table := compat.Table()
	ids := make([]string, len(table))
	for i, d := range table {
		ids[i] = string(d.ID)
	}
	return ids
}

// NewWithDeviations is New with the given entries of the compat table enabled and no others,
// instead of a named mode (cfg.Compat is not read): with no ids it is the intended mode, with
// every id of Deviations() the mage-0.9.79 mode. Tests use it to see what one entry changes on
// its own. An id that is not in the table is an error, and no server is built.
func NewWithDeviations(cfg Config, ids ...string) (http.Handler, error) {
	set := make([]compat.ID, 0, len(ids))
	for _, id := range ids {
		if _, ok := compat.Lookup(compat.ID(id)); !ok {
			return nil, fmt.Errorf("reference: no compat entry %q (see reference.Deviations)", id)
		}
		set = append(set, compat.ID(id))
	}
	return newServer(cfg, compat.Of(set...)), nil
}

// newServer builds the server emulating the given deviations.
func newServer(cfg Config, set compat.Set) http.Handler {
	cfg = cfg.withDefaults()
	now := cfg.Now()
	st := store.NewWith(now, store.Options{
		ReuseIDs: set.Has(compat.IDsReused),
		NoRoles:  set.Has(compat.NoRolesAuthOff) && !cfg.RequireUserAuthentication,
	})
	env := &api.Env{
		Store: st, Now: cfg.Now, JWTSecret: cfg.JWTSecret, TokenLifetime: cfg.TokenLifetime,
		BcryptCost: cfg.BcryptCost, RequireUserAuthentication: cfg.RequireUserAuthentication,
		ProjectUUID: newProjectUUID(), ProcessID: os.Getpid(), Compat: set, AdvanceRuns: cfg.Runs == RunsAdvance,
		Limits:    api.Limits{BodyBytes: cfg.MaxBodyBytes, JSONDepth: cfg.MaxJSONDepth, ValueBytes: cfg.MaxValueBytes},
		DummyHash: dummyHash(cfg.BcryptCost),
	}
	if cfg.RequireUserAuthentication {
		// Mage's owner is one by its Owner role alone, so roles_new can demote it.
		createOwner(st, cfg, now, !set.Has(compat.LastOwnerUnprotected))
	}
	return server.New(env, registry.New(), cfg.APIKey)
}

func createOwner(st *store.Store, cfg Config, now time.Time, ownerFlag bool) {
	// The password is at most 72 bytes for bcrypt; a longer one cannot be
	// configured meaningfully, so the owner is then created without a login.
	hash, _ := bcrypt.GenerateFromPassword([]byte(cfg.OwnerPassword), cfg.BcryptCost)
	username := cfg.OwnerUsername
	_ = st.Write(func(d *store.Data) error {
		d.InsertUser(func(id int) store.User {
			return store.User{ID: id, Email: cfg.OwnerEmail, Username: &username, Owner: ownerFlag,
				RoleIDs: []int{1}, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		})
		return nil
	})
}

// dummyHash is the hash of a random password nobody knows, at the configured cost.
func dummyHash(cost int) []byte {
	hash, err := bcrypt.GenerateFromPassword([]byte(newProjectUUID()), cost)
	if err != nil {
		panic("reference: bcrypt: " + err.Error()) // only a cost outside bcrypt's range, which withDefaults prevents
	}
	return hash
}

func newProjectUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
