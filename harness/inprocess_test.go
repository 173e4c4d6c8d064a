package harness

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestHarnessAgainstTheReference runs the client's whole auth story against the in-process
// reference: the same calls the suites make, so a mismatch between the two shows here first.
func TestHarnessAgainstTheReference(t *testing.T) {
	cfg := DefaultConfig()
	target, err := OpenTarget(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = target.Close() })
	if err := WaitReady(context.Background(), target.URL, 5*time.Second, nil); err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder()
	c := NewClient(target.URL, cfg, rec)
	must := func(what string, r *Response, m interface {
		Match(any) (bool, error)
		FailureMessage(any) string
	}) {
		t.Helper()
		if ok, err := m.Match(r); err != nil || !ok {
			t.Errorf("%s: %v %s", what, err, m.FailureMessage(r))
		}
	}

	must("status without credentials", c.Get("/api/status", WithoutKey()), BeSuccess("statuses"))
	must("no key", c.Get("/api/users", WithoutKey()), BeAuthFailure("invalid_api_key"))
	must("public scope", c.Get("/api/users"), BeErrorEnvelope(403, "unauthorized_access"))
	must("http error codes", c.Get("/api/users", WithoutKey(), WithHTTPErrorCodes()), BeAuthFailure("invalid_api_key"))
	bad, r := c.Login(cfg.Email, "wrong")
	must("bad login", r, BeErrorEnvelope(404, "record_not_found"))
	if bad != nil {
		t.Errorf("a failed login returned a session")
	}
	s, r := c.Login(cfg.Email, cfg.Password)
	if s == nil {
		t.Fatalf("owner login: %s", r.Body)
	}
	must("login", r, BeSuccess("session"))
	if len(s.Token) != 43 {
		t.Errorf("T should be 43 characters, got %q", s.Token)
	}
	for _, kp := range KeyPlacements {
		for _, tp := range TokenPlacements {
			method, path := "GET", "/api/users"
			if kp == KeyBody {
				method = "POST" // Mage reads a body key on POST only
				path = "/api/pipelines"
			}
			opts := []Option{WithKey(kp), WithSession(s, tp)}
			if method == "POST" {
				opts = append(opts, WithJSON(map[string]any{"pipeline": map[string]any{"name": "p " + string(tp), "type": "python"}}))
				must(string(kp)+"/"+string(tp), c.Do(method, path, opts...), BeSuccess("pipeline"))
				continue
			}
			must(string(kp)+"/"+string(tp), c.Do(method, path, opts...), BeSuccess("users"))
		}
	}
	must("J in a header", c.Get("/api/users", WithRawToken(s.JWT, TokenBearer)), BeAuthFailure("invalid_oauth_token"))
	must("logout", c.Logout(s), BeSuccess("session"))
	must("after logout", c.As(s).Get("/api/users"), BeAuthFailure("expired_oauth_token"))

	tr := rec.Transcript()
	if !strings.Contains(tr, `"email":"admin@admin.com"`) || strings.Contains(tr, `"password":"admin"`) ||
		strings.Contains(tr, cfg.APIKey) || strings.Contains(tr, s.JWT) || strings.Contains(tr, s.Token) {
		t.Errorf("the default short password must be redacted where it is sent without mangling the email:\n%s", tr)
	}
	for _, ex := range rec.Exchanges() {
		if leaks := SensitiveLeaks(ex.RespBody); len(leaks) > 0 {
			t.Errorf("%s %s leaks %v", ex.Method, ex.URL, leaks)
		}
	}
}

func TestInProcessReferenceFollowsUserAuthOff(t *testing.T) {
	cfg := DefaultConfig()
	cfg.UserAuth = false
	target, err := OpenTarget(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = target.Close() })
	r := NewClient(target.URL, cfg, nil).Get("/api/users", WithoutKey())
	if ok, _ := BeSuccess("users").Match(r); !ok {
		t.Errorf("with user authentication off, an anonymous list should succeed: %s", r.Body)
	}
}
