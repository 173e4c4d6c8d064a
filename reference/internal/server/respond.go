package server

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// The headers every answer carries, as canonical keys and shared values: an answer sets them
// without allocating, and nothing appends to them (http.Header.Add on a one-element slice
// copies it).
var (
	jsonContentType = []string{"application/json"}
	corsAny         = []string{"*"}
	corsMethods     = []string{"DELETE, GET, PATCH, POST, PUT, OPTIONS"}
)

// setHeaders puts the JSON content type and Mage's CORS headers (C §1) on a response.
func setHeaders(h http.Header) {
	h["Content-Type"] = jsonContentType
	h["Access-Control-Allow-Origin"] = corsAny
	h["Access-Control-Allow-Headers"] = corsAny
	h["Access-Control-Allow-Methods"] = corsMethods
}

type errorBody struct {
	Error  *apierr.Error `json:"error"`
	Status int           `json:"status"`
}

// writeError answers an error. This is where the enabled deviations decide between an
// error and what Mage answers instead (apierr.Resolve); a fault gets Mage's code-500 body.
// An API error gets the envelope: HTTP 200 and status 200, except the authentication
// failures (HTTP 401, status 200), and with any non-empty _http_error_codes, where the code
// is both the HTTP status and the body's status.
func writeError(w *exchange, err error) {
	switch e := apierr.Resolve(err, w.set.Has).(type) {
	case *apierr.Fault:
		writeFault(w, e)
	case *apierr.Error:
		httpStatus, bodyStatus := http.StatusOK, http.StatusOK
		switch {
		case w.httpCodes:
			httpStatus, bodyStatus = e.Code, e.Code
		case e.IsAuthentication():
			httpStatus = http.StatusUnauthorized
		}
		writeJSON(w, httpStatus, errorBody{Error: e, Status: bodyStatus})
	default:
		writeError(w, serverError())
	}
}

// serverError is the answer to anything unexpected: E(500, server_error), or Mage's code-500 body.
func serverError() *apierr.Error {
	return apierr.ServerError().InMage(compat.UnhandledExceptionBody,
		apierr.Unhandled("Exception", "The server could not complete the request."))
}

// faultBody is Mage's answer to an exception it does not catch (C §3.4). Mage fills errors
// and message with the stack and the traceback; the reference gives one line instead.
type faultBody struct {
	Error struct {
		Code      int      `json:"code"`
		Errors    []string `json:"errors"`
		Exception string   `json:"exception"`
		Message   string   `json:"message"`
	} `json:"error"`
	URLParameters map[string]string `json:"url_parameters"`
}

// writeFault sends the code-500 body with HTTP 200, whatever _http_error_codes says.
func writeFault(w *exchange, f *apierr.Fault) {
	var b faultBody
	b.Error.Code, b.Error.Exception, b.Error.Message = 500, f.Text, f.Error()
	b.Error.Errors = []string{f.Error()}
	b.URLParameters = map[string]string{}
	if w.routed {
		b.URLParameters = urlParameters(w.route, w.healthCheck)
	}
	writeJSON(w, http.StatusOK, b)
}

// writeResult writes {"<key>": value, "metadata": metadata}, keys in encoding/json's order.
func writeResult(w *exchange, res *api.Result) {
	writeEncoded(w, http.StatusOK, func(dst []byte) ([]byte, error) {
		value := func(dst []byte) ([]byte, error) {
			if res.List {
				return appendSlice(dst, res.Items, appendPresented)
			}
			return appendPresented(dst, res.Object)
		}
		metadata := func(dst []byte) ([]byte, error) { return appendJSON(dst, res.Metadata) }
		first, firstValue, second, secondValue := res.Key, value, "metadata", metadata
		if second < first {
			first, firstValue, second, secondValue = second, secondValue, first, firstValue
		}
		dst = append(appendString(append(dst, '{'), first), ':')
		dst, err := firstValue(dst)
		if err != nil {
			return dst, err
		}
		dst = append(appendString(append(dst, ','), second), ':')
		dst, err = secondValue(dst)
		return append(dst, '}'), err
	})
}

func writeJSON(w *exchange, status int, body any) {
	writeEncoded(w, status, func(dst []byte) ([]byte, error) { return appendJSON(dst, body) })
}

// outBuffers hold answers while they are written; a buffer grown past maxPooled is dropped.
var outBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxPooled = 64 << 10

func writeEncoded(w *exchange, status int, encode func([]byte) ([]byte, error)) {
	buf := outBuffers.Get().(*[]byte)
	data, err := encode((*buf)[:0])
	if err != nil {
		// Only a bug can make a presented value unencodable; still answer in JSON. The
		// answer to that (an envelope or a fault body) always encodes.
		outBuffers.Put(buf)
		writeError(w, serverError())
		return
	}
	if len(data) > 2048 { // Go's server counts smaller answers itself; larger ones are not chunked
		w.Header()["Content-Length"] = []string{strconv.Itoa(len(data))}
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
	if cap(data) <= maxPooled {
		*buf = data[:0]
		outBuffers.Put(buf)
	}
}
