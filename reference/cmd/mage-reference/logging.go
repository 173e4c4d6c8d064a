package main

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mageconform/mageconform/reference/internal/logline"
)

// statusWriter records the status code for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request: time, method, path, status, size and duration. The
// path is printed escaped (a %0d%0a stays six characters, so no line can be forged) and without
// the query (it may hold the API key); the API key, raw tokens and JWTs are redacted from it.
func logRequests(out *batchWriter, redact *logline.Redactor, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		// The line is built outside the writer's lock, which only copies it.
		buf := lineBuffers.Get().(*[]byte)
		b := out.stamp((*buf)[:0], start)
		b = append(append(b, logline.Escape(r.Method)...), ' ')
		b = append(append(b, redact.Path(r)...), ' ')
		b = append(strconv.AppendInt(b, int64(sw.status), 10), ' ')
		b = append(strconv.AppendInt(b, int64(sw.bytes), 10), "B "...)
		b = append(append(b, time.Since(start).Round(time.Microsecond).String()...), '\n')
		out.write(b)
		*buf = b[:0]
		lineBuffers.Put(buf)
	})
}

// batchWriter collects log output and writes it out in batches: when a batch fills, at
// most every interval, and on Flush. A request costs no write to stderr of its own.
type batchWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
	// stamped is the last second a line was stamped with, formatted.
	stamped atomic.Pointer[stampedSecond]
}

type stampedSecond struct {
	unix int64
	text []byte
}

// lineBuffers hold request log lines while they are built.
var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

func newBatchWriter(w io.Writer, interval time.Duration) *batchWriter {
	b := &batchWriter{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				b.Flush()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// Write is for log.Logger (the server's own messages).
func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

// stamp appends t as log.LstdFlags|log.Lmicroseconds stamps a line (local time), and a space.
func (b *batchWriter) stamp(dst []byte, t time.Time) []byte {
	s := b.stamped.Load()
	if s == nil || s.unix != t.Unix() {
		s = &stampedSecond{unix: t.Unix(), text: t.AppendFormat(nil, "2006/01/02 15:04:05.")}
		b.stamped.Store(s)
	}
	dst = append(dst, s.text...)
	micro := t.Nanosecond() / 1000
	for div := 100000; div > 0; div /= 10 {
		dst = append(dst, byte('0'+micro/div%10))
	}
	return append(dst, ' ')
}

// write appends a whole line.
func (b *batchWriter) write(line []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, _ = b.w.Write(line)
}

// Flush writes out what is buffered.
func (b *batchWriter) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.w.Flush()
}

// Close stops the periodic flush and writes out the rest.
func (b *batchWriter) Close() {
	close(b.stop)
	<-b.done
	b.Flush()
}
