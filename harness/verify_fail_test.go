package harness

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

const verifyFailEnv = "HARNESS_VERIFY_FAIL_CHILD"

// TestVerifyFailsTheSpec runs the "verify-fail" specs in a child test process and reads its
// verdict: both must fail, with the rule id and level first and the location of the Verify call.
func TestVerifyFailsTheSpec(t *testing.T) {
	if os.Getenv(verifyFailEnv) != "" {
		t.Skip("already the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHarnessInGinkgo$", "-ginkgo.label-filter=verify-fail", "-ginkgo.no-color")
	cmd.Env = append(os.Environ(), verifyFailEnv+"=1")
	out, err := cmd.CombinedOutput()
	text := string(out)
	if err == nil {
		t.Fatalf("the child run passed, but both rules should have failed:\n%s", text)
	}
	for _, want := range []string{
		"[B1.envelope-shape MUST] must-detail", "[B10.unknown-resource SHOULD] strict-detail",
		"[B1.envelope-shape MUST] verify-redacted", "handler-redacted", "<redacted:SECRET>",
		"4 Failed", "harness_suite_test.go:",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("child output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "rules.go:") {
		t.Errorf("failures should point at the Verify call, not into rules.go:\n%s", text)
	}
	if strings.Contains(text, childSecret) {
		t.Errorf("a failure message shows a secret of the run in clear:\n%s", text)
	}
}

const transportAbortEnv = "HARNESS_TRANSPORT_ABORT_CHILD"

// TestTargetStoppedAnsweringStopsTheRun runs the "transport-abort" specs in a child test
// process and reads its Ginkgo JSON report: the first spec is aborted with "the target stopped
// answering: ..." after TransportErrorLimit missing answers, and the next spec never runs.
func TestTargetStoppedAnsweringStopsTheRun(t *testing.T) {
	if os.Getenv(transportAbortEnv) != "" {
		t.Skip("already the child")
	}
	jsonReport := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHarnessInGinkgo$", "-ginkgo.label-filter=transport-abort",
		"-ginkgo.no-color", "-ginkgo.json-report="+jsonReport)
	cmd.Env = append(os.Environ(), transportAbortEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child run passed, but it should have been aborted:\n%s", out)
	}
	raw, err := os.ReadFile(jsonReport)
	if err != nil {
		t.Fatalf("no report: %v\n%s", err, out)
	}
	var reports []types.Report
	if err := json.Unmarshal(raw, &reports); err != nil || len(reports) != 1 {
		t.Fatalf("report: %v", err)
	}
	states := map[string]types.SpecReport{}
	for _, sr := range reports[0].SpecReports {
		if sr.LeafNodeType == types.NodeTypeIt && strings.Contains(sr.FullText(), "a target that stopped answering") {
			states[sr.LeafNodeText] = sr
		}
	}
	stopped := states["stops the run after a few requests in a row without an answer"]
	if !stopped.State.Is(types.SpecStateAborted) || !strings.HasPrefix(stopped.Failure.Message, StoppedAnswering) {
		t.Errorf("the spec should be aborted with %q, got %s: %q", StoppedAnswering, stopped.State, stopped.Failure.Message)
	}
	n := 0
	for _, e := range stopped.ReportEntries {
		if e.Name == ReportEntryTransportError {
			n++
		}
	}
	if n != TransportErrorLimit {
		t.Errorf("%d transport-error entries, want one per request until the limit (%d)", n, TransportErrorLimit)
	}
	if next := states["never runs"]; !next.State.Is(types.SpecStateSkipped) {
		t.Errorf("the spec after the stop ran: %s", next.State)
	}
}
