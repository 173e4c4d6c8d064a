package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
)

const docKey = "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2"

var listening = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:(\d+))\n$`)

// call sends one request the way curl does and decodes the JSON answer.
func call(method, url, body string, headers map[string]string) (int, map[string]any) {
	GinkgoHelper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, reader)
	Expect(err).NotTo(HaveOccurred())
	if body != "" {
		// curl -d sends this content type; the body is JSON all the same.
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	Expect(err).NotTo(HaveOccurred())
	defer res.Body.Close()
	var decoded map[string]any
	Expect(json.NewDecoder(res.Body).Decode(&decoded)).To(Succeed())
	return res.StatusCode, decoded
}

var _ = Describe("the documented examples against the running command", Label("crud", "auth"), Ordered, func() {
	var session *gexec.Session
	var base, jwtToken, rawToken string

	BeforeAll(func() {
		var err error
		session, err = gexec.Start(exec.Command(binary, "--addr", "127.0.0.1:0"), GinkgoWriter, GinkgoWriter)
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() { session.Kill() })
		// Waiting for the process to start, not asserting its speed.
		Eventually(session.Out).WithTimeout(20 * time.Second).Should(gbytes.Say(`listening on http://127\.0\.0\.1:\d+\n`))
		m := listening.FindStringSubmatch(string(session.Out.Contents()))
		Expect(m).NotTo(BeNil(), "stdout %q", session.Out.Contents())
		Expect(m[2]).NotTo(Equal("0"))
		base = m[1]
	})

	It("logs in with the key in X-API-KEY", func() {
		status, body := call("POST", base+"/api/sessions",
			`{"session": {"email": "admin@admin.com", "password": "admin"}}`, map[string]string{"X-API-KEY": docKey})
		Expect(status).To(Equal(200))
		jwtToken = body["session"].(map[string]any)["token"].(string)
		claims := jwt.MapClaims{}
		_, _, err := jwt.NewParser().ParseUnverified(jwtToken, claims)
		Expect(err).NotTo(HaveOccurred())
		rawToken = claims["token"].(string) // the docs' "decoded token"
	})

	It("lists pipelines with the key in the URL and the decoded token in OAUTH-TOKEN", func() {
		status, body := call("GET", base+"/api/pipelines?api_key="+docKey, "", map[string]string{"OAUTH-TOKEN": rawToken})
		Expect(status).To(Equal(200))
		Expect(body).To(HaveKey("pipelines"))
	})

	It("creates a pipeline with the key in the body and the decoded token in OAUTH-TOKEN", func() {
		status, body := call("POST", base+"/api/pipelines", `{
        "api_key": "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2",
        "pipeline": {}
    }`, map[string]string{"OAUTH-TOKEN": rawToken})
		Expect(status).To(Equal(200))
		Expect(body).To(HaveKey("pipeline"))
	})

	It("creates a pipeline with the key in the body and the raw token in the cookie", func() {
		status, body := call("POST", base+"/api/pipelines", `{
        "api_key": "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2",
        "pipeline": {}
    }`, map[string]string{"Cookie": "oauth_token=" + jwtToken})
		Expect(status).To(Equal(200))
		Expect(body).To(HaveKey("pipeline"))
	})

	It("authenticates with Authorization: Bearer and the decoded token", func() {
		status, body := call("GET", base+"/api/pipelines?api_key="+docKey, "", map[string]string{"Authorization": "Bearer " + rawToken})
		Expect(status).To(Equal(200))
		Expect(body["pipelines"]).To(HaveLen(2))
	})

	It("answers a failed session auth as the docs show, the code under error.code", func() {
		status, body := call("POST", base+"/api/sessions",
			`{"session": {"email": "admin@admin.com", "password": "wrong"}}`, map[string]string{"X-API-KEY": docKey})
		Expect(status).To(Equal(200))
		Expect(body).To(HaveKeyWithValue("status", 200.0))
		Expect(body["error"]).To(HaveKeyWithValue("code", 404.0))
		Expect(body["error"]).To(HaveKeyWithValue("type", "record_not_found"))
	})

	It("shuts down cleanly on SIGTERM, after one listening line and one log line per request", func() {
		session.Terminate()
		Eventually(session).WithTimeout(20 * time.Second).Should(gexec.Exit(0))
		Expect(listening.Match(session.Out.Contents())).To(BeTrue(), "stdout %q", session.Out.Contents())
		logged := string(session.Err.Contents())
		Expect(strings.Count(logged, " /api/sessions ")).To(Equal(2))
		Expect(strings.Count(logged, " /api/pipelines ")).To(Equal(4))
		Expect(logged).NotTo(ContainSubstring(docKey))
	})

	It("exits 2 with one line on stderr for an unknown --compat", func() {
		bad, err := gexec.Start(exec.Command(binary, "--addr", "127.0.0.1:0", "--compat", "mage-9"), GinkgoWriter, GinkgoWriter)
		Expect(err).NotTo(HaveOccurred())
		Eventually(bad).WithTimeout(20 * time.Second).Should(gexec.Exit(2))
		Expect(strings.Count(string(bad.Err.Contents()), "\n")).To(Equal(1), "stderr %q", bad.Err.Contents())
		Expect(bad.Err).To(gbytes.Say(`mage-9`))
	})
})
