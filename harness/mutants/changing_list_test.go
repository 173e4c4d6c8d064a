package mutants

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/reference"
)

// churningSecrets is a correct server that another client writes to all the time: before it
// answers a page of the secrets list, one more secret exists. No two walks through that list
// agree, so the paging rules cannot be judged, and a conformance tool must say so rather than
// fail a server that did nothing wrong.
func churningSecrets(h http.Handler) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/secrets" && r.URL.Query().Has("_limit") {
			body := fmt.Sprintf(`{"secret": {"name": "churn_%d", "value": "churned-value-%d"}}`, n.Add(1), n.Load())
			create := httptest.NewRequest(http.MethodPost, "/api/secrets", strings.NewReader(body))
			create.Header = r.Header.Clone()
			create.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(httptest.NewRecorder(), create)
		}
		h.ServeHTTP(w, r)
	})
}

func TestAListThatNeverHoldsStillIsNotJudged(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiled suites; skipped with -short")
	}
	if compiled.buildErr != nil {
		t.Fatal(compiled.buildErr)
	}
	run := runSuites(t, churningSecrets(reference.New(reference.DefaultConfig())), runConfig{labels: "lists && resource:secrets"})
	for _, f := range run.failures() {
		t.Errorf("a server whose list another client changes was failed: %s", f)
	}
	notJudged := 0
	for _, s := range run.specs {
		if !isSpec(s) || !slices.Contains(s.Labels(), "resource:secrets") || !strings.Contains(s.FullText(), "pages through every record") {
			continue
		}
		if s.State != types.SpecStateSkipped || !strings.HasPrefix(s.Failure.Message, "not judged: the target changed during the walk") {
			t.Errorf("%s: state %s (%q), want skipped as not judged", s.FullText(), s.State, firstLine(s.Failure.Message))
			continue
		}
		notJudged++
	}
	if notJudged == 0 {
		t.Fatal("no paging spec ran: the filter selected nothing to judge")
	}
}
