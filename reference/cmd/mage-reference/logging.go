package main

import (
	"log"
	"net/http"
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

// logRequests logs one line per request: method, path, status, size and duration. The path is
// printed escaped (a %0d%0a stays six characters, so no line can be forged) and without the
// query (it may hold the API key); the API key, raw tokens and JWTs are redacted from it.
func logRequests(logger *log.Logger, redact *logline.Redactor, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		logger.Printf("%s %s %d %dB %s", logline.Escape(r.Method), redact.Path(r), sw.status, sw.bytes,
			time.Since(start).Round(time.Microsecond))
	})
}
