package harness

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// triggerTarget is a target whose schedules carry a trigger token: each create makes a new id
// and a new token, the list shows another client's schedule too, and a trigger is run only with
// its schedule's token, in the path or as a bearer header.
type triggerTarget struct {
	mu     sync.Mutex
	tokens map[string]string // schedule id -> token
	other  string            // another client's schedule's token
	srv    *httptest.Server
}

func newTriggerTarget(t *testing.T) *triggerTarget {
	tt := &triggerTarget{tokens: map[string]string{}, other: newHexToken()}
	tt.srv = httptest.NewServer(http.HandlerFunc(tt.serve))
	t.Cleanup(tt.srv.Close)
	return tt
}

func newHexToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (tt *triggerTarget) serve(w http.ResponseWriter, r *http.Request) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/") // api schedules {id} runs {token}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/schedules":
		id := fmt.Sprint(len(tt.tokens) + 1)
		tt.tokens[id] = newHexToken()
		fmt.Fprintf(w, `{"schedule": {"id": %s, "name": "nightly", "token": "%s"}}`, id, tt.tokens[id])
	case r.Method == http.MethodGet && r.URL.Path == "/api/schedules":
		items := []string{fmt.Sprintf(`{"id": 900, "token": "%s"}`, tt.other)}
		for id, token := range tt.tokens {
			items = append(items, fmt.Sprintf(`{"id": %s, "token": "%s"}`, id, token))
		}
		fmt.Fprintf(w, `{"schedules": [%s]}`, strings.Join(items, ", "))
	case r.Method == http.MethodPost && len(parts) >= 4 && parts[1] == "schedules":
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if parts[3] == "runs" && len(parts) == 5 {
			token = parts[4]
		}
		if right, ok := tt.tokens[parts[2]]; !ok || right != token {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error": {"code": 401, "type": "invalid_token"}}`)
			return
		}
		fmt.Fprintf(w, `{"run": {"id": 1, "schedule_id": %s}}`, parts[2])
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// freshCredentials gives the test no declared credential and no created record, and puts the
// run's back when it ends.
func freshCredentials(t *testing.T) {
	freshSecrets(t)
	credentials.mu.Lock()
	declared, shown := credentials.declared, credentials.shown
	credentials.declared, credentials.shown = nil, nil
	credentials.mu.Unlock()
	created.mu.Lock()
	records := created.records
	created.records = nil
	created.mu.Unlock()
	t.Cleanup(func() {
		credentials.mu.Lock()
		credentials.declared, credentials.shown = declared, shown
		credentials.mu.Unlock()
		created.mu.Lock()
		created.records = records
		created.mu.Unlock()
	})
}

// A trigger token an answer shows is a secret: transcripts, curl lines and failure messages
// name it, in the URL path and in the bearer header alike, and so they do another client's
// token that only a list showed.
func TestTriggerTokensAreSecrets(t *testing.T) {
	tt, c := triggerClient(t)

	create := c.Post("/api/schedules", WithJSON(map[string]any{"schedule": map[string]any{"name": "nightly"}}))
	NoteCreated("/api/schedules/1")
	token := tt.tokens["1"]
	c.Get("/api/schedules")
	inPath := c.Post("/api/schedules/1/runs/"+token, WithoutKey())
	bearer := c.Post("/api/schedules/1/trigger", WithoutKey(), WithHeader("Authorization", "Bearer "+token))
	if inPath.Status != 200 || bearer.Status != 200 || create.Status != 200 {
		t.Fatalf("the target refused the run's own token: %d %d %d", create.Status, inPath.Status, bearer.Status)
	}

	transcript := c.Recorder().Transcript()
	for _, out := range []string{transcript, Curl(inPath.Exchange), Curl(bearer.Exchange), Redact("want 401 for " + token + " and " + tt.other)} {
		for name, secret := range map[string]string{"the run's token": token, "another client's token": tt.other} {
			if strings.Contains(out, secret) {
				t.Errorf("%s in clear:\n%s", name, out)
			}
		}
	}
	for _, want := range []string{"/api/schedules/1/runs/<redacted:TRIGGER_TOKEN>", "Authorization: Bearer <redacted:TRIGGER_TOKEN>",
		`"token": "<redacted:TRIGGER_TOKEN>"`, `"token": "<redacted:TRIGGER_TOKEN_2>"`} {
		if !strings.Contains(transcript, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, transcript)
		}
	}
	if got := Curl(inPath.Exchange); !strings.Contains(got, `/api/schedules/1/runs/'"$TRIGGER_TOKEN"`) {
		t.Errorf("the curl line does not name the token in the path: %s", got)
	}
	if got := Curl(bearer.Exchange); !strings.Contains(got, `-H 'Authorization: Bearer '"$TRIGGER_TOKEN"`) {
		t.Errorf("the curl line does not name the bearer token: %s", got)
	}

	// The exchange log names a token in a URL without its number, so `mageconform diff` pairs
	// the same trigger of two runs, whose schedules have other tokens.
	c.Post("/api/schedules", WithJSON(map[string]any{"schedule": map[string]any{"name": "hourly"}}))
	second := c.Post("/api/schedules/2/runs/"+tt.tokens["2"], WithoutKey())
	if got, want := LogLine(second.Exchange).URL, tt.srv.URL+"/api/schedules/2/runs/<redacted:TRIGGER_TOKEN>"; got != want {
		t.Errorf("logged URL %s, want %s", got, want)
	}
	if got := Curl(second.Exchange); !strings.Contains(got, `"$TRIGGER_TOKEN_3"`) {
		t.Errorf("the second schedule's token is not $TRIGGER_TOKEN_3: %s", got)
	}
}

// A reproduce line that sends a trigger token creates the schedule again and reads the new
// token from that create's answer, with its id when it needs that too; pasted into a shell
// the triggers get through, though the schedule made again has another id and token.
func TestReproduceLinesReadTheTriggerTokenAgain(t *testing.T) {
	tt, c := triggerClient(t)

	c.Post("/api/schedules", WithJSON(map[string]any{"schedule": map[string]any{"name": "nightly"}}))
	NoteCreated("/api/schedules/1")
	token := tt.tokens["1"]
	inPath := c.Post("/api/schedules/1/runs/"+token, WithoutKey())
	bearer := c.Post("/api/schedules/1/trigger", WithoutKey(), WithHeader("Authorization", "Bearer "+token))
	missing := c.Post("/api/schedules/999/runs/"+token, WithoutKey()) // only the token is the run's

	create := `curl -sS -X POST http://` + strings.TrimPrefix(tt.srv.URL, "http://") + `/api/schedules -H 'Accept: application/json' -H 'Content-Type: application/json' -H 'X-Api-Key: '"$CONFORMANCE_API_KEY" --data-raw '{"schedule":{"name":"nightly"}}'`
	readToken := `grep -o '"token": *"[^"]*"' | sed -n 1p | cut -d'"' -f4`
	cases := map[string]struct {
		ex   *Exchange
		want []string
	}{
		"token in the path": {inPath.Exchange, []string{
			`ANSWER=$(` + create + `)`,
			`ID=$(printf %s "$ANSWER" | grep -o '"id": *[0-9][0-9]*' | sed -n 1p | tr -dc 0-9)`,
			`TRIGGER_TOKEN=$(printf %s "$ANSWER" | ` + readToken + `)`,
			`curl -sS -i -X POST '` + tt.srv.URL + `/api/schedules/'"${ID:?}"'/runs/'"$TRIGGER_TOKEN"`,
		}},
		"bearer token": {bearer.Exchange, []string{
			`ANSWER=$(` + create + `)`,
			`ID=$(printf %s "$ANSWER" | grep -o '"id": *[0-9][0-9]*' | sed -n 1p | tr -dc 0-9)`,
			`TRIGGER_TOKEN=$(printf %s "$ANSWER" | ` + readToken + `)`,
			`curl -sS -i -X POST '` + tt.srv.URL + `/api/schedules/'"${ID:?}"'/trigger' -H 'Authorization: Bearer '"$TRIGGER_TOKEN"`,
		}},
		"a missing parent with the run's token": {missing.Exchange, []string{
			`ANSWER=$(` + create + `)`,
			`ID=$(printf %s "$ANSWER" | grep -o '"id": *[0-9][0-9]*' | sed -n 1p | tr -dc 0-9)`,
			`TRIGGER_TOKEN=$(printf %s "$ANSWER" | ` + readToken + `)`,
			`curl -sS -i -X POST '` + tt.srv.URL + `/api/schedules/999/runs/'"$TRIGGER_TOKEN"`,
		}},
	}
	_, hasCurl := exec.LookPath("curl")
	for name, tc := range cases {
		line, standalone := reproduce(tc.ex)
		if !standalone {
			t.Errorf("%s: not standalone: %s", name, line)
		}
		if got := strings.Split(line, "; "); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: line:\n%s\nwant:\n%s", name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
		if strings.Contains(line, token) {
			t.Errorf("%s: the token in clear: %s", name, line)
		}
		if hasCurl != nil || tc.ex == missing.Exchange {
			continue
		}
		out, _ := exec.Command("sh", "-c", "CONFORMANCE_API_KEY="+fakeKey+"; "+line).CombinedOutput()
		if !strings.Contains(string(out), "HTTP/1.1 200") || !strings.Contains(string(out), `"run"`) {
			t.Errorf("%s: pasted, the trigger does not get through:\n%s\n--- answer\n%s", name, line, out)
		}
	}
}

// triggerClient is a client of a fresh trigger target whose schedules' tokens are declared
// credentials, the only ones the process knows.
func triggerClient(t *testing.T) (*triggerTarget, *Client) {
	t.Helper()
	freshCredentials(t)
	CredentialAttribute("schedule", "schedules", "token", VarTriggerToken)
	tt := newTriggerTarget(t)
	cfg := DefaultConfig()
	cfg.APIKey, cfg.TargetURL = fakeKey, tt.srv.URL
	return tt, NewClient(tt.srv.URL, cfg, NewRecorder())
}
