package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/mageconform/mageconform/harness/redact"
)

// terminal is where everything the process prints goes through: file descriptors 1 and 2 are
// pipes read by two forwarders that redact every secret the run knows (package redact) before
// the real stdout and stderr see it. That covers Ginkgo's reporter, the suites' summary,
// GinkgoWriter and even a crash's stack trace. After an interrupt the forwarders drop
// everything (mute), so the one line the CLI prints is the only one. Output reaches the
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

// captureTerminal redirects fds 1 and 2 where the platform allows it (see redirect); where it
// does not, output goes out unredirected and the CLI still redacts what it writes itself.
func captureTerminal() *terminal {
	t := &terminal{realErr: os.Stderr}
	realOut, outPipe, ok := redirect(1)
	if !ok {
		return t
	}
	realErr, errPipe, ok := redirect(2)
	if !ok {
		restore(1, realOut)
		return t
	}
	t.realErr = realErr
	t.delays = []*delayWriter{newDelayWriter(realOut), newDelayWriter(realErr)}
	t.out, t.err = redact.NewWriter(t.delays[0]), redact.NewWriter(t.delays[1])
	t.pipes = []*os.File{outPipe, errPipe}
	for i, w := range []*redact.Writer{t.out, t.err} {
		done := make(chan struct{})
		t.done = append(t.done, done)
		go func(r *os.File, w *redact.Writer) {
			defer close(done)
			_, _ = io.Copy(w, r)
			_ = w.Flush()
		}(t.pipes[i], w)
	}
	return t
}

// mute drops everything printed from now on (an interrupt: only the CLI's line is shown).
func (t *terminal) mute() {
	if t.out != nil {
		t.out.Mute()
		t.err.Mute()
		for _, d := range t.delays {
			d.mute()
		}
	}
}

// line writes one line straight to the real stderr, whatever mute says.
func (t *terminal) line(s string) {
	_, _ = io.WriteString(t.realErr, redact.String(s)+"\n")
}

// close ends the redirection: fds 1 and 2 are closed so the forwarders reach the end of their
// pipes, flush, and stop.
func (t *terminal) close() {
	if t.out == nil {
		return
	}
	_ = os.Stdout.Close()
	_ = os.Stderr.Close()
	deadline := time.After(closeWait)
	for _, done := range t.done {
		select {
		case <-done:
		case <-deadline:
			return
		}
	}
	for _, d := range t.delays {
		d.close(deadline)
	}
}

// delayWriter passes writes on holdBack after they were made, unless muted meanwhile.
type delayWriter struct {
	mu      sync.Mutex
	out     io.Writer
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
		d.mu.Unlock()
		_, _ = d.out.Write(c.data)
	}
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
