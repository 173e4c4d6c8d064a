package harness

import (
	"encoding/base64"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness/redact"
)

// testJWT is a session JWT whose payload carries the inner token, as Mage's does.
func testJWT(token string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(`{"expires":1798751711.1,"token":"`+token+`"}`)) + "." + enc([]byte("signature"))
}

// A reproduce line brings about the state its request depends on: the record is created again
// and its int id captured, the session the spec logged in is logged in again and captured, and
// the writes the run made to the record (its delete) come before the request, in the run's order.
func TestReproduceLinesRebuildRecordsAndSessions(t *testing.T) {
	defer redact.Use(redact.Use(redact.New()))
	created.mu.Lock()
	saved := created.records
	created.records = nil
	created.mu.Unlock()
	defer func() {
		created.mu.Lock()
		created.records = saved
		created.mu.Unlock()
	}()

	rec := NewRecorder()
	send := func(method, path, resp string, sessions ...*Session) *Exchange {
		ex := &Exchange{Method: method, URL: "http://t" + path, ReqHeader: http.Header{}, Status: 200, RespBody: []byte(resp), sessions: sessions}
		for _, s := range sessions {
			ex.ReqHeader.Set("Oauth-Token", s.Token)
		}
		rec.add(ex)
		noteExchange(ex)
		if isWrite(method) {
			noteWrite(path, ex)
			if isLogout(method, path) {
				for _, s := range sessions {
					noteLogout(s, ex)
				}
			}
		}
		return ex
	}
	owner := &Session{Token: "ownertoken-0123456789", UserID: 1}
	owner.JWT = testJWT(owner.Token)
	rememberSession(owner) // $TOKEN: mageconform token gives it

	// The user's create: its answer has a role id before the user's own.
	send("POST", "/api/users", `{"user": {"avatar": null, "roles_new": [{"id": 1}], "id": 7}}`, owner)
	NoteCreated("/api/users/7")
	user := &Session{Token: "usertoken-0123456789", UserID: 7}
	user.JWT = testJWT(user.Token)
	rememberSession(user) // $TOKEN_2
	login := send("POST", "/api/sessions", `{"session":{"token":"`+user.JWT+`","user":{"id":7}}}`)
	noteLogin(user, login)
	send("GET", "/api/users/1", `{}`, owner) // not about the record: left out
	send("DELETE", "/api/users/7", `{"user":{"id":7}}`, owner)
	final := send("GET", "/api/users/7", `{"error":{"type":"invalid_oauth_token"}}`, user)
	send("DELETE", "/api/users/7", `{}`, owner) // after the request: left out

	line, standalone := reproduce(final)
	if !standalone {
		t.Errorf("not standalone: %s", line)
	}
	want := []string{
		`ID=$(curl -sS -X POST http://t/api/users -H 'Oauth-Token: '"$TOKEN" | grep -o '"id": *[0-9][0-9]*' | sed -n 2p | tr -dc 0-9)`,
		`JWT_2=$(curl -sS -X POST http://t/api/sessions | grep -o '"token": *"[^"]*"' | sed -n 1p | cut -d'"' -f4)`,
		`TOKEN_2=$(printf %s "$JWT_2" | cut -d. -f2 | tr '_-' '/+' | awk '{while(length($0)%4)$0=$0"=";print}' | base64 -d | grep -o '"token": *"[^"]*"' | sed -n 1p | cut -d'"' -f4)`,
		`curl -sS -i -X DELETE 'http://t/api/users/'"${ID:?}" -H 'Oauth-Token: '"$TOKEN"`,
		`curl -sS -i 'http://t/api/users/'"${ID:?}" -H 'Oauth-Token: '"$TOKEN_2"`,
	}
	if got := strings.Split(line, "; "); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("line:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Pasted where the create gave no id, the line sends no request to the collection.
	if sh, err := exec.LookPath("sh"); err == nil {
		out, err := exec.Command(sh, "-c", `curl() { echo SENT "$@"; }; ID=; `+want[3]).CombinedOutput()
		if err == nil || strings.Contains(string(out), "SENT") {
			t.Errorf("a delete without an id was sent (%v): %s", err, out)
		}
	}

	// A session logged out before the request is logged in and out by the line itself, even
	// one `mageconform token` could give: the line must not end the session it gave.
	again, loginAgain := &Session{Token: "againtoken-0123456789", UserID: 1}, (*Exchange)(nil)
	again.JWT = testJWT(again.Token)
	rememberSession(again) // $TOKEN_3
	loginAgain = send("POST", "/api/sessions", `{"session":{"token":"`+again.JWT+`"}}`)
	noteLogin(again, loginAgain)
	send("PUT", "/api/sessions/1", `{"session":{}}`, again)
	after := send("GET", "/api/users/1", `{"user":{"id":1}}`, again)
	line, standalone = reproduce(after)
	steps := strings.Split(line, "; ")
	if !standalone || len(steps) != 4 || !strings.HasPrefix(steps[0], "JWT_3=$(") || !strings.HasPrefix(steps[2], "curl -sS -i -X PUT http://t/api/sessions/1") {
		t.Errorf("logout line: %s", line)
	}

	// A session whose login the harness did not see cannot be brought about: the line says so.
	unknown := &Session{Token: "unknowntoken-0123456789"}
	unknown.JWT = testJWT(unknown.Token)
	rememberSession(unknown)
	if _, standalone := reproduce(send("GET", "/api/users/1", `{}`, unknown)); standalone {
		t.Error("a line with a session nobody logged in is called standalone")
	}
}
