package main

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/report"
)

// tokenLog records every token a server's answers show under a "token" key that is not a JWT
// (a schedule's trigger token), to look for them in what a run prints and writes.
type tokenLog struct {
	mu     sync.Mutex
	tokens map[string]bool
}

var shownToken = regexp.MustCompile(`"token": *"([0-9A-Za-z_-]{16,})"`)

func (l *tokenLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		l.mu.Lock()
		for _, m := range shownToken.FindAllSubmatch(rec.Body.Bytes(), -1) {
			if l.tokens == nil {
				l.tokens = map[string]bool{}
			}
			l.tokens[string(m[1])] = true
		}
		l.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// anotherClientsTrigger makes, as another client of the target, a pipeline with an API schedule
// and a run of it, and returns the schedule's token: the run never sees it created, yet its
// lists of schedules and of runs show it.
func anotherClientsTrigger(t *testing.T, target string) string {
	t.Helper()
	c := harness.NewClient(target, harness.DefaultConfig(), nil)
	s, login := c.Login(harness.DefaultEmail, harness.DefaultPassword)
	if s == nil {
		t.Fatalf("another client's login: %s", login.Body)
	}
	c = c.As(s)
	pipeline := c.Post("/api/pipelines", harness.WithJSON(map[string]any{"pipeline": map[string]any{"name": "another client's", "type": "python"}}))
	uuid, _ := pipeline.Object("pipeline")["uuid"].(string)
	schedule := c.Post("/api/pipelines/"+uuid+"/pipeline_schedules", harness.WithJSON(map[string]any{"pipeline_schedule": map[string]any{
		"name": "another client's", "schedule_type": "api", "schedule_interval": nil, "status": "active"}})).Object("pipeline_schedule")
	token, _ := schedule["token"].(string)
	run := c.Post(fmt.Sprintf("/api/pipeline_schedules/%v/pipeline_runs/%s", schedule["id"], token),
		harness.WithJSON(map[string]any{"pipeline_run": map[string]any{"variables": map[string]any{}}}))
	if token == "" || run.Object("pipeline_run") == nil {
		t.Fatalf("another client's schedule and run: %s", run.Body)
	}
	return token
}

// A trigger spec's failure on a server whose trigger route wants the API key: the reproduce
// line, pasted into a shell against a fresh server with that fault, shows it (the trigger
// refused for want of a key), and against a fresh server without it gets the run: the line made
// the schedule again and read its new id and token. Nothing the run prints (with -v, the
// transcripts) or writes (every report file) holds a trigger token in clear, not even another
// client's, which only the lists show.
func TestTriggerLinesStandAloneAndHideTheToken(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	const fault = "trigger-needs-key"
	shown := &tokenLog{}
	srv := httptest.NewServer(shown.wrap(mutantHandler(t, fault)))
	t.Cleanup(srv.Close)
	theirs := anotherClientsTrigger(t, srv.URL)
	dir := t.TempDir()
	res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir, "-v",
		"--labels", "resource:pipeline_schedules || resource:pipeline_runs")
	wantExit(t, res, report.ExitNotConformant)

	line := reproduceLines(res.stdout)["B3.trigger-token"]
	readsBoth := `ANSWER=\$\(curl -sS -X POST \S+/pipeline_schedules[ '].*; ID=\$\(printf %s "\$ANSWER" \| grep [^;]*; ` +
		`(TRIGGER_TOKEN(?:_\d+)?)=\$\(printf %s "\$ANSWER" \| grep -o '"token": \*"\[\^"\]\*"' [^;]*; ` +
		`curl -sS -i -X POST '\S+/api/pipeline_schedules/'"\$\{ID:\?\}"'/(?:pipeline_runs/'"\$(TRIGGER_TOKEN(?:_\d+)?)"|api_trigger' .*-H 'Authorization: Bearer '"\$(TRIGGER_TOKEN(?:_\d+)?)")`
	if m := regexp.MustCompile(readsBoth).FindStringSubmatch(line); m == nil || m[1] != m[2]+m[3] {
		t.Errorf("the trigger's line does not make the schedule again and read its id and token:\n%s", line)
	}
	script := strings.Join(recipeLines(res.stdout), "\n") + "\n" + line
	broken := lastAnswer(runShell(t, strings.ReplaceAll(script, srv.URL, mutantServer(t, fault).URL)))
	if broken.errorType() != "invalid_api_key" {
		t.Errorf("pasted against a fresh server with the fault, the line does not show the key it wants (%d %v):\n%s", broken.status, broken.body, line)
	}
	sound := lastAnswer(runShell(t, strings.ReplaceAll(script, srv.URL, mutantServer(t).URL)))
	if !success(sound) || sound.body["pipeline_run"] == nil {
		t.Errorf("pasted against a fresh sound server, the line's trigger does not get through (%d %v):\n%s", sound.status, sound.body, line)
	}

	outputs := map[string]string{"stdout": res.stdout, "stderr": res.stderr}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		outputs[path] = string(raw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	shown.mu.Lock()
	defer shown.mu.Unlock()
	if len(shown.tokens) < 2 || !shown.tokens[theirs] {
		t.Fatalf("the server showed %d trigger tokens (another client's among them: %v)", len(shown.tokens), shown.tokens[theirs])
	}
	for token := range shown.tokens {
		for name, out := range outputs {
			if i := strings.Index(out, token); i >= 0 {
				t.Errorf("%s shows a trigger token in clear: ...%s...", name, out[max(0, i-200):i])
			}
		}
	}
	if !strings.Contains(outputs[filepath.Join(dir, report.FileSummary)], "redacted:TRIGGER_TOKEN") {
		t.Error("the transcripts in the report do not name the trigger token")
	}
}
