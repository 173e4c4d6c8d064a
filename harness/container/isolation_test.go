package container_test

import (
	"os"
	"os/exec"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/container/imagectx"
)

// testcontainers (and the Docker client under it) stays in the packages that start containers:
// the reference server, the harness core and the data packages must build and run without it.
var _ = DescribeTable("packages that must not depend on testcontainers",
	func(pattern string) {
		root, err := imagectx.ModuleRoot()
		Expect(err).NotTo(HaveOccurred())
		cmd := exec.Command("go", "list", "-deps", pattern)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
		out, err := cmd.Output()
		Expect(err).NotTo(HaveOccurred(), "go list %s", pattern)
		Expect(strings.Fields(string(out))).To(ContainElement(HavePrefix("github.com/mageconform/mageconform")),
			"go list saw the package itself")
		Expect(strings.Fields(string(out))).NotTo(ContainElement(ContainSubstring("testcontainers")))
	},
	Entry(nil, "./reference/..."),
	Entry(nil, "./harness"),
	Entry(nil, "./fixtures/..."),
	Entry(nil, "./factory/..."),
)
