package registry

import (
	"testing"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
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

// A policy or presenter that names an attribute the resource does not declare, or that leaves
// out one it declares, is refused when the server is built.
func TestPolicyAndPresenterMustFollowTheAttributes(t *testing.T) {
	run := func(*api.Op, any) (any, error) { return nil, nil }
	rule := &api.Rule{Scope: api.ScopePrivate}
	attrs := api.Declare(
		api.Attribute{Name: "id", Shown: []string{"default"}},
		api.Attribute{Name: "name", Kind: api.KindString, Write: api.WrittenOn(nil, api.ActionCreate), Shown: []string{"default"}},
		api.Attribute{Name: "secret", Kind: api.KindString, Sensitive: true},
	)
	build := func(write map[string]api.Condition, formats map[string][]string, mage map[string][]string) *api.Resource {
		return &api.Resource{
			Logic:     api.Logic{Attributes: attrs, Actions: map[api.Action]api.Run{api.ActionCreate: run}},
			Policy:    api.Policy{api.ActionCreate: {Rule: rule, Write: write}},
			Presenter: api.Presenter{Formats: formats, InMage: map[compat.ID]map[string][]string{"some-deviation": mage}},
		}
	}
	good := attrs.Writes(api.ActionCreate)
	for name, res := range map[string]*api.Resource{
		"policy writes an undeclared attribute": build(map[string]api.Condition{"name": nil, "color": nil}, attrs.Formats(), nil),
		"policy lacks a declared write":         build(map[string]api.Condition{}, attrs.Formats(), nil),
		"format shows an undeclared attribute":  build(good, map[string][]string{"default": {"id", "name", "color"}}, nil),
		"a declared format is missing":          build(good, map[string][]string{}, nil),
		"an extra format":                       build(good, map[string][]string{"default": {"id", "name"}, "list": {"id"}}, nil),
		"Mage's format shows a sensitive one":   build(good, attrs.Formats(), map[string][]string{"default": {"id", "secret"}}),
		"Mage's format shows an undeclared one": build(good, attrs.Formats(), map[string][]string{"default": {"color"}}),
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
	mustAgree(build(good, attrs.Formats(), map[string][]string{"default": {"id"}}))
}
