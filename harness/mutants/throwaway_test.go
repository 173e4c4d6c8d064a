package mutants

import (
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A new resource is a description and its payload builder, nothing else. Built with the
// mageconform_throwaway tag, the catalogue has "gadgets" (fixtures/throwaway_on.go), which no
// file of suites/ or harness/ names; the generic suites judge it from its description alone:
// they pass a server that serves it (the reference's secrets under that name) and fail one
// that breaks its presenter.
func TestAThrowAwayResourceIsOnlyADescription(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the suites a second time; skipped with -short")
	}
	root := filepath.Join("..", "..")
	for _, dir := range []string{"suites", "harness"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "throwaway_test.go") {
				return err
			}
			if b, _ := os.ReadFile(path); strings.Contains(string(b), "gadget") || strings.Contains(string(b), "gizmo") {
				t.Errorf("%s names the throw-away resource: a new resource must need no code there", path)
			}
			return nil
		})
	}

	bin := filepath.Join(t.TempDir(), "suites-throwaway.test")
	build := exec.Command("go", "test", "-c", "-tags", "mageconform_throwaway", "-o", bin, "./suites")
	build.Dir, build.Env = root, append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -c -tags mageconform_throwaway ./suites: %v\n%s", err, out)
	}
	rc := runConfig{labels: "resource:gadgets", binary: bin}

	good := runSuites(t, renamedAs("gadgets", "secrets", newReference(Mutant{})), rc)
	if msg, failed := good.setupFailure(); failed {
		t.Fatalf("setup failed: %s", firstLine(msg))
	}
	for _, f := range good.failures() {
		t.Errorf("against a server that serves gadgets: %s", f)
	}
	if n := good.passed(); n < 15 {
		t.Errorf("only %d specs judged gadgets; the generic procedures should give it a lifecycle, lists, policies and presenters", n)
	}

	// Gizmos: a missing one is `{}`, which its description says; the MUST rules hold, and
	// showing a deleted one still fails.
	gizmos := runConfig{labels: "resource:gizmos", binary: bin}
	emptyMissing := rewrite(methodIs(http.MethodGet), func(_ *http.Request, rp *reply) {
		if rp.errorType() == "record_not_found" {
			rp.setObject(map[string]any{})
		}
	})
	empty := runSuites(t, emptyMissing(renamedAs("gizmos", "secrets", newReference(Mutant{}))), gizmos)
	for _, f := range empty.failures() {
		t.Errorf("against a server that answers a missing gizmo with {}: %s", f)
	}
	if empty.passed() < 10 {
		t.Errorf("only %d specs judged gizmos", empty.passed())
	}
	shown := runSuites(t, deletedDetailSuccess(renamedAs("gizmos", "secrets", newReference(Mutant{}))), gizmos)
	if len(shown.caughtBy("B4.deleted-is-error")) == 0 {
		t.Errorf("a deleted gizmo shown on detail passed B4.deleted-is-error; failures: %v", shown.failures())
	}

	broken := runSuites(t, renamedAs("gadgets", "secrets", editSuccess(func(r *http.Request, body map[string]any) {
		for _, item := range asItems(body["secrets"]) {
			delete(item, "name")
		}
	})(newReference(Mutant{}))), rc)
	if len(broken.caughtBy("B7.list-keys")) == 0 {
		t.Errorf("a gadget list without names passed B7.list-keys; failures: %v", broken.failures())
	}
}

// renamedAs serves the resource inner under the name outer: paths and the envelope keys of
// requests and answers (plural and singular) are translated both ways.
func renamedAs(outer, inner string, h http.Handler) http.Handler {
	outerOne, innerOne := strings.TrimSuffix(outer, "s"), strings.TrimSuffix(inner, "s")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/"+outer) {
			h.ServeHTTP(w, r)
			return
		}
		r = r.Clone(r.Context())
		r.URL.Path = "/api/" + inner + strings.TrimPrefix(r.URL.Path, "/api/"+outer)
		r.URL.RawPath = ""
		if m := decodeObject(bufferBody(r)); m != nil {
			if v, ok := m[outerOne]; ok {
				delete(m, outerOne)
				m[innerOne] = v
			}
			setJSONBody(r, m)
		}
		rp := capture(h, r)
		if m := rp.object(); m != nil {
			for from, to := range map[string]string{inner: outer, innerOne: outerOne} {
				if v, ok := m[from]; ok {
					delete(m, from)
					m[to] = v
				}
			}
			rp.setObject(m)
		}
		rp.write(w)
	})
}

func asItems(v any) []map[string]any {
	list, _ := v.([]any)
	var out []map[string]any
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
