// Package server is the HTTP side of the reference: routing (C §1), request
// parsing, authentication, and writing envelopes.
package server

import (
	"net/http"
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
	mux                       *http.ServeMux
	redact                    *logline.Redactor // for the log line of a recovered panic
}

// route shapes: a collection takes list/create, a member detail/update/delete.
const (
	collection = false
	member     = true
)

// New returns the handler.
func New(env *api.Env, reg *registry.Registry, apiKey string) *Server {
	s := &Server{env: env, registry: reg, apiKey: apiKey, redact: logline.New(apiKey),
		requireUserAuthentication: env.RequireUserAuthentication, mux: http.NewServeMux()}
	s.mux.HandleFunc("/api/{resource}", s.handle(collection))
	s.mux.HandleFunc("/api/{resource}/{pk}", s.handle(member))
	s.mux.HandleFunc("/api/{parent}/{pid}/{resource}", s.handle(collection))
	s.mux.HandleFunc("/api/{parent}/{pid}/{resource}/{pk}", s.handle(member))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w.(*exchange), apierr.NotFound("No such route."))
	})
	return s
}

// Env is the server's configuration and store; tests read the state through it.
func (s *Server) Env() *api.Env { return s.env }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setHeaders(w.Header())
	x := newExchange(w, r, s.env.Compat)
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
		s.mux.ServeHTTP(x, r)
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

func (s *Server) handle(isMember bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		x := w.(*exchange)
		act, ok := action(r.Method, isMember)
		if !ok {
			x.WriteHeader(http.StatusMethodNotAllowed) // empty body, as Mage
			return
		}
		res, e := s.serve(x, r, act)
		if e != nil {
			writeError(x, e)
			return
		}
		writeResult(x, res)
	}
}

func (s *Server) serve(w *exchange, r *http.Request, act api.Action) (*api.Result, error) {
	segment, parentSegment := r.PathValue("resource"), r.PathValue("parent")
	op := &api.Op{Env: s.env, Action: act, Segment: segment, PK: r.PathValue("pk"),
		ParentPK: r.PathValue("pid")}
	// The health check route needs no key and no token whatever the method (C §1);
	// the statuses rules then allow only the list.
	healthCheck := !act.IsMember() && parentSegment == "" && (segment == "status" || segment == "statuses")
	if healthCheck {
		op.Segment = "statuses" // Mage routes both spellings to the statuses resource
	}
	w.request, w.healthCheck = r, healthCheck
	b := readBody(w, r, s.env.Limits.BodyBytes, s.env.Limits.JSONDepth, s.env.Compat)
	switch {
	case !s.requireUserAuthentication:
		op.Caller = api.Caller{AuthOff: true, Level: role.Owner}
	case !healthCheck:
		caller, e := s.authenticate(r, w.query, b.key)
		if e != nil {
			return nil, e
		}
		op.Caller = caller
	}
	if b.err != nil {
		return nil, b.err
	}
	var e *apierr.Error
	if op.Meta, op.Query, e = splitQuery(w); e != nil {
		return nil, e
	}
	var ok bool
	if parentSegment != "" {
		if op.Parent, ok = s.registry.Resource(parentSegment); !ok {
			return nil, unknownResource(parentSegment)
		}
	}
	if op.Resource, ok = s.registry.Resource(segment); !ok {
		return nil, unknownResource(segment)
	}
	attrs, fault, err := b.wrapper(op.Resource.Singular)
	if err != nil {
		return nil, err
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
func urlParameters(r *http.Request, healthCheck bool) map[string]string {
	out := map[string]string{}
	if healthCheck {
		return out
	}
	set := func(name, value string) {
		if value != "" {
			out[name] = value
		}
	}
	if parent := r.PathValue("parent"); parent != "" {
		set("resource", parent)
		set("pk", r.PathValue("pid"))
		set("child", r.PathValue("resource"))
		set("child_pk", r.PathValue("pk"))
		return out
	}
	set("resource", r.PathValue("resource"))
	set("pk", r.PathValue("pk"))
	return out
}
