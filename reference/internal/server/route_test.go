package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// muxRoute is what http.ServeMux with the four patterns makes of a path, the way the server
// routed before it matched paths itself.
func muxRoute(p string) (route, bool) {
	mux := http.NewServeMux()
	var got route
	matched := false
	handle := func(member bool) http.HandlerFunc {
		return func(_ http.ResponseWriter, r *http.Request) {
			got = route{resource: r.PathValue("resource"), pk: r.PathValue("pk"), parent: r.PathValue("parent"),
				pid: r.PathValue("pid"), member: member}
			matched = true
		}
	}
	mux.HandleFunc("/api/{resource}", handle(false))
	mux.HandleFunc("/api/{resource}/{pk}", handle(true))
	mux.HandleFunc("/api/{parent}/{pid}/{resource}", handle(false))
	mux.HandleFunc("/api/{parent}/{pid}/{resource}/{pk}", handle(true))
	mux.HandleFunc("/", func(http.ResponseWriter, *http.Request) {})
	r := httptest.NewRequest("GET", "/", nil)
	u, err := url.Parse(p)
	if err != nil {
		return route{}, false
	}
	r.URL = u
	mux.ServeHTTP(httptest.NewRecorder(), r)
	return got, matched
}

func FuzzRouteOf(f *testing.F) {
	for _, p := range []string{"/api/users", "/api/users/1", "/api/pipelines/p/pipeline_schedules/2", "/api/secrets/a%2Fb",
		"/api/a/b/c/d/e", "/api/", "/api//x", "/api/users/", "/x/users", "/api/%zz", "/api/s/%E2%82%AC", "/api/a%20b"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		u, err := url.Parse(p)
		if err != nil || u.Path == "" || u.Path[0] != '/' || !canonical(u.Path) || u.RawQuery != "" || u.Fragment != "" || u.Host != "" {
			return // the server answers these before routing
		}
		want, wantOK := muxRoute(p)
		got, ok := routeOf(u.EscapedPath())
		if ok != wantOK || got != want {
			t.Fatalf("%q: routeOf %+v %v, ServeMux %+v %v", p, got, ok, want, wantOK)
		}
	})
}
