package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Secrets are keyed by name. Detail and update do not exist: the policy
// answers 403 once the secret is found.
func Secrets() api.Logic {
	return api.Logic{
		Plural: "secrets", Singular: "secret",
		Fields:  map[string]api.Kind{"name": api.KindString, "value": api.KindString},
		Actions: map[api.Action]api.Run{api.ActionList: listSecrets, api.ActionCreate: createSecret, api.ActionDelete: deleteSecret},
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
		page = tablePage(p, &d.Secrets)
	})
	return page, nil
}

func createSecret(op *api.Op, _ any) (any, error) {
	name, _ := str(op.Attrs, "name")
	value, hasValue := str(op.Attrs, "value")
	if name == "" || !hasValue {
		return nil, apierr.Invalid("Missing required values: name, value.")
	}
	now := op.Now()
	var created store.Secret
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, taken := d.SecretByName(name); taken {
			return apierr.Invalid("A secret with this name already exists.")
		}
		created = d.InsertSecret(func(id int) store.Secret {
			return store.Secret{ID: id, Name: name, Value: value, CreatedAt: now, UpdatedAt: now}
		})
		return nil
	})
	return created, err
}

func deleteSecret(op *api.Op, record any) (any, error) {
	s := record.(store.Secret)
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.SecretByName(s.Name); !ok {
			return apierr.NotFound("Record not found.")
		}
		d.DeleteSecret(s)
		return nil
	})
	return s, err
}
