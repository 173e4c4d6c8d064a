// Package registry joins, per resource name, the resource's logic, its
// policy and its presenter into the api.Resource the operation runs on.
package registry

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/presenters"
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
		{Logic: api.UsersLogic(), Presenter: presenters.Users(views)},
		{Logic: api.SessionsLogic(), Presenter: presenters.Sessions(views)},
		{Logic: api.PipelinesLogic(), Presenter: presenters.Pipelines()},
		{Logic: api.PipelineSchedulesLogic(), Presenter: presenters.PipelineSchedules()},
		{Logic: api.SecretsLogic(), Presenter: presenters.Secrets()},
		{Logic: api.RolesLogic(), Presenter: presenters.Roles()},
		{Logic: api.StatusesLogic(), Presenter: presenters.Statuses()},
	} {
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
