package resources

import (
	"strings"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Secrets are keyed by name. Detail and update do not exist: the policy
// answers 403 once the secret is found. With authentication off Mage still
// updates one (compat.AuthOffWrites).
func Secrets() api.Logic {
	return api.Logic{
		Plural: "secrets", Singular: "secret",
		Attributes: SecretAttributes,
		Actions:    map[api.Action]api.Run{api.ActionList: listSecrets, api.ActionCreate: createSecret, api.ActionDelete: deleteSecret},
		Unruled:    map[api.Action]api.Run{api.ActionUpdate: updateSecret},
		Lookup: func(op *api.Op) (any, error) {
			var s store.Secret
			var ok bool
			op.Env.Store.Read(func(d *store.Data) { s, ok = d.SecretByName(op.PK) })
			if !ok {
				return nil, apierr.NotFound("Record not found.")
			}
			return s, nil
		},
	}
}

func listSecrets(op *api.Op, _ any) (any, error) {
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	var page api.Page
	op.Env.Store.Read(func(d *store.Data) {
		if d.UnlistedSecrets() == 0 {
			page = tablePage(op, p, &d.Secrets.Table)
			return
		}
		// Mage lists only the secrets it can decrypt.
		var listed []store.Secret
		for _, s := range d.Secrets.All() {
			if !s.Unencrypted {
				listed = append(listed, s)
			}
		}
		page, err = databasePage(op, listed)
	})
	return page, err
}

// checkNewSecret: a name and a value are required. Mage calls create_secret(name, value) with
// the keys present, so a missing one raises, and an empty name is accepted.
func checkNewSecret(op *api.Op) error {
	name, hasName := str(op.Attrs, "name")
	_, hasValue := str(op.Attrs, "value")
	mage := op.Env.Compat.Has(compat.SecretCreateChecks)
	switch {
	case mage && (!hasName || !hasValue):
		var missing []string
		if !hasName {
			missing = append(missing, "'name'")
		}
		if !hasValue {
			missing = append(missing, "'value'")
		}
		return apierr.Unhandled("TypeError", "create_secret() missing required positional arguments: %s", strings.Join(missing, " and "))
	case !mage && (name == "" || !hasValue):
		return apierr.Invalid("Missing required values: name, value.")
	}
	return nil
}

func errSecretTaken() *apierr.Error {
	return apierr.Invalid("A secret with this name already exists.").InMage(compat.SecretCreateChecks,
		apierr.Unhandled("IntegrityError", "UNIQUE constraint failed: secret.name, secret.key_uuid"))
}

func createSecret(op *api.Op, _ any) (any, error) {
	if err := checkNewSecret(op); err != nil {
		return nil, err
	}
	if err := checkNames(op, namePK, "name"); err != nil {
		return nil, err
	}
	name, _ := str(op.Attrs, "name")
	value, _ := str(op.Attrs, "value")
	now := op.Now()
	var created store.Secret
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, taken := d.SecretByName(name); taken {
			return errSecretTaken()
		}
		created = d.InsertSecret(func(id int) store.Secret {
			return store.Secret{ID: id, Name: name, Value: value, CreatedAt: now, UpdatedAt: now}
		})
		return nil
	})
	return created, err
}

// deleteSecret deletes the secret the name names now: between the lookup and this write another
// request may have deleted it and created a new one of the same name, which is the one to delete
// (deleting by the looked-up record would drop the new one's name and keep its row).
func deleteSecret(op *api.Op, record any) (any, error) {
	name := record.(store.Secret).Name
	var deleted store.Secret
	err := op.Env.Store.Write(func(d *store.Data) error {
		current, ok := d.SecretByName(name)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		d.DeleteSecret(current)
		deleted = current
		return nil
	})
	return deleted, err
}

// updateSecret is what Mage's update does with authentication off: it sets the written
// columns as they are. A value set this way is not encrypted, so Mage no longer lists the
// secret, though detail and delete still find it by name.
func updateSecret(op *api.Op, record any) (any, error) {
	s := record.(store.Secret)
	if err := checkNames(op, namePK, "name"); err != nil {
		return nil, err
	}
	var updated store.Secret
	err := op.Env.Store.Write(func(d *store.Data) error {
		current, ok := d.SecretByName(s.Name)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		if name, ok := str(op.Attrs, "name"); ok && name != current.Name {
			if _, taken := d.SecretByName(name); taken {
				return errSecretTaken()
			}
			current.Name = name
		}
		if value, ok := str(op.Attrs, "value"); ok {
			current.Value, current.Unencrypted = value, true
		}
		current.UpdatedAt = op.Now()
		d.ReplaceSecret(s.Name, current)
		updated = current
		return nil
	})
	return updated, err
}
