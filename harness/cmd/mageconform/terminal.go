package main

import (
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/mageconform/mageconform/harness/redact"
)

// terminal is where what the process prints goes through: file descriptor 1 is a pipe read by
// a forwarder that redacts every secret the run knows (package redact) before the real stdout
// sees it, which covers Ginkgo's reporter, the suites' summary and GinkgoWriter; the CLI's own
// stderr lines are redacted likewise. After an interrupt both are muted, so the one line the
// CLI prints is the only one. Output reaches the
// terminal holdBack late: Ginkgo receives the same signal as the CLI and may start printing
// its progress report before the CLI has muted, and what is still held back is dropped.
type terminal struct {
	out, err *redact.Writer
	delays   []*delayWriter
	realErr  io.Writer
	done     []chan struct{}
	pipes    []*os.File // the read ends
}

// holdBack is how late output reaches the terminal (see terminal).
const holdBack = 150 * time.Millisecond

// closeWait bounds how long close waits for the forwarders to drain.
const closeWait = 2 * time.Second

// captureTerminal redirects fd 1 where the platform allows it (see redirect): what Ginkgo
// and the suites print goes through the redaction. The CLI's own stderr lines are redacted by
// a Writer too, but fd 2 stays the real stderr, so a crash's stack trace (written by the
// runtime as the process dies) is never lost in a pipe.
func captureTerminal() *terminal {
	stdoutTerminal = probeTerminal(os.Stdout)
	t := &terminal{realErr: os.Stderr}
	if saved, ok := duplicate(2); ok {
		t.realErr = saved // the interrupt line's way out once fd 2 is silenced
	}
	t.delays = []*delayWriter{nil, newDelayWriter(os.Stderr)}
	t.err = redact.NewWriter(t.delays[1])
	realOut, outPipe, ok := redirect(1)
	if !ok {
		t.delays[0] = newDelayWriter(os.Stdout)
		t.out = redact.NewWriter(t.delays[0])
		return t
	}
	t.delays[0] = newDelayWriter(realOut)
	t.out = redact.NewWriter(t.delays[0])
	t.pipes = []*os.File{outPipe}
	done := make(chan struct{})
	t.done = append(t.done, done)
	go func() {
		defer close(done)
		_, _ = io.Copy(t.out, outPipe)
	}()
	return t
}

// stdoutTerminal says whether the real stdout is a terminal (the progress counter rewrites
// its line there) and how wide, as it was before fd 1 became a pipe.
var stdoutTerminal struct {
	tty   bool
	width int
}

func probeTerminal(f *os.File) (t struct {
	tty   bool
	width int
}) {
	if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb" {
		t.tty = true
	}
	t.width = 80
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 20 {
		t.width = n
	}
	return t
}

// stdout is where the CLI prints its own lines: the redirected fd 1 when there is one (in
// order with Ginkgo's output), else the redacting writer.
func (t *terminal) stdout() io.Writer {
	if len(t.pipes) > 0 {
		return os.Stdout
	}
	return t.out
}

// stderr is where the CLI prints its one-line reasons: redacted, muted after an interrupt.
func (t *terminal) stderr() io.Writer { return t.err }

// mute drops everything printed from now on (an interrupt: only the CLI's line is shown),
// including what the runtime writes to fd 2 should a cleanup still running crash.
func (t *terminal) mute() {
	t.out.Mute()
	t.err.Mute()
	for _, d := range t.delays {
		d.mute()
	}
	silence(2)
}

// line writes one line straight to the real stderr, whatever mute says, on a line of its own
// (after a partial line such as "waiting for ..." that was already out).
func (t *terminal) line(s string) {
	if !t.delays[1].atLineStart() {
		s = "\n" + s
	}
	_, _ = io.WriteString(t.realErr, redact.String(s)+"\n")
}

// close ends the redirection: fd 1 is closed so the forwarder reaches the end of its pipe;
// everything still held back is written out.
func (t *terminal) close() {
	deadline := time.After(closeWait)
	if len(t.pipes) > 0 {
		_ = os.Stdout.Close()
		select {
		case <-t.done[0]:
		case <-deadline:
			return
		}
	}
	_ = t.out.Flush()
	_ = t.err.Flush()
	for _, d := range t.delays {
		d.close(deadline)
	}
}

// delayWriter passes writes on holdBack after they were made, unless muted meanwhile.
type delayWriter struct {
	mu      sync.Mutex
	out     io.Writer
	partial bool // the last byte written out was not a newline
	queue   []chunk
	muted   bool
	closing bool
	wake    chan struct{}
	done    chan struct{}
}

type chunk struct {
	at   time.Time
	data []byte
}

func newDelayWriter(out io.Writer) *delayWriter {
	d := &delayWriter{out: out, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *delayWriter) Write(p []byte) (int, error) {
	d.mu.Lock()
	if !d.muted {
		d.queue = append(d.queue, chunk{time.Now(), append([]byte(nil), p...)})
	}
	d.mu.Unlock()
	d.poke()
	return len(p), nil
}

func (d *delayWriter) poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *delayWriter) run() {
	defer close(d.done)
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			closing := d.closing
			d.mu.Unlock()
			if closing {
				return
			}
			<-d.wake
			continue
		}
		c := d.queue[0]
		if wait := holdBack - time.Since(c.at); wait > 0 && !d.closing {
			d.mu.Unlock()
			select {
			case <-time.After(wait):
			case <-d.wake: // closing: no more waiting
			}
			continue
		}
		d.queue = d.queue[1:]
		_, _ = d.out.Write(c.data) // under the lock: atLineStart must not see a write half done
		if len(c.data) > 0 {
			d.partial = c.data[len(c.data)-1] != '\n'
		}
		d.mu.Unlock()
	}
}

// atLineStart reports whether what was written out so far ends with a newline.
func (d *delayWriter) atLineStart() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return !d.partial
}

// mute drops what is held back and everything written from now on.
func (d *delayWriter) mute() {
	d.mu.Lock()
	d.muted, d.queue = true, nil
	d.mu.Unlock()
}

// close writes what is held back at once and waits (until deadline) for it to be out.
func (d *delayWriter) close(deadline <-chan time.Time) {
	d.mu.Lock()
	d.closing = true
	d.mu.Unlock()
	d.poke()
	select {
	case <-d.done:
	case <-deadline:
	}
}
