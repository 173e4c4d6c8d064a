package harness

import (
	"os"
	"os/exec"
	"strings"
	"testing"
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
		"2 Failed", "harness_suite_test.go:",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("child output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "rules.go:") {
		t.Errorf("failures should point at the Verify call, not into rules.go:\n%s", text)
	}
}
