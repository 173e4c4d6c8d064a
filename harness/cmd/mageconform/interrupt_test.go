package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mageconform/mageconform/harness/report"
)

// interruptBound is the promise: an interrupted run is gone within 3 seconds.
const interruptBound = 3 * time.Second

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// interruptedRun starts the CLI, sends sig once stdout shows trigger ("" = right away), and
// returns the result with took = the time from the signal to the exit.
func interruptedRun(t *testing.T, sig os.Signal, trigger string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for trigger != "" && !strings.Contains(stdout.String(), trigger) {
		select {
		case err := <-waited:
			t.Fatalf("the run ended (%v) before %q appeared:\n%s", err, trigger, tail(stdout.String(), 20))
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("%q never appeared:\n%s", trigger, tail(stdout.String(), 20))
		}
	}
	signalled := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-waited:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("still running 30s after %s", sig)
	}
	res := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(signalled)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode() // -1 when the signal killed it: a failure below
	case err != nil:
		t.Fatal(err)
	}
	t.Logf("mageconform %s, %s after %q: exit %d %s after the signal", strings.Join(args, " "), sig, trigger, res.code, res.took.Round(time.Millisecond))
	return res
}

// wantInterrupted checks the promise: exit 2 within 3 s, one line on stderr saying so, and
// nothing from Ginkgo's interrupt handling (progress report, goroutines) on the terminal.
func wantInterrupted(t *testing.T, res result, allowedStderr ...string) {
	t.Helper()
	if res.code != report.ExitCouldNotJudge {
		t.Errorf("exit %d, want %d\n--- stderr\n%s--- stdout (tail)\n%s", res.code, report.ExitCouldNotJudge, res.stderr, tail(res.stdout, 30))
	}
	if res.took >= interruptBound {
		t.Errorf("took %s after the signal, want under %s", res.took, interruptBound)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(res.stderr), "\n") {
		keep := true
		for _, allowed := range allowedStderr {
			if strings.HasPrefix(l, allowed) {
				keep = false
			}
		}
		if keep {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "mageconform: interrupted: ") {
		t.Errorf("stderr should be the one line 'mageconform: interrupted: ...', got:\n%s", res.stderr)
	}
	for _, noise := range []string{"goroutine ", "Progress Report", "panic", "Interrupted by User", "=== mageconform summary"} {
		if strings.Contains(res.stdout+res.stderr, noise) {
			t.Errorf("the terminal shows %q after the interrupt:\n%s", noise, tail(res.stdout, 30))
		}
	}
}

func TestInterruptAtAnyMomentExitsTwoWithinThreeSeconds(t *testing.T) {
	cases := []struct {
		name    string
		sig     os.Signal
		trigger string
	}{
		// The first line is printed before the suites start.
		{"before the suites start", os.Interrupt, "mageconform: judging the built-in reference server"},
		// The quiet terminal's first line of the suites, then the suite setup opens the
		// reference and logs in.
		{"when the suite setup starts", os.Interrupt, "mageconform: running "},
		{"during setup, the target just opened", syscall.SIGTERM, "mageconform: seed "},
		// The progress counter: the specs are running (and creating records).
		{"during the specs", os.Interrupt, "[1/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantInterrupted(t, interruptedRun(t, c.sig, c.trigger))
		})
	}
}

// A URL target that accepts connections and never answers: the CLI is waiting for
// GET /api/status when the signal comes.
func TestInterruptWhileWaitingForTheTarget(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	res := interruptedRun(t, os.Interrupt, "mageconform: judging http://", "--target", "http://"+l.Addr().String(), "--wait", "1m")
	wantInterrupted(t, res, "waiting for ")
}

// An interrupt during the specs against a server the run does not own: the CLI gives the
// suites' cleanup its grace, so the records the run created are gone when it exits.
func TestInterruptLeavesTheTargetAsItWas(t *testing.T) {
	url := startReferenceCommand(t)
	before := recordCounts(t, url)
	wantInterrupted(t, interruptedRun(t, os.Interrupt, "[1/", "--target", url), "waiting for ")
	if after := recordCounts(t, url); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("record counts before the run %v, after the interrupted run %v", before, after)
	}
}

// A spec tree Ginkgo cannot build is reported before Ginkgo exits 1 with the terminal still
// holding its line back: the run says why in its one line and exits 2.
func TestGinkgoFatalBeforeTheSuitesIsOneLineAndExit2(t *testing.T) {
	exited := -1
	in := &interrupts{exit: func(code int) { exited = code }}
	var out bytes.Buffer
	_, _ = ginkgoStderr{in: in, out: &out}.Write([]byte("\x1b[1mAmbiguous ContinueOnFailure\x1b[0m\n  at suites/x.go:3\n"))
	if exited != report.ExitCouldNotJudge {
		t.Errorf("exit %d, want %d", exited, report.ExitCouldNotJudge)
	}
	if want := "mageconform: could not judge: the conformance specs could not be built: Ambiguous ContinueOnFailure at suites/x.go:3\n"; out.String() != want {
		t.Errorf("stderr %q, want %q", out.String(), want)
	}

	// Once the suites run, Ginkgo's writes pass as they are.
	exited, out = -1, bytes.Buffer{}
	in.suitesStarted()
	_, _ = ginkgoStderr{in: in, out: &out}.Write([]byte("a deprecation notice\n"))
	if exited != -1 || out.String() != "a deprecation notice\n" {
		t.Errorf("after the start: exit %d, stderr %q", exited, out.String())
	}
}
