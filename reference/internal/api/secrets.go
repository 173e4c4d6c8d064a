package api

import (
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// secretsResource: the pk is the name; detail and update have no rule, so they
// answer 403 once the secret is found; the value is never presented.
func SecretsLogic() Logic {
	return Logic{
		Plural: "secrets", Singular: "secret",
		Fields:  map[string]Kind{"name": KindString, "value": KindString},
		Actions: map[Action]Run{ActionList: listSecrets, ActionCreate: createSecret, ActionDelete: deleteSecret},
		Lookup: func(op *Op) (any, error) {
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

func listSecrets(op *Op, _ any) (any, error) {
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	var page Page
	op.Env.Store.Read(func(d *store.Data) {
		rows := d.Secrets.Page(p.Offset, p.Limit)
		items := make([]any, len(rows))
		for i, r := range rows {
			items[i] = r
		}
		page = Page{Items: items, Metadata: databaseMetadata(p, d.Secrets.Len(), len(items))}
	})
	return page, nil
}

func createSecret(op *Op, _ any) (any, error) {
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

func deleteSecret(op *Op, record any) (any, error) {
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
