package container_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/containerd/errdefs"
	dockercontainer "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/container"
	"github.com/mageconform/mageconform/harness/container/imagectx"
	"github.com/mageconform/mageconform/harness/internal/skips"
)

// probePackage is a stand-in server that can also misbehave (see its doc comment).
const probePackage = "./harness/container/testdata/probe"

// probePort is where the probe serves unless told otherwise: not Mage's, so that a test that
// configures it shows CONFORMANCE_TARGET_PORT is honoured.
const probePort = 8080

// gateDocker skips the current spec or container when no engine answers, or fails it when
// CONFORMANCE_REQUIRE_DOCKER is set: the rule every container spec follows.
func gateDocker(ctx context.Context) {
	cfg, err := harness.LoadConfig()
	Expect(err).NotTo(HaveOccurred())
	skip, err := container.Gate(ctx, cfg.RequireDocker)
	Expect(err).NotTo(HaveOccurred())
	if skip != "" {
		skips.Skip(skip)
	}
}

// probeContext lays out a FROM-scratch build context for the probe and returns its Dockerfile.
func probeContext(ctx context.Context) string {
	root, err := imagectx.ModuleRoot()
	Expect(err).NotTo(HaveOccurred())
	dockerfile, err := imagectx.Scratch(ctx, root, probePackage, GinkgoT().TempDir())
	Expect(err).NotTo(HaveOccurred())
	return dockerfile
}

// buildImage builds and tags an image from dockerfile's folder, removed again at cleanup.
func buildImage(ctx context.Context, dockerfile, repo string) string {
	provider, err := testcontainers.NewDockerProvider()
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(provider.Close)
	tag := fmt.Sprintf("test-%d-%d", os.Getpid(), GinkgoRandomSeed())
	image, err := provider.BuildImage(ctx, &testcontainers.ContainerRequest{
		FromDockerfile: testcontainers.FromDockerfile{
			Context: filepath.Dir(dockerfile), Repo: repo, Tag: tag,
		},
	})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func(ctx SpecContext) {
		_, err := provider.Client().ImageRemove(ctx, image, client.ImageRemoveOptions{Force: true, PruneChildren: true})
		Expect(err).NotTo(HaveOccurred())
	})
	return image
}

// containersFrom lists the containers (running or not) created from image.
func containersFrom(ctx context.Context, image string) []string {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	Expect(err).NotTo(HaveOccurred())
	defer cli.Close()
	list, err := cli.ContainerList(ctx, client.ContainerListOptions{
		All:     true,
		Filters: make(client.Filters).Add("ancestor", image),
	})
	Expect(err).NotTo(HaveOccurred())
	var ids []string
	for _, c := range list.Items {
		ids = append(ids, c.ID+" ("+string(c.State)+")")
	}
	return ids
}

// hostIPsOf lists the host addresses the containers created from image publish ports on.
func hostIPsOf(ctx context.Context, image string) []string {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	Expect(err).NotTo(HaveOccurred())
	defer cli.Close()
	list, err := cli.ContainerList(ctx, client.ContainerListOptions{
		Filters: make(client.Filters).Add("ancestor", image),
	})
	Expect(err).NotTo(HaveOccurred())
	var ips []string
	for _, c := range list.Items {
		for _, p := range c.Ports {
			ips = append(ips, p.IP.String())
		}
	}
	return ips
}

// sessionContainers lists the containers this test process started through testcontainers.
func sessionContainers(ctx context.Context) []string {
	var ids []string
	for _, c := range sessionSummaries(ctx) {
		ids = append(ids, c.ID+" "+strings.Join(c.Names, ","))
	}
	return ids
}

// sessionImages lists the images of the containers this test process started.
func sessionImages(ctx context.Context) []string {
	var images []string
	for _, c := range sessionSummaries(ctx) {
		images = append(images, c.Image)
	}
	return images
}

func sessionSummaries(ctx context.Context) []dockercontainer.Summary {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	Expect(err).NotTo(HaveOccurred())
	defer cli.Close()
	filters := make(client.Filters)
	for k, v := range testcontainers.GenericLabels() {
		filters.Add("label", k+"="+v)
	}
	list, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: filters})
	Expect(err).NotTo(HaveOccurred())
	return list.Items
}

// imageExists reports whether the engine still holds the named image.
func imageExists(ctx context.Context, image string) bool {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	Expect(err).NotTo(HaveOccurred())
	defer cli.Close()
	_, err = cli.ImageInspect(ctx, image)
	if errdefs.IsNotFound(err) {
		return false
	}
	Expect(err).NotTo(HaveOccurred())
	return true
}

// probeEcho fetches GET /api/status from a probe and returns what it echoes of PROBE_ECHO.
func probeEcho(ctx context.Context, baseURL string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/api/status", nil)
	Expect(err).NotTo(HaveOccurred())
	resp, err := http.DefaultClient.Do(req)
	Expect(err).NotTo(HaveOccurred())
	defer resp.Body.Close()
	Expect(resp.StatusCode).To(Equal(http.StatusOK))
	var body struct {
		Statuses []struct {
			Echo string `json:"echo"`
		} `json:"statuses"`
	}
	Expect(json.NewDecoder(resp.Body).Decode(&body)).To(Succeed())
	Expect(body.Statuses).To(HaveLen(1))
	return body.Statuses[0].Echo
}

// compileTest builds the test binary of pkg (a path below the module root) into dir.
func compileTest(ctx context.Context, pkg, dir string) string {
	root, err := imagectx.ModuleRoot()
	Expect(err).NotTo(HaveOccurred())
	out := filepath.Join(dir, filepath.Base(pkg)+".test")
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", out, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	output, err := cmd.CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(output))
	return out
}
