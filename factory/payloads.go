package factory

import (
	"fmt"
	"strings"

	"github.com/brianvoe/gofakeit/v7"
)

// User is a valid user: unique email and username, a password of 16 characters with its
// confirmation, first and last name.
func (f *Factory) User() map[string]any {
	return f.with(func(fk *gofakeit.Faker, name func() string) map[string]any {
		n := name()
		pw := fk.Password(true, true, true, false, false, 16)
		return map[string]any{
			"email":                 n + "@example.com",
			"username":              n,
			"password":              pw,
			"password_confirmation": pw,
			"first_name":            fk.FirstName(),
			"last_name":             fk.LastName(),
		}
	})
}

// Pipeline is a python pipeline. The name has a space and capitals so the uuid derivation shows.
func (f *Factory) Pipeline() map[string]any {
	return f.with(func(fk *gofakeit.Faker, name func() string) map[string]any {
		return map[string]any{
			"name":        name() + " " + titled(wordOnly(fk.Adjective())),
			"type":        "python",
			"description": fk.Sentence(),
		}
	})
}

// PipelineSchedule is an inactive daily time trigger.
func (f *Factory) PipelineSchedule() map[string]any {
	return f.with(func(_ *gofakeit.Faker, name func() string) map[string]any {
		return map[string]any{
			"name":              name(),
			"schedule_type":     "time",
			"schedule_interval": "@daily",
			"status":            "inactive",
		}
	})
}

// Secret is a named secret with a random 24-character value.
func (f *Factory) Secret() map[string]any {
	return f.with(func(fk *gofakeit.Faker, name func() string) map[string]any {
		return map[string]any{
			"name":  name(),
			"value": fk.Password(true, true, true, false, false, 24),
		}
	})
}

// Payload builds a create payload for a resource by its plural name.
func (f *Factory) Payload(resource string) (map[string]any, error) {
	switch resource {
	case "users":
		return f.User(), nil
	case "pipelines":
		return f.Pipeline(), nil
	case "pipeline_schedules":
		return f.PipelineSchedule(), nil
	case "secrets":
		return f.Secret(), nil
	}
	return nil, fmt.Errorf("factory: no builder for resource %q", resource)
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

func titled(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
