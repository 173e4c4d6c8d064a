package harness

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/onsi/gomega/types"
)

// answer builds a Response as the client would, for a request to url.
func answer(status int, body, url string) *Response {
	ex := &Exchange{Method: "GET", URL: url, Status: status, RespBody: []byte(body), RespHeader: http.Header{}}
	r := &Response{Status: status, Body: ex.RespBody, Header: ex.RespHeader, Exchange: ex}
	r.decode()
	return r
}

const usersURL = "http://t/api/users"

func TestErrorDecoding(t *testing.T) {
	r := answer(401, `{"error":{"code":401,"message":"Invalid API key.","type":"invalid_api_key","errors":["x"]},"status":200}`, usersURL)
	env, ok := r.Error()
	if !ok {
		t.Fatal("envelope not found")
	}
	if env.Code != 401 || env.Type != "invalid_api_key" || env.Message != "Invalid API key." ||
		env.HTTPStatus != 401 || env.BodyStatus == nil || *env.BodyStatus != 200 || env.Errors == nil || env.Raw["code"] == nil {
		t.Errorf("decoded %+v", env)
	}
	env, _ = answer(200, `{"error":{"code":"404","type":"record_not_found"}}`, usersURL).Error()
	if env.Code != 0 || env.BodyStatus != nil || env.Raw["code"] != "404" {
		t.Errorf("a string code must not decode as an integer: %+v", env)
	}
	for _, body := range []string{`{"error":"fire","status":200}`, `{"user":{}}`, `[1]`, `<html>`, ``} {
		if _, ok := answer(200, body, usersURL).Error(); ok {
			t.Errorf("%q has no error object", body)
		}
	}
}

func TestResponseAccessors(t *testing.T) {
	r := answer(200, `{"users":[{"id":1},{"id":2.0},3],"metadata":{"count":2}}`, usersURL)
	if items := r.Items("users"); len(items) != 2 {
		t.Errorf("Items: %v", items)
	}
	if id, ok := Int(r.Items("users")[1], "id"); !ok || id != 2 {
		t.Errorf("Int: %d %v", id, ok)
	}
	if md, ok := r.Metadata(); !ok || md["count"] != 2.0 {
		t.Errorf("Metadata: %v %v", md, ok)
	}
	if r.Object("users") != nil || r.Items("metadata") != nil {
		t.Error("wrong kinds must give nil")
	}
	if md, ok := answer(200, `{"user":{},"metadata":null}`, usersURL).Metadata(); !ok || md != nil {
		t.Errorf("null metadata is present but not an object: %v %v", md, ok)
	}
	if _, ok := answer(200, `{"user":{}}`, usersURL).Metadata(); ok {
		t.Error("absent metadata reported present")
	}
}

func TestEnvelopeProblems(t *testing.T) {
	good := []struct {
		status    int
		body, url string
	}{
		{200, `{"error":{"code":404,"message":"m","type":"record_not_found"},"status":200}`, usersURL},
		{401, `{"error":{"code":401,"message":"m","type":"invalid_api_key"},"status":200}`, usersURL},
		{403, `{"error":{"code":403,"message":"m","type":"unauthorized_access","errors":{"a":1}},"status":403}`, usersURL + "?_http_error_codes=1"},
		{200, `{"error":{"code":400,"message":"m","type":"record_invalid"},"status":200}`, usersURL + "?_http_error_codes="},
	}
	for _, g := range good {
		if p := EnvelopeProblems(answer(g.status, g.body, g.url)); len(p) != 0 {
			t.Errorf("%d %s: unexpected problems %v", g.status, g.body, p)
		}
	}
	bad := []struct {
		name, want string
		status     int
		body, url  string
	}{
		{"string code", "error.code", 200, `{"error":{"code":"404","message":"m","type":"t"},"status":200}`, usersURL},
		{"missing type", "error.type", 200, `{"error":{"code":404,"message":"m"},"status":200}`, usersURL},
		{"numeric message", "error.message", 200, `{"error":{"code":404,"message":1,"type":"t"},"status":200}`, usersURL},
		{"no status", "top-level status", 200, `{"error":{"code":404,"message":"m","type":"t"}}`, usersURL},
		{"body status mismatch", "body status 500", 200, `{"error":{"code":404,"message":"m","type":"t"},"status":500}`, usersURL},
		{"http status mismatch", "HTTP status 500", 500, `{"error":{"code":404,"message":"m","type":"t"},"status":200}`, usersURL},
		{"http codes not honoured", "_http_error_codes", 200, `{"error":{"code":404,"message":"m","type":"t"},"status":200}`, usersURL + "?_http_error_codes=false"},
		{"error is a string", "not an object", 200, `{"error":"fire","status":200}`, usersURL},
		{"no error", "no top-level", 200, `{"user":{}}`, usersURL},
		{"html", "not a JSON object", 404, `<html>nope</html>`, usersURL},
		{"mage code 500", "error.type", 200, `{"error":{"code":500,"errors":["tb"],"exception":"x","message":"tb"},"url_parameters":{}}`, usersURL},
	}
	for _, b := range bad {
		p := EnvelopeProblems(answer(b.status, b.body, b.url))
		if !strings.Contains(strings.Join(p, "|"), b.want) {
			t.Errorf("%s: problems %v should mention %q", b.name, p, b.want)
		}
	}
	if p := EnvelopeProblems(&Response{Err: errors.New("connection refused")}); len(p) != 1 {
		t.Errorf("transport error: %v", p)
	}
}

// expectMatch runs a matcher the way Gomega does and checks the verdict (and that a failure
// explains itself with the exchange and a curl).
func expectMatch(t *testing.T, m types.GomegaMatcher, r *Response, want bool, mention string) {
	t.Helper()
	ok, err := m.Match(r)
	if err != nil {
		t.Fatalf("Match error: %v", err)
	}
	if ok != want {
		t.Errorf("match = %v, want %v for %d %s\n%s", ok, want, r.Status, r.Body, m.FailureMessage(r))
		return
	}
	if !want {
		msg := m.FailureMessage(r)
		if !strings.Contains(msg, mention) || !strings.Contains(msg, "curl ") || !strings.Contains(msg, "< HTTP") {
			t.Errorf("failure message should mention %q, the exchange and a curl:\n%s", mention, msg)
		}
	}
}

func TestBeErrorEnvelope(t *testing.T) {
	ok := answer(200, `{"error":{"code":404,"message":"m","type":"record_not_found"},"status":200}`, usersURL)
	expectMatch(t, BeErrorEnvelope(404, "record_not_found"), ok, true, "")
	expectMatch(t, BeErrorEnvelope(403, "record_not_found"), ok, false, "want 403")
	expectMatch(t, BeErrorEnvelope(404, "record_invalid"), ok, false, `want "record_invalid"`)
	expectMatch(t, BeErrorEnvelope(404, "record_not_found"),
		answer(200, `{"error":{"code":404,"message":"m"},"status":200}`, usersURL), false, "error.type")
	expectMatch(t, BeErrorEnvelope(404, "record_not_found"),
		answer(200, `{"error":{"code":"404","message":"m","type":"record_not_found"},"status":200}`, usersURL), false, "error.code")
	expectMatch(t, BeErrorEnvelope(404, "record_not_found"),
		answer(200, `{"error":{"code":404,"message":"m","type":"record_not_found"},"status":201}`, usersURL), false, "body status")
	expectMatch(t, BeErrorEnvelope(404, "record_not_found"),
		answer(500, `{"error":{"code":404,"message":"m","type":"record_not_found"},"status":200}`, usersURL), false, "HTTP status")
	if _, err := BeErrorEnvelope(1, "x").Match("not a response"); err == nil {
		t.Error("a non-Response actual should be an error")
	}
}

func TestHaveErrorType(t *testing.T) {
	mage200 := answer(200, `{"error":{"code":200,"message":"m","type":"record_invalid"},"status":200}`, usersURL)
	expectMatch(t, HaveErrorType("record_invalid"), mage200, true, "")
	expectMatch(t, HaveErrorType("record_not_found"), mage200, false, "record_not_found")
	expectMatch(t, HaveErrorType("record_invalid"), answer(200, `{"user":{}}`, usersURL), false, "a success (HTTP 200) instead of an error")
	expectMatch(t, HaveErrorType("record_invalid"), answer(404, `{"user":{}}`, usersURL), false, "without")
	// The words of the envelope check, so one fault (a dropped type) is one cause everywhere.
	expectMatch(t, HaveErrorType("record_invalid"), answer(200, `{"error":{"code":400,"message":"m"},"status":200}`, usersURL),
		false, "error.type is missing or null, not a string")
}

func TestBeAuthFailure(t *testing.T) {
	body := `{"error":{"code":401,"message":"m","type":"invalid_api_key"},"status":200}`
	expectMatch(t, BeAuthFailure("invalid_api_key"), answer(401, body, usersURL), true, "")
	expectMatch(t, BeAuthFailure("invalid_api_key"), answer(200, body, usersURL), true, "")
	expectMatch(t, BeAuthFailure("invalid_oauth_token"), answer(401, body, usersURL), false, "invalid_oauth_token")
	expectMatch(t, BeAuthFailure("invalid_api_key"), answer(403, body, usersURL), false, "HTTP status 403")
	expectMatch(t, BeAuthFailure("invalid_api_key"),
		answer(200, `{"error":{"code":403,"message":"m","type":"invalid_api_key"},"status":200}`, usersURL), false, "want 401")
}

func TestBeSuccess(t *testing.T) {
	expectMatch(t, BeSuccess("user"), answer(200, `{"user":{"id":1},"metadata":null}`, usersURL), true, "")
	expectMatch(t, BeSuccess("users"), answer(200, `{"users":[],"metadata":{"count":0,"next":false}}`, usersURL), true, "")
	cases := []struct {
		key, body, mention string
		status             int
	}{
		{"user", `{"user":{"id":1},"metadata":null,"status":200}`, `"status"`, 200},
		{"user", `{"user":{"id":1}}`, "metadata", 200},
		{"user", `{"users":{"id":1},"metadata":null}`, `no "user"`, 200},
		{"user", `{"user":{"id":1},"metadata":{}}`, "want null", 200},
		{"users", `{"users":[],"metadata":null}`, "want an object", 200},
		{"user", `{"user":null,"metadata":null}`, "object or a list", 200},
		{"user", `{"error":{"code":404,"message":"m","type":"record_not_found"},"status":200}`, "an error E(404, record_not_found) instead of a success", 200},
		{"user", `{"user":{"id":1},"metadata":null}`, "HTTP status 500", 500},
		{"user", `<html>`, "not a JSON object", 200},
	}
	for _, c := range cases {
		expectMatch(t, BeSuccess(c.key), answer(c.status, c.body, usersURL), false, c.mention)
	}
}

func TestSensitiveLeaks(t *testing.T) {
	clean := `{"users":[{"id":1,"email":"a@b.c","token":"x"}],"metadata":{}}`
	if l := SensitiveLeaks([]byte(clean), "topsecretvalue"); len(l) != 0 {
		t.Errorf("clean body: %v", l)
	}
	leaky := `{"users":[{"id":1,"password_hash":"$2b$"},{"id":2,"Password":"x","note":"has topsecretvalue inside"}],"secret":{"value":"v"}}`
	got := strings.Join(SensitiveLeaks([]byte(leaky), "topsecretvalue", "value"), "|")
	for _, want := range []string{"$.users[0].password_hash", "$.users[1].Password", "$.users[1].note (forbidden value)", "$.secret.value"} {
		if !strings.Contains(got, want) {
			t.Errorf("leaks %q should include %q", got, want)
		}
	}
	if l := SensitiveLeaks([]byte(`[{"password":1}]`)); len(l) != 1 || l[0] != "$[0].password" {
		t.Errorf("top-level list: %v", l)
	}
	if l := SensitiveLeaks([]byte(`{"user":{"id":1,"password_hash":"x"`)); len(l) != 1 || !strings.Contains(l[0], "password_hash") {
		t.Errorf("a truncated body must still be searched for forbidden keys: %v", l)
	}
	if l := SensitiveLeaks([]byte("plain topsecretvalue text"), "topsecretvalue"); len(l) != 1 {
		t.Errorf("non-JSON body with a forbidden value: %v", l)
	}
}

func TestExchangeResponseRoundTrip(t *testing.T) {
	f := newFakeMage(t)
	c := NewClient(f.srv.URL, f.config(), NewRecorder())
	sent := c.Get("/api/users/1", WithoutKey())
	again := c.Recorder().Exchanges()[0].Response()
	if again.Status != sent.Status || string(again.Body) != string(sent.Body) || again.Exchange != sent.Exchange {
		t.Errorf("rebuilt %+v, sent %+v", again, sent)
	}
	if env, ok := again.Error(); !ok || env.Type != "invalid_api_key" {
		t.Errorf("rebuilt response not decoded: %s", again.Body)
	}
}
