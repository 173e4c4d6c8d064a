package main

// These tests use the standard testing package, not Ginkgo: this binary links the conformance
// suites (the CLI runs them in-process), so a Ginkgo RunSpecs here would run every suite.
// The CLI itself is exercised as a subprocess, built once in TestMain, as a CI job would run it.

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mageconform-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "mageconform")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the CLI: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one CLI run.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// runCLI runs the binary with only the given CONFORMANCE_* variables (the caller's are
// dropped, so a developer's environment cannot change the outcome) in an empty directory, so
// no .env is read.
func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	return runProgram(t, env, binary, args...)
}

// runProgram is runCLI for another program (a shell running a command line as printed).
func runProgram(t *testing.T, env map[string]string, program string, args ...string) result {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running %s: %v", program, err)
	}
	t.Logf("mageconform %s: exit %d after %s", strings.Join(args, " "), res.code, res.took.Round(time.Millisecond))
	return res
}

// wantExit fails the test with the CLI's output when the exit code differs.
func wantExit(t *testing.T, res result, code int) {
	t.Helper()
	if res.code != code {
		t.Fatalf("exit %d, want %d\n--- stderr\n%s\n--- stdout (tail)\n%s", res.code, code, res.stderr, tail(res.stdout, 60))
	}
}

func tail(s string, lines int) string {
	all := strings.Split(s, "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// referenceServer serves a fresh reference; closed when the test ends.
func referenceServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(reference.New(reference.DefaultConfig()))
	t.Cleanup(srv.Close)
	return srv
}

// deadURL is a URL nothing listens on: a server's address right after it closed.
func deadURL(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(nil)
	srv.Close()
	return srv.URL
}

// base64URL decodes a JWT segment (unpadded base64url).
func base64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(s)
}

// summaryOf cuts the mageconform summary out of the CLI's output, for test logs.
func summaryOf(stdout string) string {
	_, after, ok := strings.Cut(stdout, "=== mageconform summary ===")
	if !ok {
		return tail(stdout, 40)
	}
	before, _, _ := strings.Cut(after, "\nreport: ")
	return before
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
