// Package registry joins, per resource name, the resource's logic, its
// policy and its presenter into the api.Resource the operation runs on.
package registry

import (
	"fmt"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies"
	"github.com/mageconform/mageconform/reference/internal/presenters"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Registry finds resources by URL segment, plural or singular (C11 #15).
type Registry struct {
	bySegment map[string]*api.Resource
}

// New describes every resource the reference serves. Each server needs its
// own: the presenters cache views of the server's default roles.
func New() *Registry {
	views := new(presenters.RoleViews)
	r := &Registry{bySegment: map[string]*api.Resource{}}
	for _, res := range []*api.Resource{
		{Logic: resources.Users(), Policy: policies.Users(), Presenter: presenters.Users(views)},
		{Logic: resources.Sessions(), Policy: policies.Sessions(), Presenter: presenters.Sessions(views)},
		{Logic: resources.Pipelines(), Policy: policies.Pipelines(), Presenter: presenters.Pipelines()},
		{Logic: resources.PipelineSchedules(), Policy: policies.PipelineSchedules(), Presenter: presenters.PipelineSchedules()},
		{Logic: resources.Secrets(), Policy: policies.Secrets(), Presenter: presenters.Secrets()},
		{Logic: resources.Roles(), Policy: policies.Roles(), Presenter: presenters.Roles()},
		{Logic: resources.Statuses(), Policy: policies.Statuses(), Presenter: presenters.Statuses()},
		{Logic: resources.PipelineRuns(), Policy: policies.PipelineRuns(), Presenter: presenters.PipelineRuns()},
		{Logic: resources.BlockRuns(), Policy: policies.BlockRuns(), Presenter: presenters.BlockRuns()},
		{Logic: resources.Blocks(), Policy: policies.Blocks(), Presenter: presenters.Blocks()},
		{Logic: resources.Variables(), Policy: policies.Variables(), Presenter: presenters.Variables()},
		{Logic: resources.Projects(), Policy: policies.Projects(), Presenter: presenters.Projects()},
		{Logic: resources.Backfills(), Policy: policies.Backfills(), Presenter: presenters.Backfills()},
		{Logic: resources.Logs(), Policy: policies.Logs(), Presenter: presenters.Logs()},
		{Logic: resources.OauthAccessTokens(), Policy: policies.OauthAccessTokens(), Presenter: presenters.OauthAccessTokens()},
	} {
		mustAgree(res)
		r.bySegment[res.Plural] = res
		r.bySegment[res.Singular] = res
	}
	return r
}

// Resource returns the resource named by a URL segment.
func (r *Registry) Resource(segment string) (*api.Resource, bool) {
	res, ok := r.bySegment[segment]
	return res, ok
}

// mustAgree panics when a policy rules on an action the resource cannot do,
// the resource can do an action no policy admits (or has an unruled action a
// policy admits), or the policy or presenter does not follow the declared
// attributes (mustFollowAttributes): each is a bug in the resource's
// description, found as soon as any server is built.
func mustAgree(res *api.Resource) {
	mustFollowAttributes(res)
	for action, p := range res.Policy {
		if p != nil && p.Rule != nil && res.Actions[action] == nil {
			panic(fmt.Sprintf("registry: %s policy admits %s, which the resource lacks", res.Plural, action))
		}
	}
	for action := range res.Actions {
		if p := res.Policy[action]; p == nil || p.Rule == nil {
			panic(fmt.Sprintf("registry: %s can %s, which its policy never admits", res.Plural, action))
		}
	}
	// Unruled actions are reached only past the rules (compat.AuthOffWrites); one the policy
	// admits would never run.
	for action := range res.Unruled {
		if p := res.Policy[action]; p != nil && p.Rule != nil {
			panic(fmt.Sprintf("registry: %s has an unruled %s, which its policy admits", res.Plural, action))
		}
	}
}
