package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/redact"
)

// File names written by WriteFiles, in CONFORMANCE_REPORT_DIR.
const (
	FileJUnit   = "junit.xml"
	FileJSON    = "ginkgo-report.json"
	FileSummary = "summary.json"
	FileHTML    = "report.html"
)

// WriteFiles writes the reports (and conformance-report.yaml) into dir (created if missing) and returns their paths.
// The final text of every file goes through the run's redaction (package redact) before it is
// written: no secret the run knows, and nothing shaped like a JWT, reaches the disk.
func WriteFiles(dir string, r types.Report, s *Summary) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report dir: %w", err)
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	steps := []struct {
		name  string
		write func(string) error
	}{
		{FileJUnit, func(p string) error { return writeJUnit(p, s) }},
		{FileJSON, func(p string) error { return writeGinkgoJSON(p, r) }},
		{FileSummary, func(p string) error { return writeSummaryJSON(p, s) }},
		{FileHTML, func(p string) error { return writeHTMLFile(p, s) }},
		{FileConformance, func(p string) error { return writeConformance(p, s) }},
	}
	var written []string
	for _, step := range steps {
		if err := step.write(path(step.name)); err != nil {
			return written, fmt.Errorf("%s: %w", step.name, err)
		}
		written = append(written, path(step.name))
	}
	return written, nil
}

func writeSummaryJSON(path string, s *Summary) error {
	raw, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeRedacted(path, string(raw)+"\n", redact.String)
}

// writeGinkgoJSON lets Ginkgo write its JSON report, then redacts the file.
func writeGinkgoJSON(path string, r types.Report) error {
	if err := reporters.GenerateJSONReport(r, path); err != nil {
		return err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return writeRedacted(path, string(raw), redact.String)
}

func writeHTMLFile(path string, s *Summary) error {
	var b strings.Builder
	if err := WriteHTML(&b, s); err != nil { // redacts (markup-aware) itself
		return err
	}
	return writeRedacted(path, b.String(), redact.Markup)
}

// writeRedacted is the one place a report file's text reaches the disk.
func writeRedacted(path, text string, redactWith func(string) string) error {
	return os.WriteFile(path, []byte(redactWith(text)), 0o644)
}
