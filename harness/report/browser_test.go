package report_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/internal/skips"
	"github.com/mageconform/mageconform/harness/report"
)

// The HTML report is only useful if a browser renders it: these specs load it in headless
// Chromium (Debian's `chromium`) and read back the DOM after its inline script ran.
var _ = Describe("report.html in a real browser", Ordered, Label("browser"), func() {
	var chromium, page string

	BeforeAll(func() {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if path, err := exec.LookPath(name); err == nil {
				chromium = path
				break
			}
		}
		if chromium == "" {
			skips.Skip("no headless browser: install Debian's chromium (apt-get install chromium) to check report.html")
		}
		dir := GinkgoT().TempDir()
		r := brokenRun()
		_, err := report.WriteFiles(dir, r, report.Build(r, report.Options{Catalogue: catalogue}))
		Expect(err).NotTo(HaveOccurred())
		page = "file://" + filepath.Join(dir, report.FileHTML)
	})

	// dumpDOM loads url in a fresh profile and returns the DOM after scripts ran.
	dumpDOM := func(url string) string {
		// A guard against a hung browser, not a speed check.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
			"--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--user-data-dir="+GinkgoT().TempDir(), "--dump-dom", url)
		cmd.Stderr = GinkgoWriter
		cmd.Env = append(os.Environ(), "HOME="+GinkgoT().TempDir())
		out, err := cmd.Output()
		Expect(err).NotTo(HaveOccurred())
		return string(out)
	}
	detailsTag := func(dom, id string) string {
		tag := regexp.MustCompile(`<details[^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(dom)
		Expect(tag).NotTo(BeEmpty(), "no <details> with id %s in the rendered page", id)
		return tag
	}

	It("renders the verdict, the matrices and the failed rule's curl line", func() {
		dom := dumpDOM(page)
		Expect(dom).To(ContainSubstring("Exit 1: not conformant: 1 MUST rule failed (B7.no-secrets)"))
		Expect(dom).To(MatchRegexp(`<td class="cell st-fail">fail</td>`))
		Expect(dom).To(ContainSubstring(`<pre class="curl">curl -sS -X GET`))
		Expect(detailsTag(dom, "rule-B7.no-secrets")).NotTo(ContainSubstring("open"))
	})

	It("opens the failed rule a link points at, down to its transcript", func() {
		dom := dumpDOM(page + "#rule-B7.no-secrets")
		Expect(detailsTag(dom, "rule-B7.no-secrets")).To(ContainSubstring(`open=""`))
		Expect(detailsTag(dom, "rule-B4.create")).NotTo(ContainSubstring("open"))
	})
})
