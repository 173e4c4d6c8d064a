package harness

import (
	"bytes"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// loggedInExchanges drives a login and authenticated calls through every placement.
func loggedInExchanges(t *testing.T) (*fakeMage, *Client, *Session) {
	t.Helper()
	freshSecrets(t)
	f := newFakeMage(t)
	c := NewClient(f.srv.URL, f.config(), NewRecorder())
	s, r := c.Login("owner@example.com", fakePassword)
	if s == nil {
		t.Fatalf("login: %s", r.Body)
	}
	as := c.As(s)
	as.Get("/api/users/1", WithKey(KeyQuery))
	as.Post("/api/users", WithKey(KeyBody), WithSession(s, TokenBearer),
		WithJSON(map[string]any{"user": map[string]any{"password": "newuserpw1", "password_confirmation": "newuserpw1"}}))
	as.Get("/api/users/1", WithSession(s, TokenCookie))
	as.Get("/api/users/1", WithRawToken(s.JWT, TokenOAuthHeader))
	as.Post("/api/sessions", WithKey(KeyQuery), WithRawBody("application/x-www-form-urlencoded", []byte("api_key="+fakeKey+"&password=formpw")))
	as.Put("/api/users/1", WithRawBody("", []byte(`{"broken`)))
	as.Get("/api/status") // answers with a Set-Cookie carrying J
	return f, c, s
}

func TestTranscriptRedactsEveryCredential(t *testing.T) {
	f, c, s := loggedInExchanges(t)
	tr := c.Recorder().Transcript()
	for name, secret := range map[string]string{"key": fakeKey, "password": fakePassword, "J": s.JWT, "T": s.Token,
		"new user's password": "newuserpw1", "form password": "formpw", "J's payload": strings.Split(f.jwt, ".")[1]} {
		if strings.Contains(tr, secret) {
			t.Errorf("transcript leaks the %s:\n%s", name, tr)
		}
	}
	for _, want := range []string{
		"X-Api-Key: <redacted:CONFORMANCE_API_KEY>", `"password":"<redacted:CONFORMANCE_PASSWORD>"`,
		"Oauth-Token: <redacted:TOKEN>", "Authorization: Bearer <redacted:TOKEN>", "Cookie: oauth_token=<redacted:JWT>",
		"api_key=<redacted:CONFORMANCE_API_KEY>", `"api_key":"<redacted:CONFORMANCE_API_KEY>"`, `"token":"<redacted:JWT>"`,
		`"password":"<redacted:PASSWORD>"`, "password=<redacted>", "Oauth-Token: <redacted:JWT>",
		"=== #1 POST " + f.srv.URL + "/api/sessions", "< Set-Cookie: oauth_token=<redacted:JWT>; Path=/", "< HTTP 200", `"email":"owner@example.com"`,
	} {
		if !strings.Contains(tr, want) {
			t.Errorf("transcript lacks %q:\n%s", want, tr)
		}
	}
}

func TestTranscriptCutsLongBodies(t *testing.T) {
	ex := &Exchange{Method: "GET", URL: "http://t/x", Status: 200, RespBody: bytes.Repeat([]byte("a"), 5000)}
	tr := ex.Transcript()
	if strings.Count(tr, "a") > maxTranscriptBody+10 || !strings.Contains(tr, "[904 more bytes]") {
		t.Errorf("long body not cut at 4 KiB (%d bytes of transcript)", len(tr))
	}
}

func TestUnknownJWTsAreRedactedAnywhere(t *testing.T) {
	jwtLike := "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbiI6IngifQ.c2lnbmF0dXJl"
	ex := &Exchange{Method: "GET", URL: "http://t/x", Status: 200, RespBody: []byte(`{"note":"see ` + jwtLike + `"}`)}
	if strings.Contains(ex.Transcript(), jwtLike) {
		t.Errorf("a JWT-shaped string survived: %s", ex.Transcript())
	}
}

func TestCurlUsesShellVariablesForSecrets(t *testing.T) {
	f, c, s := loggedInExchanges(t)
	for _, ex := range c.Recorder().Exchanges() {
		cmd := Curl(ex)
		for _, secret := range []string{fakeKey, fakePassword, s.JWT, s.Token} {
			if strings.Contains(cmd, secret) {
				t.Errorf("curl leaks a secret: %s", cmd)
			}
		}
	}
	login := Curl(c.Recorder().Exchanges()[0])
	want := `curl -sS -i -X POST ` + f.srv.URL + `/api/sessions -H 'Accept: application/json' -H 'Content-Type: application/json' ` +
		`-H 'X-Api-Key: '"$CONFORMANCE_API_KEY" --data-raw '{"session":{"email":"owner@example.com","password":"'"$CONFORMANCE_PASSWORD"'"}}'`
	if login != want {
		t.Errorf("login curl\n got: %s\nwant: %s", login, want)
	}
	wrong := NewClient(f.srv.URL, f.config(), NewRecorder()).Get("/api/users/1", WithKeyValue("it's-wrong", KeyHeader))
	if cmd := wrong.Curl(); !strings.Contains(cmd, `-H 'X-Api-Key: it'\''s-wrong'`) {
		t.Errorf("a value that is not a run secret must stay literal (and quoted): %s", cmd)
	}
}

// TestCurlReproducesTheRequest pastes every curl into a shell with the variables set and
// checks the server sees the same request again.
func TestCurlReproducesTheRequest(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl binary on this machine")
	}
	f, c, s := loggedInExchanges(t)
	exchanges := c.Recorder().Exchanges()
	f.mu.Lock()
	original := append([]seen(nil), f.seen...)
	f.mu.Unlock()
	if len(original) != len(exchanges) {
		t.Fatalf("server saw %d requests for %d exchanges", len(original), len(exchanges))
	}
	for i, ex := range exchanges {
		cmd := exec.Command("bash", "-c", Curl(ex))
		cmd.Env = append(cmd.Environ(), "CONFORMANCE_API_KEY="+fakeKey, "CONFORMANCE_PASSWORD="+fakePassword,
			"TOKEN="+s.Token, "JWT="+s.JWT, "PASSWORD=newuserpw1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("curl #%d failed: %v\n%s\n%s", i+1, err, Curl(ex), out)
		}
		again := f.last()
		was := original[i]
		if again.Method != was.Method || again.Path != was.Path || !reflect.DeepEqual(again.Query, was.Query) ||
			!bytes.Equal(again.Body, was.Body) {
			t.Errorf("curl #%d sent a different request:\n was %s %s %v %s\n now %s %s %v %s\n%s", i+1,
				was.Method, was.Path, was.Query, was.Body, again.Method, again.Path, again.Query, again.Body, Curl(ex))
		}
		for _, h := range []string{"X-Api-Key", "Oauth-Token", "Authorization", "Cookie", "Content-Type"} {
			if again.Header.Get(h) != was.Header.Get(h) {
				t.Errorf("curl #%d: header %s = %q, was %q", i+1, h, again.Header.Get(h), was.Header.Get(h))
			}
		}
	}
}

func TestFocusPrefersWhatAMatcherLookedAt(t *testing.T) {
	rec := NewRecorder()
	if rec.Focus() != nil {
		t.Error("empty recorder has no focus")
	}
	first, second, third := &Exchange{Method: "GET", URL: "1"}, &Exchange{Method: "GET", URL: "2"}, &Exchange{Method: "GET", URL: "3"}
	rec.add(first)
	rec.add(second)
	if rec.Focus() != second {
		t.Error("without checks the focus is the last exchange")
	}
	// A reproduce line under a read check must not delete anything: cleanup and writes nobody
	// looked at are never the focus.
	rec.add(&Exchange{Method: "DELETE", URL: "cleanup", Housekeeping: true})
	rec.add(&Exchange{Method: "DELETE", URL: "unchecked write"})
	if rec.Focus() != second {
		t.Errorf("without checks the focus is the last safe request of the spec, got %v", rec.Focus())
	}
	rec.noteChecked(first, true)
	rec.add(third)
	if rec.Focus() != first {
		t.Error("a checked exchange beats later unchecked traffic")
	}
	rec.noteChecked(second, false)
	rec.noteChecked(third, true)
	if rec.Focus() != second {
		t.Error("a rejected exchange beats later passing checks")
	}
}

// A suite sends a session's JWT in a header from a client that did not log it in (the B3 case
// of J where T belongs): the curl line must still name it $JWT, never print a live session.
func TestCurlHidesASessionJWTSentByAnotherClient(t *testing.T) {
	f, _, s := loggedInExchanges(t)
	other := NewClient(f.srv.URL, f.config(), NewRecorder())
	cmd := other.Get("/api/users/1", WithSessionJWT(s, TokenBearer)).Curl()
	if strings.Contains(cmd, s.JWT) || !strings.Contains(cmd, `"$JWT"`) {
		t.Errorf("curl must name the session JWT $JWT: %s", cmd)
	}
	if tr := other.Recorder().Transcript(); !strings.Contains(tr, "Authorization: Bearer <redacted:JWT>") {
		t.Errorf("transcript must show the JWT in the bearer header as redacted: %s", tr)
	}
}
