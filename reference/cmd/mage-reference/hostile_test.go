package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
)

// guard bounds how long a spec waits for the server to do what it was told to do within a
// fraction of a second; it keeps a broken server from hanging the suite and is no speed goal.
const guard = 20 * time.Second

// startCommand runs the command on a free port with the given flags and returns it and its
// host:port; it is killed when the spec ends.
func startCommand(args ...string) (*gexec.Session, string) {
	GinkgoHelper()
	s, err := gexec.Start(exec.Command(binary, append([]string{"--addr", "127.0.0.1:0"}, args...)...), GinkgoWriter, GinkgoWriter)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { s.Kill().Wait(guard) })
	Eventually(s.Out).WithTimeout(guard).Should(gbytes.Say(`listening on http://127\.0\.0\.1:\d+\n`))
	m := listening.FindStringSubmatch(string(s.Out.Contents()))
	Expect(m).NotTo(BeNil())
	return s, strings.TrimPrefix(m[1], "http://")
}

// dial opens a raw connection; the guard deadline keeps a read from waiting forever.
func dial(addr string) net.Conn {
	GinkgoHelper()
	c, err := net.Dial("tcp", addr)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(c.Close)
	Expect(c.SetDeadline(time.Now().Add(guard))).To(Succeed())
	return c
}

// closedByServer reads until the server ends the connection: true for EOF or a reset, false
// when the guard deadline passed first.
func closedByServer(c net.Conn) bool {
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

var _ = Describe("the command under hostile clients", Label("errors"), func() {
	It("closes idle keep-alive connections after --idle-timeout", func() {
		_, addr := startCommand("--idle-timeout", "200ms")
		readers := make([]*bufio.Reader, 20)
		for i := range readers {
			c := dial(addr)
			fmt.Fprint(c, "GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n")
			readers[i] = bufio.NewReader(c)
			res, err := http.ReadResponse(readers[i], nil)
			Expect(err).NotTo(HaveOccurred())
			Expect(res.StatusCode).To(Equal(200))
			_, _ = io.Copy(io.Discard, res.Body)
		}
		for _, r := range readers {
			_, err := r.ReadByte()
			Expect(err).To(MatchError(io.EOF), "the server closes the idle connection")
		}
	})

	It("ends a request whose body drips in after --read-timeout", func() {
		_, addr := startCommand("--read-timeout", "300ms")
		c := dial(addr)
		fmt.Fprintf(c, "POST /api/secrets HTTP/1.1\r\nHost: x\r\nX-API-KEY: %s\r\nContent-Length: 100000\r\n\r\n{", docKey)
		go func() {
			for range 400 { // far longer than the read timeout, unless the server hangs up
				if _, err := c.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		Expect(closedByServer(c)).To(BeTrue())
	})

	It("drops a client that does not read a large answer after --write-timeout", func() {
		s, addr := startCommand("--write-timeout", "500ms")
		base := "http://" + addr
		_, login := call("POST", base+"/api/sessions", `{"session": {"email": "admin@admin.com", "password": "admin"}}`,
			map[string]string{"X-API-KEY": docKey})
		token := login["session"].(map[string]any)["token"].(string)
		auth := map[string]string{"X-API-KEY": docKey, "Cookie": "oauth_token=" + token}
		description := strings.Repeat("d", 60_000)
		for i := range 100 { // 6 MB of answer, more than the sockets between the two hold
			status, _ := call("POST", base+"/api/pipelines", fmt.Sprintf(`{"pipeline": {"name": "p%d", "description": %q}}`, i, description), auth)
			Expect(status).To(Equal(200))
		}
		// A small receive buffer, set before connecting so the window is small from the start.
		d := net.Dialer{Control: func(_, _ string, raw syscall.RawConn) error {
			return raw.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		}}
		c, err := d.Dial("tcp", addr)
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(c.Close)
		Expect(c.SetDeadline(time.Now().Add(guard))).To(Succeed())
		fmt.Fprintf(c, "GET /api/pipelines HTTP/1.1\r\nHost: x\r\nX-API-KEY: %s\r\nCookie: oauth_token=%s\r\n\r\n", docKey, token)
		// The handler returns (and logs) although nothing was read; then the rest is cut off.
		Eventually(s.Err).WithTimeout(guard).Should(gbytes.Say(`GET /api/pipelines 200 `))
		n, err := io.Copy(io.Discard, c)
		Expect(err).NotTo(HaveOccurred(), "the server closes the connection")
		Expect(n).To(BeNumerically("<", 100*60_000))
	})

	It("stops on SIGINT with an upload stalled, closing it after --shutdown-grace, and exits 0", func() {
		s, addr := startCommand("--shutdown-grace", "300ms")
		c := dial(addr)
		// Expect: 100-continue makes Go say when the handler starts reading the body, so the
		// signal comes while the upload is in the handler's hands.
		fmt.Fprintf(c, "PUT /api/users/1 HTTP/1.1\r\nHost: x\r\nX-API-KEY: %s\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n", docKey)
		r := bufio.NewReader(c)
		line, err := r.ReadString('\n')
		Expect(err).NotTo(HaveOccurred())
		Expect(line).To(HavePrefix("HTTP/1.1 100 Continue"))
		fmt.Fprint(c, `{"user"`)
		s.Interrupt()
		Eventually(s).WithTimeout(guard).Should(gexec.Exit(0))
		Expect(s.Err).To(gbytes.Say(`shutting down \(grace 300ms\)`))
		Expect(s.Err).To(gbytes.Say(`closing the connections still open`))
		Expect(closedByServer(c)).To(BeTrue())
	})

	It("stops at once on a second signal", func() {
		s, addr := startCommand("--shutdown-grace", "1h")
		c := dial(addr)
		fmt.Fprint(c, "PUT /api/users/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
		line, err := bufio.NewReader(c).ReadString('\n')
		Expect(err).NotTo(HaveOccurred())
		Expect(line).To(HavePrefix("HTTP/1.1 100 Continue"), "the upload is in the handler")
		s.Signal(os.Interrupt)
		Eventually(s.Err).WithTimeout(guard).Should(gbytes.Say(`shutting down`))
		s.Terminate()
		Eventually(s).WithTimeout(guard).Should(gexec.Exit(0))
		Expect(s.Err).To(gbytes.Say(`closing the connections still open`))
	})

	It("answers OPTIONS * like any OPTIONS and GET * with the error envelope", func() {
		_, addr := startCommand()
		c := dial(addr)
		r := bufio.NewReader(c)
		fmt.Fprint(c, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(r, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(res.StatusCode).To(Equal(204))
		Expect(res.Header.Get("Access-Control-Allow-Methods")).NotTo(BeEmpty())
		fmt.Fprint(c, "GET * HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err = http.ReadResponse(r, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(res.StatusCode).To(Equal(200))
		Expect(res.Header.Get("Content-Type")).To(Equal("application/json"))
		var envelope map[string]any
		Expect(json.NewDecoder(res.Body).Decode(&envelope)).To(Succeed())
		Expect(envelope["error"]).To(HaveKeyWithValue("type", "record_invalid"))
	})

	// What Go's server refuses before the handler is not the envelope; the README lists it.
	DescribeTable("leaves to Go's server what never reaches the handler",
		func(request string, status int) {
			_, addr := startCommand("--max-header-bytes", "1024")
			c := dial(addr)
			fmt.Fprint(c, request)
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			Expect(err).NotTo(HaveOccurred())
			Expect(res.StatusCode).To(Equal(status))
			Expect(res.Header.Get("Content-Type")).To(HavePrefix("text/plain"))
		},
		Entry("a header over --max-header-bytes (plus Go's 4 KiB of slack)", "GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("b", 8000)+"\r\n\r\n", 431),
		Entry("a malformed request line", "GET /api/status\r\nHost: x\r\n\r\n", 400),
		Entry("a malformed header line", "GET /api/status HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", 400),
		Entry("no Host in HTTP/1.1", "GET /api/status HTTP/1.1\r\n\r\n", 400),
		Entry("a control character in the target", "GET /api/\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
		Entry("two different Content-Lengths", "POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}", 400),
		Entry("an unsupported Transfer-Encoding", "POST /api/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
		Entry("an HTTP version it does not speak", "GET /api/status HTTP/2.5\r\nHost: x\r\n\r\n", 505),
	)

	It("logs a path's line breaks escaped and never the key or a token", func() {
		s, addr := startCommand()
		raw := strings.Repeat("T", 43)
		jwt := "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbiI6IngifQ.c2ln"
		for _, target := range []string{
			"/api/secrets/x%0d%0a2026/01/01%2000:00:00%20forged%0a",
			"/api/secrets/" + docKey + "?api_key=" + docKey,
			"/api/pipelines/" + raw + "/pipeline_schedules",
			"/api/secrets/" + jwt,
		} {
			c := dial(addr)
			fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nOAUTH-TOKEN: %s\r\n\r\n", target, raw)
			_, err := http.ReadResponse(bufio.NewReader(c), nil)
			Expect(err).NotTo(HaveOccurred())
		}
		// Each line is written once its answer has gone out: wait for all four.
		Eventually(func() int { return strings.Count(string(s.Err.Contents()), " GET ") }).WithTimeout(guard).Should(Equal(4))
		logged := string(s.Err.Contents())
		Expect(logged).To(ContainSubstring(" /api/secrets/x%0d%0a2026/01/01%2000:00:00%20forged%0a "))
		for _, line := range strings.Split(logged, "\n") {
			Expect(line).NotTo(HavePrefix("2026/01/01 00:00:00 forged"))
		}
		Expect(logged).To(ContainSubstring("/api/pipelines/[redacted]/pipeline_schedules"))
		Expect(logged).NotTo(ContainSubstring(docKey))
		Expect(logged).NotTo(ContainSubstring(raw))
		Expect(logged).NotTo(ContainSubstring(jwt))
	})
})
