package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
	"github.com/mageconform/mageconform/harness/report"
)

// The harness as an image (make harness-image), run as docs/ci.md runs it against a service:
// `docker run --network host IMAGE --target URL` gives the CLI's verdict as its exit code.
func TestHarnessImage(t *testing.T) {
	cfg, err := harness.LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	skip, err := container.Gate(context.Background(), cfg.RequireDocker)
	if err != nil {
		t.Fatal(err)
	}
	if skip != "" {
		t.Skip(skip)
	}
	if h := os.Getenv("DOCKER_HOST"); h != "" && !strings.HasPrefix(h, "unix://") {
		t.Skipf("DOCKER_HOST=%s is not this machine: --network host would not reach the test's server", h)
	}
	for _, tool := range []string{"make", "docker"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	image := fmt.Sprintf("mageconform/mageconform:test-%d", os.Getpid())
	build := exec.Command("make", "harness-image", "HARNESS_IMAGE="+image)
	build.Dir = filepath.Join("..", "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make harness-image: %v\n%s", err, tail(string(out), 20))
	}
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", image).Run() })

	for _, c := range []struct {
		name string
		url  string
		want int
	}{
		{"the reference", referenceServer(t).URL, report.ExitConformant},
		{"a broken server", mutantServer(t, "error-without-type").URL, report.ExitNotConformant},
	} {
		res := runProgram(t, nil, "docker", "run", "--rm", "--network", "host", image, "--target", c.url)
		if res.code != c.want {
			t.Errorf("%s: exit %d, want %d\n%s\n%s", c.name, res.code, c.want, res.stderr, tail(res.stdout, 20))
		}
	}
	version := runProgram(t, nil, "docker", "run", "--rm", image, "--version")
	if !strings.HasPrefix(version.stdout, "mageconform ") {
		t.Errorf("--version in the image: %q %q", version.stdout, version.stderr)
	}
}
