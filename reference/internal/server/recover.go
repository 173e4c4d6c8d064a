package server

import (
	"log"
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/apierr"
)

// recordingWriter remembers whether the response has started, so a panic can
// still be answered with an envelope when nothing was written yet.
type recordingWriter struct {
	http.ResponseWriter
	started bool
}

func (w *recordingWriter) WriteHeader(status int) {
	w.started = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController and MaxBytesReader reach the connection.
func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverInto answers a panic with HTTP 200 and E(500, server_error): never a
// stack trace, an HTML page or a dropped connection.
func recoverInto(w *recordingWriter, r *http.Request) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	log.Printf("reference: recovered from panic in %s %s: %v", r.Method, r.URL.Path, p)
	if !w.started {
		writeError(w, r, apierr.ServerError())
	}
}
