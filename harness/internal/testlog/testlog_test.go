package main

import (
	"os/exec"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/internal/skips"
)

// events is a go test -json stream, as go test writes it.
const events = `{"Action":"start","Package":"github.com/mageconform/mageconform/harness/report"}
{"Action":"output","Package":"github.com/mageconform/mageconform/harness/report","Test":"TestReport","Output":"••` + skips.Marker + `report.html in a real browser: no headless browser\n"}
{"Action":"pass","Package":"github.com/mageconform/mageconform/harness/report","Test":"TestReport","Elapsed":0.1}
{"Action":"pass","Package":"github.com/mageconform/mageconform/harness/report","Elapsed":0.2}
{"Action":"output","Package":"github.com/mageconform/mageconform/suites/containertest","Test":"TestConformanceAgainstContainer","Output":"=== RUN   TestConformanceAgainstContainer\n"}
{"Action":"output","Package":"github.com/mageconform/mageconform/suites/containertest","Test":"TestConformanceAgainstContainer","Output":"    containertest_test.go:39: no Docker engine answers\n"}
{"Action":"skip","Package":"github.com/mageconform/mageconform/suites/containertest","Test":"TestConformanceAgainstContainer"}
{"Action":"pass","Package":"github.com/mageconform/mageconform/suites/containertest","Elapsed":0.03}
{"Action":"output","Package":"github.com/mageconform/mageconform/harness","Test":"TestBroken","Output":"    x_test.go:3: it broke\n"}
{"Action":"fail","Package":"github.com/mageconform/mageconform/harness","Test":"TestBroken"}
{"Action":"fail","Package":"github.com/mageconform/mageconform/harness","Elapsed":1}
`

var _ = Describe("make test's reader", func() {
	It("prints the package lines and what failed, then lists every skip with its reason", func() {
		var out strings.Builder
		code := run(strings.NewReader(events), &out)
		Expect(code).To(Equal(1), "a failed test fails the run")
		text := out.String()
		Expect(text).To(ContainSubstring("ok  \tgithub.com/mageconform/mageconform/harness/report\t200ms\n"))
		Expect(text).To(ContainSubstring("it broke"))
		Expect(text).To(ContainSubstring("FAIL\tgithub.com/mageconform/mageconform/harness\t1s\n"))
		Expect(text).To(HaveSuffix("\ntests: 1 passed, 1 failed, 1 skipped\n"), "the closing line CI reads")
		_, skipped, found := strings.Cut(text, "Skipped (2), so not checked by this run:\n")
		Expect(found).To(BeTrue(), text)
		Expect(skipped).To(ContainSubstring("  harness/report: report.html in a real browser: no headless browser\n"))
		Expect(skipped).To(ContainSubstring("  suites/containertest TestConformanceAgainstContainer: no Docker engine answers\n"))
	})

	It("shows why a package failed outside its tests (a timeout): the running test's output", func() {
		var out strings.Builder
		stream := `{"Action":"output","Package":"p","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}
{"Action":"output","Package":"p","Output":"panic: test timed out after 10m0s\n"}
{"Action":"fail","Package":"p","Elapsed":600}
`
		Expect(run(strings.NewReader(stream), &out)).To(Equal(1))
		Expect(out.String()).To(ContainSubstring("=== RUN   TestSlow"))
		Expect(out.String()).To(ContainSubstring("panic: test timed out after 10m0s"))
		Expect(out.String()).To(ContainSubstring("FAIL\tp\t10m0s\n"))
	})

	It("says so when nothing was skipped", func() {
		var out strings.Builder
		Expect(run(strings.NewReader(`{"Action":"pass","Package":"p","Elapsed":1}`+"\n"), &out)).To(Equal(0))
		Expect(out.String()).To(ContainSubstring("Nothing was skipped."))
	})

	It("is what make test runs, with -race only where there is a C compiler", func() {
		if _, err := exec.LookPath("make"); err != nil {
			Skip("make is not installed")
		}
		root, err := filepath.Abs(filepath.Join("..", "..", ".."))
		Expect(err).NotTo(HaveOccurred())
		dryRun := func(env ...string) string {
			cmd := exec.Command("make", "-n", "test")
			cmd.Dir, cmd.Env = root, append(cmd.Environ(), env...)
			out, err := cmd.CombinedOutput()
			Expect(err).NotTo(HaveOccurred(), string(out))
			return string(out)
		}
		Expect(dryRun("CC=/nonexistent/cc")).To(MatchRegexp(`(?m)^go test +-count=1 -timeout 20m -json \./\.\.\. \| go run \./harness/internal/testlog$`))
		Expect(dryRun("CGO_ENABLED=0")).NotTo(ContainSubstring("go test -race"))
		if _, err := exec.LookPath("cc"); err == nil {
			Expect(dryRun("CGO_ENABLED=1")).To(ContainSubstring("go test -race -count=1 -timeout 20m -json ./..."))
		}
	})
})
