// Package server is the HTTP side of the reference: routing (C §1), request
// parsing, authentication, and writing envelopes.
package server

import (
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/logline"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/registry"
)

// Server serves the API over the resources of a registry.
type Server struct {
	env                       *api.Env
	registry                  *registry.Registry
	apiKey                    string
	requireUserAuthentication bool
	// notFound answers a path outside the routes; tests replace it.
	notFound http.HandlerFunc
	redact   *logline.Redactor // for the log line of a recovered panic
}

// route shapes: a collection takes list/create, a member detail/update/delete.
const (
	collection = false
	member     = true
)

// New returns the handler.
func New(env *api.Env, reg *registry.Registry, apiKey string) *Server {
	s := &Server{env: env, registry: reg, apiKey: apiKey, redact: logline.New(apiKey),
		requireUserAuthentication: env.RequireUserAuthentication}
	s.notFound = func(w http.ResponseWriter, r *http.Request) {
		writeError(w.(*exchange), apierr.NotFound("No such route."))
	}
	return s
}

// route is where a path leads: /api/{resource}[/{pk}] or /api/{parent}/{pid}/{resource}[/{pk}],
// each part unescaped.
type route struct {
	resource, pk, parent, pid string
	member                    bool
}

// routeOf matches an escaped path against the four routes as http.ServeMux matched the
// patterns "/api/{resource}", "/api/{resource}/{pk}", "/api/{parent}/{pid}/{resource}" and
// "/api/{parent}/{pid}/{resource}/{pk}": a part is one non-empty segment of the escaped path
// (so %2F is no separator), unescaped after matching.
func routeOf(escaped string) (route, bool) {
	rest, ok := strings.CutPrefix(escaped, "/api/")
	if !ok {
		return route{}, false
	}
	var parts [4]string
	n := 0
	for {
		i := strings.IndexByte(rest, '/')
		part := rest
		if i >= 0 {
			part = rest[:i]
		}
		if part == "" || n == len(parts) {
			return route{}, false
		}
		if strings.IndexByte(part, '%') >= 0 {
			unescaped, err := url.PathUnescape(part)
			if err != nil {
				return route{}, false
			}
			part = unescaped
		}
		parts[n] = part
		n++
		if i < 0 {
			break
		}
		rest = rest[i+1:]
	}
	switch n {
	case 1:
		return route{resource: parts[0]}, true
	case 2:
		return route{resource: parts[0], pk: parts[1], member: true}, true
	case 3:
		return route{parent: parts[0], pid: parts[1], resource: parts[2]}, true
	}
	return route{parent: parts[0], pid: parts[1], resource: parts[2], pk: parts[3], member: true}, true
}

// Env is the server's configuration and store; tests read the state through it.
func (s *Server) Env() *api.Env { return s.env }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setHeaders(w.Header())
	x := newExchange(w, r, s.env.Compat)
	defer releaseExchange(x) // after recoverInto, which may still answer through x
	defer recoverInto(x, r, s.redact)
	switch {
	case r.Method == http.MethodOptions && (strings.HasPrefix(r.URL.Path, "/api/") || r.RequestURI == "*"):
		if s.env.Compat.Has(compat.OptionsNoContentType) {
			w.Header().Del("Content-Type") // Tornado drops it from a 204
		}
		x.WriteHeader(http.StatusNoContent)
	case !strings.HasPrefix(r.URL.Path, "/"):
		// "*" (meant for OPTIONS) and CONNECT's host:port: ServeMux would answer a bare 400.
		writeError(x, apierr.Invalid("The request target is not a path."))
	case !canonical(r.URL.Path) || traversal(x.query):
		// ServeMux would redirect these; Mage refuses path traversal with a 400.
		writeError(x, apierr.Invalid("The path or a query value is not canonical."))
	default:
		rt, ok := routeOf(r.URL.EscapedPath())
		if !ok {
			s.notFound(x, r)
			return
		}
		if s.trigger(x, r, rt) {
			return
		}
		s.handle(x, r, rt)
	}
}

// canonical: no "." or ".." segments and no empty segments.
func canonical(p string) bool {
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c == p
}

// action maps the method on a route shape to an action; false means HTTP 405.
func action(method string, isMember bool) (api.Action, bool) {
	switch {
	case method == http.MethodGet && !isMember:
		return api.ActionList, true
	case method == http.MethodPost && !isMember:
		return api.ActionCreate, true
	case method == http.MethodGet && isMember:
		return api.ActionDetail, true
	case method == http.MethodPut && isMember:
		return api.ActionUpdate, true
	case method == http.MethodDelete && isMember:
		return api.ActionDelete, true
	}
	return "", false
}

func (s *Server) handle(x *exchange, r *http.Request, rt route) {
	act, ok := action(r.Method, rt.member)
	if !ok {
		x.WriteHeader(http.StatusMethodNotAllowed) // empty body, as Mage
		return
	}
	res, e := s.serve(x, r, rt, act)
	if e != nil {
		writeError(x, e)
		return
	}
	writeResult(x, &res)
	res.Release()
}

func (s *Server) serve(w *exchange, r *http.Request, rt route, act api.Action) (api.Result, error) {
	segment, parentSegment := rt.resource, rt.parent
	op := &w.op
	*op = api.Op{Env: s.env, Action: act, Segment: segment, PK: rt.pk, ParentPK: rt.pid}
	// The health check route needs no key and no token whatever the method (C §1);
	// the statuses rules then allow only the list.
	healthCheck := !act.IsMember() && parentSegment == "" && (segment == "status" || segment == "statuses")
	if healthCheck {
		op.Segment = "statuses" // Mage routes both spellings to the statuses resource
	}
	w.route, w.routed, w.healthCheck = rt, true, healthCheck
	b := readBody(w, r, s.env.Limits.BodyBytes, s.env.Limits.JSONDepth, s.env.Compat)
	switch {
	case !s.requireUserAuthentication:
		op.Caller = api.Caller{AuthOff: true, Level: role.Owner}
	case !healthCheck:
		caller, e := s.authenticate(r, w.query, b.key, &w.caller)
		if e != nil {
			return api.Result{}, e
		}
		op.Caller = caller
	}
	if b.err != nil {
		return api.Result{}, b.err
	}
	var e *apierr.Error
	if op.Meta, op.Query, e = splitQuery(w); e != nil {
		return api.Result{}, e
	}
	var ok bool
	if parentSegment != "" {
		if op.Parent, ok = s.registry.Resource(parentSegment); !ok {
			return api.Result{}, unknownResource(parentSegment)
		}
	}
	if op.Resource, ok = s.registry.Resource(segment); !ok {
		return api.Result{}, unknownResource(segment)
	}
	attrs, fault, err := b.wrapper(op.Resource.Singular)
	if err != nil {
		return api.Result{}, err
	}
	op.Attrs = attrs
	switch {
	case b.fault != nil:
		op.PayloadFault = &api.PayloadFault{Err: b.fault, BeforeRule: true}
	case fault != nil:
		op.PayloadFault = &api.PayloadFault{Err: fault}
	}
	return api.Execute(op)
}

// unknownResource: Mage imports the resource's policy by name and fails.
func unknownResource(segment string) *apierr.Error {
	class := strings.TrimSuffix(segment, "s")
	if class != "" {
		class = strings.ToUpper(class[:1]) + strings.ReplaceAll(class[1:], "_", "")
	}
	return apierr.NotFound("No such resource.").InMage(compat.UnknownResource500,
		apierr.Unhandled("ModuleNotFoundError", "No module named 'mage_ai.api.policies.%sPolicy'", class))
}

// urlParameters are the route's path arguments as Mage names them: a nested route's parent
// is "resource" and "pk", its child "child" and "child_pk"; the health check route has none.
func urlParameters(rt route, healthCheck bool) map[string]string {
	out := map[string]string{}
	if healthCheck {
		return out
	}
	set := func(name, value string) {
		if value != "" {
			out[name] = value
		}
	}
	if rt.parent != "" {
		set("resource", rt.parent)
		set("pk", rt.pid)
		set("child", rt.resource)
		set("child_pk", rt.pk)
		return out
	}
	set("resource", rt.resource)
	set("pk", rt.pk)
	return out
}
