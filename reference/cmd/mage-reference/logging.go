package main

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"sync"
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
		out.line(start, func(b []byte) []byte {
			b = append(append(b, logline.Escape(r.Method)...), ' ')
			b = append(append(b, redact.Path(r)...), ' ')
			b = append(strconv.AppendInt(b, int64(sw.status), 10), ' ')
			b = append(strconv.AppendInt(b, int64(sw.bytes), 10), "B "...)
			return append(b, time.Since(start).Round(time.Microsecond).String()...)
		})
	})
}

// batchWriter collects log output and writes it out in batches: when a batch fills, at
// most every interval, and on Flush. A request costs no write to stderr of its own.
type batchWriter struct {
	mu    sync.Mutex
	w     *bufio.Writer
	line0 []byte
	// second and secondText: the last second a line was stamped with, formatted.
	second     int64
	secondText []byte
	stop       chan struct{}
	done       chan struct{}
}

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

// line appends one line stamped with t as log.LstdFlags|log.Lmicroseconds stamps it (local
// time), the rest built by build, and its newline.
func (b *batchWriter) line(t time.Time, build func([]byte) []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s := t.Unix(); s != b.second || b.secondText == nil {
		b.second, b.secondText = s, t.AppendFormat(b.secondText[:0], "2006/01/02 15:04:05.")
	}
	line := append(b.line0[:0], b.secondText...)
	micro := t.Nanosecond() / 1000
	for div := 100000; div > 0; div /= 10 {
		line = append(line, byte('0'+micro/div%10))
	}
	b.line0 = append(build(append(line, ' ')), '\n')
	_, _ = b.w.Write(b.line0)
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
