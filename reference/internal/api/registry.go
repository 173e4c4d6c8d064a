package api

// Registry finds resources by URL segment, plural or singular (C11 #15).
type Registry struct {
	bySegment map[string]*Resource
}

// NewRegistry describes every resource the reference serves.
func NewRegistry() *Registry {
	r := &Registry{bySegment: map[string]*Resource{}}
	for _, res := range []*Resource{usersResource(), sessionsResource(), pipelinesResource(),
		schedulesResource(), secretsResource(), rolesResource(), statusesResource()} {
		r.bySegment[res.Plural] = res
		r.bySegment[res.Singular] = res
	}
	return r
}

// Resource returns the resource named by a URL segment.
func (r *Registry) Resource(segment string) (*Resource, bool) {
	res, ok := r.bySegment[segment]
	return res, ok
}
