package registry

import (
	"testing"

	"github.com/mageconform/mageconform/reference/internal/api"
)

func TestEveryResourceIsFoundByBothNames(t *testing.T) {
	r := New()
	for plural, singular := range map[string]string{"users": "user", "sessions": "session",
		"pipelines": "pipeline", "pipeline_schedules": "pipeline_schedule", "secrets": "secret",
		"roles": "role", "statuses": "status", "pipeline_runs": "pipeline_run", "block_runs": "block_run",
		"blocks": "block", "variables": "variable", "projects": "project"} {
		byPlural, ok1 := r.Resource(plural)
		bySingular, ok2 := r.Resource(singular)
		if !ok1 || !ok2 || byPlural != bySingular || byPlural.Presenter.Present == nil {
			t.Errorf("%s/%s: found %v %v, same %v", plural, singular, ok1, ok2, byPlural == bySingular)
		}
	}
	if _, ok := r.Resource("widgets"); ok {
		t.Error("an unknown resource was found")
	}
}

func TestPolicyAndLogicMustAgree(t *testing.T) {
	run := func(*api.Op, any) (any, error) { return nil, nil }
	rule := &api.Rule{Scope: api.ScopePrivate}
	for name, res := range map[string]*api.Resource{
		"rule without action": {Policy: api.Policy{api.ActionList: {Rule: rule}}},
		"action without rule": {Logic: api.Logic{Actions: map[api.Action]api.Run{api.ActionList: run}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			mustAgree(res)
		}()
	}
	mustAgree(&api.Resource{Logic: api.Logic{Actions: map[api.Action]api.Run{api.ActionList: run}},
		Policy: api.Policy{api.ActionList: {Rule: rule}}})
}
