package server

import (
	"fmt"
	"log"
	"net/http"
	"net/url"
	"sync"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/logline"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// exchange is the response writer the server hands its handlers: it carries
// the query parsed once, and remembers whether the response has started, so a
// panic can still be answered with an envelope when nothing was written yet.
type exchange struct {
	http.ResponseWriter
	started   bool
	query     url.Values
	queryErr  error
	httpCodes bool // a non-empty _http_error_codes was sent
	set       compat.Set
	// route and healthCheck give the route's path arguments under Mage's names, for its
	// code-500 body, once the request is routed.
	route       route
	routed      bool
	healthCheck bool
	// op and caller are the request's operation and the records its caller points at, held
	// here so that a request allocates them once with the exchange, which is pooled.
	op     api.Op
	caller callerRecords
}

// callerRecords are the token and user an authenticated caller points at.
type callerRecords struct {
	token store.Token
	user  store.User
}

var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// releaseExchange returns x to the pool once the request is answered; nothing refers to it
// afterwards (the answer is written, the operation done).
func releaseExchange(x *exchange) {
	*x = exchange{}
	exchanges.Put(x)
}

func newExchange(w http.ResponseWriter, r *http.Request, set compat.Set) *exchange {
	var q url.Values
	var err error
	switch {
	case set.Has(compat.LenientQuery):
		q = lenientQuery(r.URL.RawQuery)
	case r.URL.RawQuery != "":
		q, err = url.ParseQuery(r.URL.RawQuery)
	}
	x := exchanges.Get().(*exchange)
	x.ResponseWriter, x.query, x.queryErr, x.set = w, q, err, set
	for _, v := range q["_http_error_codes"] {
		x.httpCodes = x.httpCodes || v != ""
	}
	return x
}

func (w *exchange) WriteHeader(status int) {
	w.started = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *exchange) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController and MaxBytesReader reach the connection.
func (w *exchange) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverInto answers a panic with HTTP 200 and E(500, server_error) (or Mage's code-500
// body): never a stack trace, an HTML page or a dropped connection.
func recoverInto(w *exchange, r *http.Request, redact *logline.Redactor) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	log.Printf("reference: recovered from panic in %s %s: %s", logline.Escape(r.Method), redact.Path(r), logline.Escape(fmt.Sprint(p)))
	if !w.started {
		writeError(w, serverError())
	}
}
