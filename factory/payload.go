package factory

import (
	"fmt"

	"github.com/mageconform/mageconform/fixtures"
)

// Payload builds a create payload for the resource with its description's builder.
func (f *Factory) Payload(res fixtures.Resource) (map[string]any, error) {
	if res.Payload == nil {
		return nil, fmt.Errorf("factory: %s has no payload builder", res.Plural)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return res.Payload(fixtures.Gen{Faker: f.faker, Name: f.nameLocked}), nil
}

// User is a valid create payload for the catalogue's accounts (the records that log in).
func (f *Factory) User() map[string]any {
	p, err := f.Payload(fixtures.Accounts())
	if err != nil {
		panic(err) // the catalogue test holds that the accounts resource has a builder
	}
	return p
}

// UpdateValue is a new value for an attribute an update changes, unique where the attribute
// must be unique (names, usernames).
func (f *Factory) UpdateValue(attribute string) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch attribute {
	case "description", "first_name", "last_name":
		return f.faker.Sentence()
	}
	return f.nameLocked() + "_upd"
}
