package resources

import (
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// A delete whose lookup found a secret that another request then deleted and created again
// deletes the new one, whole. (Found by the ledger spec: the stale record's delete dropped the new
// secret's name and kept its row, a secret listed that no URL reached.)
func TestDeleteSecretDeletesTheSecretTheNameNamesNow(t *testing.T) {
	now := time.Now()
	st := store.New(now)
	op := &api.Op{Env: &api.Env{Store: st, Now: time.Now}}
	insert := func() store.Secret {
		var s store.Secret
		_ = st.Write(func(d *store.Data) error {
			s = d.InsertSecret(func(id int) store.Secret { return store.Secret{ID: id, Name: "shared", Value: "v"} })
			return nil
		})
		return s
	}
	stale := insert()
	if _, err := deleteSecret(op, stale); err != nil {
		t.Fatal(err)
	}
	fresh := insert()
	deleted, err := deleteSecret(op, stale)
	if err != nil || deleted.(store.Secret).ID != fresh.ID {
		t.Fatalf("deleted %v, %v; want the secret %d", deleted, err, fresh.ID)
	}
	st.Read(func(d *store.Data) {
		if _, ok := d.SecretByName("shared"); ok || d.Secrets.Len() != 0 {
			t.Errorf("left %d secrets (name found: %v)", d.Secrets.Len(), ok)
		}
	})
}
