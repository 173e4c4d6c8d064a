package harness

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestExchangeLogLinesRedactEveryCredential(t *testing.T) {
	f, c, s := loggedInExchanges(t)
	var all strings.Builder
	for _, e := range c.Recorder().Exchanges() {
		line := LogLine(e)
		b, err := json.Marshal(line)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		line.Curl = ""
		if b, _ := json.Marshal(line); strings.Contains(string(b), "formpw") {
			t.Errorf("the refused password is shown outside the curl line: %s", b)
		}
	}
	// A password the target refused (the form login) is no secret: the curl keeps it, so the
	// line reproduces the same answer (harness.Curl); every other part hides it.
	text := all.String()
	for name, secret := range map[string]string{"key": fakeKey, "password": fakePassword, "J": s.JWT, "T": s.Token,
		"new user's password": "newuserpw1", "J's payload": strings.Split(f.jwt, ".")[1]} {
		if strings.Contains(text, secret) {
			t.Errorf("the exchange log leaks the %s:\n%s", name, text)
		}
	}
	// A redacted JSON body stays JSON: the diff compares its keys.
	line := LogLine(c.Recorder().Exchanges()[2])
	var body map[string]any
	if err := json.Unmarshal([]byte(line.ReqBody), &body); err != nil || !strings.Contains(line.ReqBody, "<redacted:") {
		t.Errorf("request body %q: %v", line.ReqBody, err)
	}
	if line.Method != "POST" || line.Status == 0 || !strings.Contains(line.Curl, "$CONFORMANCE_API_KEY") {
		t.Errorf("line %+v", line)
	}
}

// The log is written when a spec ends, with the spec's text, labels and exchange positions.
// Cleanups run last-registered first: the recorder publishes, the key is unset, then the check
// reads the log, before the temporary folder goes.
var _ = Describe("the exchange log", Label("harness", "exchange-log"), func() {
	BeforeEach(func() {
		freshSecrets(GinkgoT())
		path := filepath.Join(GinkgoT().TempDir(), "exchanges.jsonl")
		DeferCleanup(func() {
			data, err := os.ReadFile(path)
			Expect(err).NotTo(HaveOccurred())
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			Expect(lines).To(HaveLen(2))
			var second LoggedExchange
			Expect(json.Unmarshal([]byte(lines[1]), &second)).To(Succeed())
			Expect(second.Spec).To(Equal(CurrentSpecReport().FullText()))
			Expect(second.Index).To(Equal(1))
			Expect(second.URL).To(HaveSuffix("/api/users/1"))
			Expect(second.Labels).To(ContainElement("exchange-log"))
			Expect(second.Location).To(ContainSubstring("exchangelog_test.go"))
			Expect(string(data)).NotTo(ContainSubstring(fakeKey))
		})
		os.Setenv(EnvExchangeLog, path)
		DeferCleanup(os.Unsetenv, EnvExchangeLog)
		rec := NewRecorder()
		AttachRecorder(rec)
		f := newFakeMage(GinkgoT())
		c := NewClient(f.srv.URL, f.config(), rec)
		c.Get("/api/status")
		c.Get("/api/users/1")
	})

	It("has one line per exchange of the spec", func() {})
})
