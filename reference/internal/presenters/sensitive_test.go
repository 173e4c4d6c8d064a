package presenters

import (
	"testing"

	"github.com/mageconform/mageconform/reference/internal/api"
)

func TestNoPresenterShowsASensitiveAttribute(t *testing.T) {
	views := new(RoleViews)
	for plural, p := range map[string]api.Presenter{"users": Users(views), "sessions": Sessions(views),
		"pipelines": Pipelines(), "pipeline_schedules": PipelineSchedules(), "secrets": Secrets(),
		"roles": Roles(), "statuses": Statuses()} {
		if err := CheckSensitive(plural, p); err != nil {
			t.Error(err)
		}
	}
}

func TestTheGuardCatchesASensitiveAttribute(t *testing.T) {
	for plural, keys := range map[string][]string{"users": {"id", "password_hash"}, "secrets": {"name", "value"}} {
		p := api.Presenter{Formats: map[string][]string{"detail": keys}}
		if CheckSensitive(plural, p) == nil {
			t.Errorf("%s: a format listing %v passed", plural, keys)
		}
	}
	// "value" is sensitive only for secrets.
	if err := CheckSensitive("pipelines", api.Presenter{Formats: map[string][]string{"default": {"value"}}}); err != nil {
		t.Error(err)
	}
}
