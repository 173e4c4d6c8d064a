package redact

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// DefaultIdle is how long Writer keeps a partial line before it forwards the part it has (a
// row of progress dots must not wait for the end of the run).
const DefaultIdle = 150 * time.Millisecond

// Writer forwards what is written to it with every secret redacted (Default's String): whole
// lines at once, and a line still being written (a row of progress dots) at most DefaultIdle
// after its first byte, except a tail that could be the start of a secret. Safe for
// concurrent use.
type Writer struct {
	mu    sync.Mutex
	out   io.Writer
	buf   []byte
	muted bool
	timer *time.Timer
	armed bool // the timer will flush the partial line
	idle  time.Duration
	err   error
}

// NewWriter redacts into out.
func NewWriter(out io.Writer) *Writer { return &Writer{out: out, idle: DefaultIdle} }

// Write buffers p and forwards every complete line. It never fails: a broken terminal must not
// stop a run; the first error is kept for Flush.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.muted {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	if nl := bytes.LastIndexByte(w.buf, '\n'); nl >= 0 {
		w.emit(String(string(w.buf[:nl+1])))
		w.buf = append(w.buf[:0], w.buf[nl+1:]...)
	}
	// A partial line goes out at most Idle after its first byte, however fast more comes.
	if len(w.buf) > 0 && !w.armed {
		w.armed = true
		if w.timer == nil {
			w.timer = time.AfterFunc(w.idle, w.flushPartial)
		} else {
			w.timer.Reset(w.idle)
		}
	}
	return len(p), nil
}

// flushPartial forwards a pending partial line except what could be half a secret.
func (w *Writer) flushPartial() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.armed = false
	if w.muted || len(w.buf) == 0 {
		return
	}
	text := String(string(w.buf))
	hold := Default().Pending(text)
	if hold >= len(text) {
		return
	}
	w.emit(text[:len(text)-hold])
	w.buf = append(w.buf[:0], text[len(text)-hold:]...)
}

// Flush forwards everything still buffered and returns the first write error.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
	}
	if !w.muted && len(w.buf) > 0 {
		w.emit(String(string(w.buf)))
		w.buf = w.buf[:0]
	}
	return w.err
}

// Mute drops everything buffered and everything written from now on.
func (w *Writer) Mute() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.muted, w.buf = true, nil
	if w.timer != nil {
		w.timer.Stop()
	}
}

func (w *Writer) emit(s string) {
	if _, err := io.WriteString(w.out, s); err != nil && w.err == nil {
		w.err = err
	}
}
