package server

import (
	"encoding/json"
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// setHeaders puts the JSON content type and Mage's CORS headers (C §1) on a response.
func setHeaders(h http.Header) {
	h.Set("Content-Type", "application/json")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Headers", "*")
	h.Set("Access-Control-Allow-Methods", "DELETE, GET, PATCH, POST, PUT, OPTIONS")
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
	b.URLParameters = w.params
	if b.URLParameters == nil {
		b.URLParameters = map[string]string{}
	}
	writeJSON(w, http.StatusOK, b)
}

func writeResult(w *exchange, res *api.Result) {
	writeJSON(w, http.StatusOK, map[string]any{res.Key: res.Value, "metadata": res.Metadata})
}

func writeJSON(w *exchange, status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		// Only a bug can make a presented value unencodable; still answer in JSON. The
		// answer to that (an envelope or a fault body) always encodes.
		writeError(w, serverError())
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
