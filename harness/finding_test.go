package harness

import (
	"strings"
	"testing"
)

// A check that rejected answers is reported by the answer that broke it, grouped by what was
// wrong; one that rejected none falls back to a request safe to repeat, never a cleanup.
func TestFindingsNameTheAnswerThatBrokeTheRule(t *testing.T) {
	rec := NewRecorder()
	add := func(method, url string, housekeeping bool) *Exchange {
		e := &Exchange{Method: method, URL: "http://t" + url, Housekeeping: housekeeping}
		rec.add(e)
		return e
	}
	list := add("GET", "/api/users", false)
	broken := add("GET", "/api/users/9", false)
	other := add("POST", "/api/sessions", false)
	cleanup := add("DELETE", "/api/users/5", true)
	rule := Rule{ID: "B1.envelope-shape", Level: MUST}

	fs := findings(rule, MUST, "an error answer breaks the envelope\nExpected\n    <int>: 2\nto be zero-valued", []sighting{
		{ex: broken, problem: "error.type is missing or null, not a string"},
		{ex: other, problem: "error.type is missing or null, not a string"},
		{ex: cleanup, problem: "HTTP status 500 is neither 200 nor error.code 404"},
	})
	if len(fs) != 2 {
		t.Fatalf("want one finding per cause, got %+v", fs)
	}
	first := fs[0]
	if first.Cause != "error.type is missing or null, not a string" || len(first.Answers) != 2 || !strings.Contains(first.Curl, "/api/users/9") {
		t.Errorf("first finding: %+v", first)
	}
	if want := "an error answer breaks the envelope: error.type is missing or null, not a string (GET /api/users/9), and 1 more answer"; first.Reason != want {
		t.Errorf("reason %q, want %q", first.Reason, want)
	}

	currentRecorder.Store(rec)
	defer currentRecorder.Store(nil)
	fs = findings(rule, MUST, "the user is listed\nExpected\n    <bool>: false\nto be true", nil)
	if len(fs) != 1 || fs[0].Reason != "the user is listed" || !strings.Contains(fs[0].Curl, "/api/users") || strings.Contains(fs[0].Curl, "-X DELETE") {
		t.Errorf("a check on a derived value should name the last safe request, not the cleanup: %+v", fs)
	}
	_ = list

	// A precondition goes before the curl line; the request it depends on comes first.
	logout := add("PUT", "/api/sessions/1", false)
	again := add("GET", "/api/users/9", false)
	fs = findings(rule, MUST, "x", []sighting{{ex: logout, ok: true, before: true}, {ex: again, problem: "p"}})
	if c := fs[0].Curl; !strings.HasPrefix(c, "curl -sS -i -X PUT") || !strings.Contains(c, "; curl -sS -i http://t/api/users/9") {
		t.Errorf("curl with its precondition: %s", c)
	}
}
