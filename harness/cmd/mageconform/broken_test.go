package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/mageconform/mageconform/harness/report"
	"github.com/mageconform/mageconform/reference"
)

// breakReference wraps the reference with two defects a real server could have: error
// envelopes without their `type` (B1.envelope-shape) and user records leaking a password hash
// (B7.no-sensitive).
func breakReference(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var obj map[string]any
		if json.Unmarshal(body, &obj) == nil {
			changed := false
			if e, ok := obj["error"].(map[string]any); ok {
				delete(e, "type")
				changed = true
			}
			if u, ok := obj["user"].(map[string]any); ok {
				u["password_hash"] = "$2a$04$leakedleakedleakedleakedleakedleakedleakedleakedleaked"
				changed = true
			}
			if changed {
				body, _ = json.Marshal(obj)
			}
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// brokenRules are the rules the defects break, with what a reproduction shows of each.
var brokenRules = map[string]func(answer string) bool{
	"B1.envelope-shape": func(a string) bool { return strings.Contains(a, `"error"`) && !strings.Contains(a, `"type"`) },
	"B7.no-sensitive":   func(a string) bool { return strings.Contains(a, "password_hash") },
}

func TestBrokenTargetIsNamedAndReproducible(t *testing.T) {
	srv := httptest.NewServer(breakReference(reference.New(reference.DefaultConfig())))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	res := runCLI(t, nil, "--target", srv.URL, "--report-dir", dir)
	wantExit(t, res, report.ExitNotConformant)
	t.Logf("summary of the broken target:\n%s", summaryOf(res.stdout))

	curls := map[string][]string{} // rule -> curl lines the reports offer for it
	t.Run("summary", func(t *testing.T) {
		for id := range brokenRules {
			line := "FAIL " + id + " (MUST): "
			at := strings.Index(res.stdout, line)
			if at < 0 {
				t.Errorf("the summary does not list %q", line)
				continue
			}
			next := strings.SplitN(res.stdout[at:], "\n", 3)
			if len(next) < 2 || !strings.HasPrefix(strings.TrimSpace(next[1]), "reproduce: curl ") {
				t.Errorf("no reproduce line under %s", id)
				continue
			}
			curls[id] = append(curls[id], strings.TrimPrefix(strings.TrimSpace(next[1]), "reproduce: "))
		}
		if !strings.Contains(res.stdout, "Verdict (exit 1): not conformant") {
			t.Error("the summary's verdict is not 'not conformant'")
		}
		if end := tail(res.stdout, 3); !strings.Contains(end, "mageconform: exit 1: not conformant") {
			t.Errorf("the output does not end with the verdict: %q", end)
		}
	})
	t.Run("junit", func(t *testing.T) {
		var suites reporters.JUnitTestSuites
		if err := xml.Unmarshal([]byte(readFile(t, dir, report.FileJUnit)), &suites); err != nil {
			t.Fatal(err)
		}
		for id := range brokenRules {
			found := false
			for _, tc := range suites.TestSuites[0].TestCases {
				if tc.Failure == nil || !strings.HasPrefix(tc.Failure.Message, "["+id) {
					continue
				}
				found = true
				if c := curlLine(tc.SystemOut); c != "" {
					curls[id] = append(curls[id], c)
				}
			}
			if !found {
				t.Errorf("no JUnit failure is charged to %s", id)
			}
		}
	})
	t.Run("html", func(t *testing.T) {
		page := readFile(t, dir, report.FileHTML)
		for id := range brokenRules {
			if !strings.Contains(page, `id="rule-`+id+`" data-state="fail"`) {
				t.Errorf("report.html does not show %s as failed", id)
			}
			if !strings.Contains(page, `href="#rule-`+id+`"`) {
				t.Errorf("report.html's list of what to fix lacks %s", id)
			}
		}
		if !strings.Contains(page, `<pre class="curl">curl `) {
			t.Error("report.html carries no curl line")
		}
	})
	t.Run("curl reproduces each broken rule", func(t *testing.T) {
		if _, err := exec.LookPath("curl"); err != nil {
			t.Skip("curl is not installed")
		}
		env := sessionEnv(t, srv.URL)
		for id, shows := range brokenRules {
			reproduced := false
			for _, c := range curls[id] {
				if answer := runCurl(t, c, env); shows(answer) {
					reproduced = true
					break
				}
			}
			if !reproduced {
				t.Errorf("none of the %d curl lines offered for %s reproduces it", len(curls[id]), id)
			}
		}
	})
}

// curlLine picks the command after "reproduce:" in a JUnit system-out.
func curlLine(systemOut string) string {
	_, after, ok := strings.Cut(systemOut, "reproduce:\n")
	if !ok {
		return ""
	}
	line, _, _ := strings.Cut(after, "\n")
	return line
}

// sessionEnv logs in as the owner and returns the variables the curl lines use for secrets.
func sessionEnv(t *testing.T, base string) []string {
	t.Helper()
	body := `{"session":{"email":"admin@admin.com","password":"admin"}}`
	req, _ := http.NewRequest(http.MethodPost, base+"/api/sessions", strings.NewReader(body))
	req.Header.Set("X-API-KEY", reference.DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Session struct{ Token string } `json:"session"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || answer.Session.Token == "" {
		t.Fatalf("owner login: %v", err)
	}
	parts := strings.Split(answer.Session.Token, ".")
	payload, err := base64URL(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct{ Token string }
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(),
		"CONFORMANCE_API_KEY="+reference.DefaultAPIKey,
		"CONFORMANCE_PASSWORD=admin",
		"JWT="+answer.Session.Token,
		"TOKEN="+claims.Token,
	)
}

func runCurl(t *testing.T, line string, env []string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", line)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Logf("%s: %v\n%s", line, err, out.String())
	}
	return out.String()
}
