package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/reference"
)

// TestReferenceCommandByURL runs the whole conformance run against the reference command started
// as its own process and reached by URL, the way a team points the harness at its server, and
// checks the run leaves the server's records as it found them.
func TestReferenceCommandByURL(t *testing.T) {
	url := startReferenceCommand(t)
	before := recordCounts(t, url)
	if before[fixtures.Accounts().Plural] < 1 {
		t.Fatalf("counts %v: the owner should be counted, or this check compares nothing", before)
	}
	res := runCLI(t, nil, "--target", url)
	wantExit(t, res, 0)
	if after := recordCounts(t, url); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("record counts before the run %v, after %v: the run left records behind", before, after)
	}
}

// startReferenceCommand builds and starts mage-reference on a free port and returns its URL,
// read from the one line it prints once it accepts connections.
func startReferenceCommand(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mage-reference")
	build := exec.Command("go", "build", "-o", bin, "../../../reference/cmd/mage-reference")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building mage-reference: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		t.Fatalf("mage-reference printed %q (%v), want 'listening on http://...'", line, err)
	}
	return url
}

// recordCounts logs in as the default owner and reads metadata.count of every list.
func recordCounts(t *testing.T, url string) map[string]float64 {
	t.Helper()
	var login struct {
		Session struct{ Token string } `json:"session"`
	}
	getJSON(t, "POST", url+"/api/sessions", `{"session":{"email":"admin@admin.com","password":"admin"}}`, "", &login)
	token, err := harness.InnerToken(login.Session.Token)
	if err != nil {
		t.Fatalf("owner login: %v", err)
	}
	counts := map[string]float64{}
	for _, res := range fixtures.All() {
		if !res.Has(fixtures.List) || res.NestedOnly(fixtures.List) {
			continue
		}
		list := res.Plural
		var body map[string]any
		getJSON(t, "GET", url+"/api/"+list, "", token, &body)
		meta, _ := body["metadata"].(map[string]any)
		n, ok := meta["count"].(float64)
		if !ok {
			t.Fatalf("GET /api/%s: no metadata.count in %v", list, body)
		}
		counts[list] = n
	}
	return counts
}

func getJSON(t *testing.T, method, url, body, token string, into any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-KEY", reference.DefaultAPIKey)
	if token != "" {
		req.Header.Set("OAUTH-TOKEN", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
}
