package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Secrets shows a secret's id and name; its value is never shown (A7).
func Secrets() api.Presenter {
	return api.Presenter{
		Formats: resources.SecretAttributes.Formats(),
		Present: func(_ *api.Op, record any) map[string]any {
			s := record.(store.Secret)
			return map[string]any{"id": s.ID, "name": s.Name}
		},
	}
}
