package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mageconform/mageconform/harness/report"
)

// The CI examples of docs/ci.md, as files a test can read.
var (
	githubWorkflow = filepath.Join("..", "..", "..", "docs", "ci", "github-actions.yml")
	gitlabJob      = filepath.Join("..", "..", "..", "docs", "ci", "gitlab-ci.yml")
	ciDoc          = filepath.Join("..", "..", "..", "docs", "ci.md")
)

type ghStep struct {
	Name            string `yaml:"name"`
	Uses            string `yaml:"uses"`
	Run             string `yaml:"run"`
	If              string `yaml:"if"`
	ContinueOnError any    `yaml:"continue-on-error"`
}

type ghJob struct {
	Env      map[string]string `yaml:"env"`
	Services map[string]any    `yaml:"services"`
	Steps    []ghStep          `yaml:"steps"`
	Strategy struct {
		Matrix map[string][]map[string]string `yaml:"matrix"`
	} `yaml:"strategy"`
}

// The workflow and the GitLab job are what docs/ci.md shows, they gate on mageconform's exit
// code and keep the reports whatever it is, and their commands, run as CI would run them
// against the reference (and against a broken server), give the verdicts they promise.
func TestCIExamples(t *testing.T) {
	doc := readText(t, ciDoc)
	for _, f := range []string{githubWorkflow, gitlabJob} {
		if !strings.Contains(doc, "```yaml\n"+readText(t, f)+"```") {
			t.Errorf("docs/ci.md does not show %s as it is", f)
		}
	}
	good, broken := referenceServer(t), mutantServer(t, "error-without-type")

	var wf struct {
		Env  map[string]string `yaml:"env"`
		Jobs map[string]ghJob  `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(readText(t, githubWorkflow)), &wf); err != nil {
		t.Fatalf("%s: %v", githubWorkflow, err)
	}
	one, parts := wf.Jobs["conformance"], wf.Jobs["conformance-parts"]
	if len(one.Steps) == 0 || len(parts.Steps) == 0 {
		t.Fatalf("the workflow lacks its jobs: %v", wf.Jobs)
	}
	env := func(target string) map[string]string {
		return map[string]string{"TARGET_URL": target, "MAGECONFORM_VERSION": wf.Env["MAGECONFORM_VERSION"]}
	}

	t.Run("github: one job gates on the verdict", func(t *testing.T) {
		gate := gateSteps(t, one.Steps, nil)
		dir := t.TempDir()
		if code := runCIScript(t, dir, gate, env(good.URL)); code != report.ExitConformant {
			t.Errorf("against the reference: exit %d, want 0", code)
		}
		s := readSummary(t, filepath.Join(dir, "reports"))
		if !s.Certify {
			t.Error("the gate does not certify")
		}
		if code := runCIScript(t, t.TempDir(), gate, env(broken.URL)); code != report.ExitNotConformant {
			t.Errorf("against a broken server: exit %d, want 1", code)
		}
	})

	t.Run("github: the parts of the matrix judge every spec once", func(t *testing.T) {
		matrix := parts.Strategy.Matrix["part"]
		if len(matrix) < 2 {
			t.Fatalf("the matrix has %d parts", len(matrix))
		}
		full := t.TempDir()
		runCIScript(t, full, gateSteps(t, one.Steps, nil), env(good.URL))
		want := ranSpecs(readSummary(t, filepath.Join(full, "reports")))
		var got []string
		for _, part := range matrix {
			dir := t.TempDir()
			if code := runCIScript(t, dir, gateSteps(t, parts.Steps, map[string]string{
				"matrix.part.labels": part["labels"], "matrix.part.name": part["name"],
			}), env(good.URL)); code != report.ExitConformant {
				t.Errorf("part %s: exit %d, want 0", part["name"], code)
			}
			got = append(got, ranSpecs(readSummary(t, filepath.Join(dir, "reports", part["name"])))...)
		}
		slices.Sort(got)
		t.Logf("%d parts judged %d specs; the full run %d", len(matrix), len(got), len(want))
		if len(want) < 150 || !slices.Equal(got, want) {
			t.Errorf("the parts judged %d specs, the full run %d: a spec is missing or judged twice", len(got), len(want))
		}
	})

	t.Run("gitlab: the job gates on the verdict and keeps the reports", func(t *testing.T) {
		var jobs map[string]struct {
			Script    []string `yaml:"script"`
			Variables map[string]string
			Artifacts struct {
				When    string   `yaml:"when"`
				Paths   []string `yaml:"paths"`
				Reports struct {
					JUnit string `yaml:"junit"`
				} `yaml:"reports"`
			} `yaml:"artifacts"`
			AllowFailure any `yaml:"allow_failure"`
		}
		if err := yaml.Unmarshal([]byte(readText(t, gitlabJob)), &jobs); err != nil {
			t.Fatalf("%s: %v", gitlabJob, err)
		}
		job := jobs["conformance"]
		if job.Artifacts.When != "always" || !slices.Contains(job.Artifacts.Paths, "reports/") || job.Artifacts.Reports.JUnit != "reports/junit.xml" {
			t.Errorf("the job does not keep the reports whatever the verdict: %+v", job.Artifacts)
		}
		if job.AllowFailure != nil {
			t.Error("allow_failure would let a non-conformant server pass")
		}
		var script []string
		for _, line := range job.Script {
			if !installs(t, line) {
				script = append(script, line)
			}
		}
		vars := map[string]string{"TARGET_URL": good.URL, "MAGECONFORM_VERSION": job.Variables["MAGECONFORM_VERSION"]}
		dir := t.TempDir()
		if code := runCIScript(t, dir, strings.Join(script, "\n"), vars); code != report.ExitConformant {
			t.Errorf("against the reference: exit %d, want 0", code)
		}
		if _, err := os.Stat(filepath.Join(dir, job.Artifacts.Reports.JUnit)); err != nil {
			t.Errorf("the junit report the job publishes is not written: %v", err)
		}
		vars["TARGET_URL"] = broken.URL
		if code := runCIScript(t, t.TempDir(), strings.Join(script, "\n"), vars); code != report.ExitNotConformant {
			t.Errorf("against a broken server: exit %d, want 1", code)
		}
	})
}

// gateSteps checks a job's steps (an install of this module, an upload of the reports that
// runs whatever happened, no step allowed to fail) and returns the commands CI runs after the
// install, with the workflow's ${{ }} expressions replaced.
func gateSteps(t *testing.T, steps []ghStep, expr map[string]string) string {
	t.Helper()
	var script []string
	kept := false
	for _, s := range steps {
		if s.ContinueOnError != nil {
			t.Errorf("step %q may fail without failing the job", s.Name)
		}
		switch {
		case strings.HasPrefix(s.Uses, "actions/upload-artifact"):
			kept = s.If == "always()"
		case s.Run != "" && !installs(t, s.Run):
			script = append(script, s.Run)
		}
	}
	if !kept {
		t.Error("no step keeps the reports whatever the exit code (upload-artifact with if: always())")
	}
	text := strings.Join(script, "\n")
	if strings.Contains(text, "|| true") {
		t.Error("the gate ignores the exit code")
	}
	return ghExpr.ReplaceAllStringFunc(text, func(m string) string {
		key := ghExpr.FindStringSubmatch(m)[1]
		v, ok := expr[key]
		if !ok {
			t.Errorf("no value for ${{ %s }}", key)
		}
		return v
	})
}

var ghExpr = regexp.MustCompile(`\$\{\{\s*([^}]+?)\s*\}\}`)

// installs reports whether a command is the install of mageconform (which the test replaces by
// the binary it built), and checks it installs the right package.
func installs(t *testing.T, cmd string) bool {
	t.Helper()
	if !strings.HasPrefix(strings.TrimSpace(cmd), "go install ") {
		return false
	}
	if !strings.Contains(cmd, "github.com/mageconform/mageconform/harness/cmd/mageconform@") {
		t.Errorf("the install does not name the CLI's package: %s", cmd)
	}
	return true
}

// runCIScript runs commands as a CI shell does (bash, stop at the first failure), with the
// built CLI as `mageconform` and no CONFORMANCE_* variable of this process, and returns the
// exit code.
func runCIScript(t *testing.T, dir, script string, env map[string]string) int {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") && !strings.HasPrefix(kv, "PATH=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Logf("%s: exit %d\n%s", script, exit.ExitCode(), tail(string(out), 8))
		return exit.ExitCode()
	case err != nil:
		t.Fatalf("running %q: %v", script, err)
	}
	return 0
}

// ranSpecs are the texts of the specs a run judged (passed, failed or errored), sorted.
func ranSpecs(s report.Summary) []string {
	seen := map[string]bool{}
	for _, rr := range s.Rules {
		for _, sp := range rr.Specs {
			if sp.State != report.Skipped && sp.State != report.NotApplicable {
				seen[sp.Text] = true
			}
		}
	}
	var out []string
	for text := range seen {
		out = append(out, text)
	}
	slices.Sort(out)
	return out
}

func readText(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
