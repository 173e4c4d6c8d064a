package harness

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestKeyPlacementsLandWhereMageReadsThem(t *testing.T) {
	f := newFakeMage(t)
	c := NewClient(f.srv.URL, f.config(), NewRecorder())

	c.Get("/api/status")
	c.Get("/api/users/1")
	if got := f.last().Header.Get("Cookie"); got != "" {
		t.Errorf("cookies the server set must not come back by themselves: %q", got)
	}
	if got := f.last().Header.Get("X-Api-Key"); got != fakeKey {
		t.Errorf("default placement: X-API-KEY = %q, want the configured key", got)
	}

	c.Get("/api/users/1", WithKey(KeyQuery))
	s := f.last()
	if got := s.Query["api_key"]; len(got) != 1 || got[0] != fakeKey {
		t.Errorf("KeyQuery: api_key query = %v", got)
	}
	if s.Header.Get("X-Api-Key") != "" {
		t.Errorf("KeyQuery must replace the default header key, header still sent")
	}

	c.Post("/api/users", WithKey(KeyBody), WithJSON(map[string]any{"user": map[string]any{"email": "a@b.c"}}))
	s = f.last()
	var body map[string]any
	if err := json.Unmarshal(s.Body, &body); err != nil {
		t.Fatalf("KeyBody body is not JSON: %q", s.Body)
	}
	if body["api_key"] != fakeKey || body["user"] == nil {
		t.Errorf("KeyBody: body = %s, want api_key merged next to user", s.Body)
	}
	if s.Header.Get("Content-Type") != "application/json" || s.Header.Get("X-Api-Key") != "" {
		t.Errorf("KeyBody: headers %v", s.Header)
	}

	c.Post("/api/sessions", WithKey(KeyBody))
	if err := json.Unmarshal(f.last().Body, &body); err != nil || body["api_key"] != fakeKey {
		t.Errorf("KeyBody without WithJSON should send {\"api_key\": K}, got %q", f.last().Body)
	}

	c.Get("/api/users/1", WithKeyValue("wrong", KeyHeader), WithKey(KeyQuery))
	s = f.last()
	if s.Header.Get("X-Api-Key") != "wrong" || s.Query.Get("api_key") != fakeKey {
		t.Errorf("two explicit keys: header %q, query %q", s.Header.Get("X-Api-Key"), s.Query.Get("api_key"))
	}

	r := c.Get("/api/users/1", WithoutKey())
	s = f.last()
	if s.Header.Get("X-Api-Key") != "" || s.Query.Has("api_key") {
		t.Errorf("WithoutKey still sent a key: %v %v", s.Header, s.Query)
	}
	if env, ok := r.Error(); !ok || env.Type != "invalid_api_key" {
		t.Errorf("the fake should reject a keyless request, got %s", r.Body)
	}
}

func TestTokenPlacementsSendTOrJ(t *testing.T) {
	f := newFakeMage(t)
	c := NewClient(f.srv.URL, f.config(), NewRecorder())
	s, r := c.Login("owner@example.com", fakePassword)
	if s == nil {
		t.Fatalf("login failed: %s", r.Body)
	}
	if s.JWT != f.jwt || s.Token != fakeT || s.UserID != 1 || s.User["username"] != "owner" {
		t.Fatalf("session = %+v", s)
	}
	if login := f.last(); !strings.Contains(string(login.Body), `"email":"owner@example.com"`) {
		t.Errorf("login body %s should use email for an identifier with @", login.Body)
	}

	cases := []struct {
		placement TokenPlacement
		header    string
		want      string
	}{
		{TokenOAuthHeader, "Oauth-Token", fakeT},
		{TokenBearer, "Authorization", "Bearer " + fakeT},
		{TokenCookie, "Cookie", "oauth_token=" + f.jwt},
	}
	for _, tc := range cases {
		r := c.Get("/api/users/1", WithSession(s, tc.placement))
		got := f.last().Header
		if got.Get(tc.header) != tc.want {
			t.Errorf("%s: %s = %q, want %q", tc.placement, tc.header, got.Get(tc.header), tc.want)
		}
		for _, other := range cases {
			if other.header != tc.header && got.Get(other.header) != "" {
				t.Errorf("%s: also sent %s", tc.placement, other.header)
			}
		}
		if r.Object("user") == nil {
			t.Errorf("%s: fake did not authenticate: %s", tc.placement, r.Body)
		}
	}

	as := c.As(s)
	as.Get("/api/users/1")
	if f.last().Header.Get("Oauth-Token") != fakeT {
		t.Errorf("As: default token placement should be OAUTH-TOKEN with T")
	}
	as.Get("/api/users/1", WithSession(s, TokenCookie))
	if h := f.last().Header; h.Get("Oauth-Token") != "" || h.Get("Cookie") == "" {
		t.Errorf("an explicit placement must replace As's default, got %v", h)
	}
	as.Get("/api/users/1", WithRawToken("garbage", TokenOAuthHeader), WithSession(s, TokenCookie))
	if h := f.last().Header; h.Get("Oauth-Token") != "garbage" || h.Get("Cookie") != "oauth_token="+f.jwt {
		t.Errorf("two token options should both be sent, got %v", h)
	}
	as.Get("/api/users/1", WithoutToken())
	if h := f.last().Header; h.Get("Oauth-Token") != "" || h.Get("Cookie") != "" {
		t.Errorf("WithoutToken still sent a token: %v", h)
	}
	c.Get("/api/users/1")
	if f.last().Header.Get("Oauth-Token") != "" {
		t.Errorf("As must not change the original client")
	}

	if r := as.Logout(s); r.Object("session") == nil || f.last().Method != "PUT" || f.last().Path != "/api/sessions/1" {
		t.Errorf("logout: %s %s -> %s", f.last().Method, f.last().Path, r.Body)
	}
	if r := as.Get("/api/users/1"); !strings.Contains(string(r.Body), "expired_oauth_token") {
		t.Errorf("after logout the fake should call the token expired: %s", r.Body)
	}
}

func TestLoginFailureGivesNilSession(t *testing.T) {
	f := newFakeMage(t)
	c := NewClient(f.srv.URL, f.config(), nil)
	s, r := c.Login("owner", "wrong")
	if s != nil {
		t.Fatalf("session from a failed login: %+v", s)
	}
	if env, ok := r.Error(); !ok || env.Code != 404 || env.Type != "record_not_found" {
		t.Errorf("response should carry the envelope: %s", r.Body)
	}
	if !strings.Contains(string(f.last().Body), `"username":"owner"`) {
		t.Errorf("an identifier without @ should be sent as username: %s", f.last().Body)
	}
}

func TestRequestShapes(t *testing.T) {
	f := newFakeMage(t)
	c := NewClient(f.srv.URL+"/", f.config(), NewRecorder())

	c.Get("/api/users?_limit=1", WithQuery("_offset", "2"), WithHTTPErrorCodes())
	s := f.last()
	if s.Path != "/api/users" || s.Query.Get("_limit") != "1" || s.Query.Get("_offset") != "2" || s.Query.Get("_http_error_codes") != "1" {
		t.Errorf("query merge: %s %v", s.Path, s.Query)
	}

	c.Get("/api/users/%2e%2e%2fetc")
	if got := f.last().Path; got != "/api/users/%2e%2e%2fetc" {
		t.Errorf("the path must go out byte for byte, server saw %q", got)
	}

	c.Post("/api/users", WithRawBody("", []byte("{not json")), WithHeader("X-Extra", "1"))
	s = f.last()
	if string(s.Body) != "{not json" || s.Header.Get("Content-Type") != "" || s.Header.Get("X-Extra") != "1" {
		t.Errorf("raw body without content type: body %q, headers %v", s.Body, s.Header)
	}

	c.Post("/api/users", WithRawBody("text/plain", []byte(`{"a":1}`)))
	if f.last().Header.Get("Content-Type") != "text/plain" {
		t.Errorf("raw body content type not sent")
	}

	c.Get("/api/users", WithJSON(map[string]any{"x": 1}))
	if string(f.last().Body) != `{"x":1}` {
		t.Errorf("a GET body must be sent when asked for, got %q", f.last().Body)
	}

	r := c.Post("/api/users", WithKey(KeyBody), WithRawBody("application/json", []byte("{}")))
	if r.Err == nil || r.Exchange == nil {
		t.Errorf("KeyBody with a raw body should be refused before sending")
	}
	r = c.Post("/api/users", WithKey(KeyBody), WithJSON([]int{1}))
	if r.Err == nil {
		t.Errorf("KeyBody with a non-object JSON body should be refused")
	}
	if r := c.Get("/api/users", WithKey("cookie")); r.Err == nil {
		t.Error("an unknown key placement must not silently send no key")
	}
	if r := c.Get("/api/users", WithRawToken("x", "header")); r.Err == nil {
		t.Error("an unknown token placement must not silently send no token")
	}
	r = c.Get("/api/users", WithSession(nil, TokenBearer))
	if r.Err == nil || !strings.Contains(r.Err.Error(), "nil session") {
		t.Errorf("WithSession(nil) should be a clear error, got %v", r.Err)
	}
}

func TestTransportErrorIsAResponse(t *testing.T) {
	c := NewClient(closedURL(t), DefaultConfig(), NewRecorder())
	r := c.Get("/api/status")
	if r == nil || r.Err == nil || r.Status != 0 || r.JSON != nil {
		t.Fatalf("refused connection: %+v", r)
	}
	if ex := c.Recorder().Exchanges(); len(ex) != 1 || ex[0].Err == nil {
		t.Errorf("failed exchange should be recorded: %+v", ex)
	}
	if _, ok := r.Error(); ok {
		t.Errorf("no envelope without a body")
	}
}

func TestContextAndEmptyKey(t *testing.T) {
	f := newFakeMage(t)
	cfg := f.config()
	cfg.APIKey = ""
	c := NewClient(f.srv.URL, cfg, nil)
	c.Get("/api/users/1")
	if _, sent := f.last().Header["X-Api-Key"]; sent {
		t.Error("an unconfigured key must not be sent as an empty header")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := c.WithContext(ctx).Get("/api/status"); r.Err == nil || !errors.Is(r.Err, context.Canceled) {
		t.Errorf("a cancelled context must stop the request: %v", r.Err)
	}
}
