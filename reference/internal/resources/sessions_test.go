package resources

import (
	"bytes"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// A login takes the same work whether or not the email exists: one bcrypt comparison at the
// configured cost, against the user's hash or against the dummy hash, and the same error.
// (How long that takes is a benchmark: BenchmarkLogin in the reference package.)
func TestLoginComparesOneHashAtTheConfiguredCostForKnownAndUnknownUsers(t *testing.T) {
	const cost = bcrypt.MinCost + 1
	now := time.Now()
	st := store.New(now)
	userHash, _ := bcrypt.GenerateFromPassword([]byte("password1"), cost)
	dummy, _ := bcrypt.GenerateFromPassword([]byte("nobody's"), cost)
	name := "known"
	_ = st.Write(func(d *store.Data) error {
		d.InsertUser(func(id int) store.User {
			return store.User{ID: id, Email: "known@example.com", Username: &name, PasswordHash: userHash, CreatedAt: now, UpdatedAt: now}
		})
		d.InsertUser(func(id int) store.User { // no password: a login is refused like an unknown one
			return store.User{ID: id, Email: "nopassword@example.com", CreatedAt: now, UpdatedAt: now}
		})
		return nil
	})
	env := &api.Env{Store: st, Now: time.Now, BcryptCost: cost, DummyHash: dummy, TokenLifetime: time.Hour, JWTSecret: "s"}

	var compared [][]byte
	compareHash = func(hash, password []byte) error {
		compared = append(compared, hash)
		return bcrypt.CompareHashAndPassword(hash, password)
	}
	t.Cleanup(func() { compareHash = bcrypt.CompareHashAndPassword })

	var refusals []string
	for _, tc := range []struct {
		attrs map[string]any
		hash  []byte
	}{
		{map[string]any{"email": "known@example.com", "password": "wrong"}, userHash},
		{map[string]any{"email": "unknown@example.com", "password": "wrong"}, dummy},
		{map[string]any{"username": "known", "password": "wrong"}, userHash},
		{map[string]any{"username": "unknown", "password": "wrong"}, dummy},
		{map[string]any{"email": "nopassword@example.com", "password": "wrong"}, dummy},
		{map[string]any{"email": "nopassword@example.com", "password": ""}, nil}, // a missing password: no comparison
	} {
		compared = nil
		_, err := login(&api.Op{Env: env, Action: api.ActionCreate, Attrs: tc.attrs}, nil)
		e, ok := err.(*apierr.Error)
		if !ok || e.Code != 404 || e.Type != apierr.TypeRecordNotFound {
			t.Fatalf("%v: want E(404, record_not_found), got %v", tc.attrs, err)
		}
		if tc.hash == nil {
			if len(compared) != 0 {
				t.Errorf("%v: compared %d hashes, want none", tc.attrs, len(compared))
			}
			continue
		}
		refusals = append(refusals, e.Message)
		if len(compared) != 1 || !bytes.Equal(compared[0], tc.hash) {
			t.Errorf("%v: compared %d hashes, want exactly one, the expected one", tc.attrs, len(compared))
			continue
		}
		if c, _ := bcrypt.Cost(compared[0]); c != cost {
			t.Errorf("%v: compared a hash of cost %d, want %d", tc.attrs, c, cost)
		}
	}
	for _, m := range refusals {
		if m != refusals[0] {
			t.Errorf("refusals differ: %q and %q", m, refusals[0])
		}
	}
}
