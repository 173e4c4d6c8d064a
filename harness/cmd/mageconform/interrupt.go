package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mageconform/mageconform/harness/report"
)

// interruptGrace is how long an interrupted run may still take: Ginkgo runs the specs'
// cleanups and the suites remove what the run created, with everything they print muted; then
// the CLI exits 2 whatever is still running, so Ctrl-C always ends the run within 3 seconds.
const interruptGrace = 2500 * time.Millisecond

// ginkgoGrace is how long Ginkgo waits for an interrupted node, and gives each cleanup node,
// before it moves on: short enough that the suites' last cleanup starts within interruptGrace.
const ginkgoGrace = time.Second

// interrupts turns SIGINT and SIGTERM, at any moment of a run (flag parsing, the wait for the
// target, suite setup, record seeding, specs, reporting), into one line on stderr and exit 2.
// Ginkgo sees the same signal while the suites run (signal.Notify delivers to every channel)
// and interrupts the running spec and runs the cleanups; the terminal is muted, so its progress
// report and goroutine dump never show.
type interrupts struct {
	term  *terminal
	fired atomic.Bool
	// suites: Ginkgo's own interrupt handler is in place and the suites may have created
	// records; before that there is nothing to clean up and the CLI exits at once.
	suites atomic.Bool
	ctx    context.Context
	cancel context.CancelFunc
	sig    chan os.Signal
	exit   func(int)
}

func watchInterrupts(term *terminal) *interrupts {
	in := &interrupts{term: term, sig: make(chan os.Signal, 2), exit: os.Exit}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	signal.Notify(in.sig, os.Interrupt, syscall.SIGTERM)
	go in.loop()
	return in
}

func (in *interrupts) loop() {
	for s := range in.sig {
		if !in.fired.CompareAndSwap(false, true) {
			in.exit(report.ExitCouldNotJudge) // a second signal: no more waiting
			return
		}
		in.term.mute()
		in.term.line(fmt.Sprintf("mageconform: interrupted: %s received; the run stops without a verdict (exit %d)", signalName(s), report.ExitCouldNotJudge))
		in.cancel()
		if !in.suites.Load() {
			in.exit(report.ExitCouldNotJudge)
			return
		}
		time.AfterFunc(interruptGrace, func() { in.exit(report.ExitCouldNotJudge) })
	}
}

// suitesStarted is called from the suites' first node: Ginkgo now handles the signal too.
func (in *interrupts) suitesStarted() {
	if in != nil {
		in.suites.Store(true)
	}
}

// interrupted reports whether a signal arrived.
func (in *interrupts) interrupted() bool { return in != nil && in.fired.Load() }

// context ends when the run is interrupted, for the waits before the suites start.
func (in *interrupts) context() context.Context {
	if in == nil {
		return context.Background()
	}
	return in.ctx
}

// ginkgoStderr is what Ginkgo writes its fatal errors to before it calls os.Exit(1) (say, a
// cleanup registered by a node it abandoned after the interrupt, or a spec tree it cannot
// build). The CLI exits 2 there instead: a run that breaks so is "could not judge".
type ginkgoStderr struct {
	in  *interrupts
	out io.Writer
}

func (g ginkgoStderr) Write(p []byte) (int, error) {
	if g.in.interrupted() {
		g.in.exit(report.ExitCouldNotJudge)
	}
	if g.in != nil && !g.in.suites.Load() {
		// Before the suites' first node Ginkgo writes here only what it then exits 1 on (a
		// spec tree it cannot build), while the terminal still holds the line back: it would
		// never show. Say it as the run's one line instead, let it out, and exit 2.
		couldNotJudge(g.out, fmt.Errorf("the conformance specs could not be built: %s", p))
		if g.in.term != nil {
			g.in.term.close()
		}
		g.in.exit(report.ExitCouldNotJudge)
		return len(p), nil
	}
	return g.out.Write(p)
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}
