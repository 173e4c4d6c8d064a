package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mageconform/mageconform/harness/version"
)

// installVersion is the version the install test publishes the checkout under.
const installVersion = "v0.0.0-test"

// The install path of the README, `go install
// github.com/mageconform/mageconform/harness/cmd/mageconform@VERSION`, end to end as a user
// runs it, without the network: the checkout's HEAD (git archive) is published as
// installVersion in a module proxy made of files in a temporary folder, the dependencies come
// from this machine's module cache (its cache/download folder, which is a module proxy's
// layout, read through a file:// URL), and `go install` runs outside any module with a fresh
// GOPATH, GOBIN and module cache. The installed binary must say installVersion in --version.
//
// It verifies that the command's package path is the one the README gives, that the module as
// committed (its go.mod and go.sum, every file it needs) builds outside the checkout with cgo
// off, and that --version reports the module version from the build info. It does not verify
// a published tag, the public proxy or the checksum database (GOSUMDB is off: the test version
// is in none), and it verifies HEAD, not uncommitted changes.
func TestGoInstallAtVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: go install builds the CLI and its dependencies from a module proxy (15-20 s here with a warm build cache, longer with a cold one)")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot run go install")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH: cannot make the module zip from the checkout")
	}
	root := gitOutput(t, "", "rev-parse", "--show-toplevel")
	goEnv := func(key string) string {
		out, err := exec.Command(goBin, "env", key).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", key, err)
		}
		return strings.TrimSpace(string(out))
	}
	modCache, goCache := goEnv("GOMODCACHE"), goEnv("GOCACHE")
	deps := filepath.Join(modCache, "cache", "download")
	if _, err := os.Stat(deps); err != nil {
		t.Skipf("no module download cache at %s to serve the dependencies from: %v", deps, err)
	}

	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	at := filepath.Join(proxy, filepath.FromSlash(version.Module), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	// The module zip: every file of HEAD under module@version/ (the repository has no nested
	// module, vendor folder or file a module zip leaves out).
	zipPath := filepath.Join(at, installVersion+".zip")
	gitOutput(t, root, "archive", "--format=zip", "--prefix="+version.Module+"@"+installVersion+"/", "-o", zipPath, "HEAD")
	mod, err := exec.Command("git", "-C", root, "show", "HEAD:go.mod").Output()
	if err != nil {
		t.Fatalf("git show HEAD:go.mod: %v", err)
	}
	stamp := time.Now().UTC().Format(time.RFC3339)
	files := map[string][]byte{
		installVersion + ".mod":  mod,
		installVersion + ".info": fmt.Appendf(nil, `{"Version":%q,"Time":%q}`+"\n", installVersion, stamp),
		"list":                   []byte(installVersion + "\n"),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(at, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	gopath := filepath.Join(tmp, "gopath")
	gobin := filepath.Join(tmp, "bin")
	work := filepath.Join(tmp, "work") // outside any module: no go.mod, no go.work
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goBin, "install", version.Module+"/harness/cmd/mageconform@"+installVersion)
	cmd.Dir = work
	cmd.Env = installEnv(map[string]string{
		"GOPROXY":     "file://" + filepath.ToSlash(proxy) + ",file://" + filepath.ToSlash(deps),
		"GOSUMDB":     "off",
		"GOPRIVATE":   "",
		"GONOPROXY":   "",
		"GOFLAGS":     "-trimpath -modcacherw",
		"GOPATH":      gopath,
		"GOMODCACHE":  filepath.Join(gopath, "pkg", "mod"),
		"GOBIN":       gobin,
		"GOCACHE":     goCache, // compiled packages are reused: -trimpath builds do not depend on where the sources are
		"GOWORK":      "off",
		"GOTOOLCHAIN": "local",
		"CGO_ENABLED": "0",
	})
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("go install ...@%s: %v\n%s", installVersion, err, out.String())
	}
	t.Logf("go install ...@%s took %s", installVersion, time.Since(start).Round(time.Second))

	installed := filepath.Join(gobin, "mageconform")
	got, err := exec.Command(installed, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", installed, err, got)
	}
	line := strings.TrimSpace(string(got))
	// "mageconform v0.0.0-test; rules ...; go1.26.8": a module build carries no VCS revision.
	if !strings.HasPrefix(line, "mageconform "+installVersion+";") {
		t.Fatalf("the installed binary's --version does not say %s: %q", installVersion, line)
	}
	t.Logf("installed: %s", line)
}

// installEnv is this process's environment without the Go settings the test sets itself (and
// without CONFORMANCE_*), with set added.
func installEnv(set map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ours := set[k]; ours || strings.HasPrefix(k, "CONFORMANCE_") {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}

// gitOutput runs git (in dir, if given) and returns its trimmed output; a folder that is not a
// git checkout skips the test.
func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	out, err := exec.Command("git", args...).CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "not a git repository") {
			t.Skipf("not a git checkout: cannot make the module zip: %s", strings.TrimSpace(string(out)))
		}
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}
