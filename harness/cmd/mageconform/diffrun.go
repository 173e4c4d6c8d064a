package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/diff"
)

// referenceAddr is where `mage-reference` listens by default: the built-in side's curl lines
// point there, since the in-process server's port is gone when the diff is read.
const referenceAddr = "http://127.0.0.1:6789"

// side is one run of the diff: a subprocess of this binary running the suites against one
// server, with its own configuration and exchange log. A process per side keeps Ginkgo's
// global state and the redaction's secret names of the two runs apart.
type side struct {
	name     string
	keys     map[string]string
	cfg      harness.Config
	out, err bytes.Buffer
	run      *diff.Run
}

// playBoth runs both sides at once and waits for both.
func playBoth(sides []*side, work, labels string, in *interrupts) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	envFile := filepath.Join(work, "empty.env") // the keys come resolved; the runs read no .env
	if err := os.WriteFile(envFile, nil, 0o600); err != nil {
		return err
	}
	errs := make([]error, len(sides))
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Go(func() { errs[i] = s.play(self, work, envFile, labels, in) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (s *side) play(self, work, envFile, labels string, in *interrupts) error {
	logPath := filepath.Join(work, s.name+".jsonl")
	var args []string
	if labels != "" {
		args = append(args, "--labels", labels)
	}
	cmd := exec.CommandContext(in.context(), self, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // it cleans up, then exits
	cmd.WaitDelay = 3 * time.Second
	ownGroup(cmd)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFORMANCE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range s.keys {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, harness.EnvExchangeLog+"="+logPath, harness.EnvFile+"="+envFile)
	cmd.Stdout, cmd.Stderr = &s.out, &s.err
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 1: // not conformant: it ran, that is enough
	case err != nil:
		return fmt.Errorf("%s (%s): %s", s.name, s.cfg.Judging(), why(s.err.String(), err))
	}
	run, err := diff.LoadRun(logPath)
	if err != nil {
		return fmt.Errorf("%s: reading its exchange log: %v", s.name, err)
	}
	if run.Len() == 0 {
		return fmt.Errorf("%s (%s): the run made no request, so there is nothing to compare", s.name, s.cfg.Judging())
	}
	if s.cfg.BuiltIn() {
		run.Rebase(referenceAddr)
	}
	s.run = run
	return nil
}

// why is the reason a run gave for not judging (its last "could not judge" line), else the
// last line it printed, else how it ended.
func why(stderr string, err error) string {
	const mark = "mageconform: could not judge: "
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if _, after, ok := strings.Cut(lines[i], mark); ok {
			return after
		}
	}
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
		return last
	}
	return err.Error()
}

// info describes the side for the report, with how to reproduce a built-in side's curl lines.
func (s *side) info() diff.Side {
	name := s.cfg.Judging()
	if s.cfg.BuiltIn() {
		serve := "go run ./reference/cmd/mage-reference --compat " + string(s.cfg.EffectiveCompat())
		if !s.cfg.UserAuth {
			serve += " --require-user-authentication=false"
		}
		name += "; its curl lines reproduce against " + serve
	}
	return diff.Side{Name: name, Seed: s.cfg.Seed}
}

// saveOutputs keeps each run's own terminal output next to the diff: when a side's spec
// failed and the scenario diverged, its failure message says why.
func saveOutputs(sides []*side, dir string, stderr io.Writer) {
	if dir == "" {
		return
	}
	for _, s := range sides {
		text := harness.Redact(s.out.String() + s.err.String())
		if err := os.WriteFile(filepath.Join(dir, "diff-"+s.name+".txt"), []byte(text), 0o644); err != nil {
			fmt.Fprintf(stderr, "mageconform diff: %v\n", err)
		}
	}
}
