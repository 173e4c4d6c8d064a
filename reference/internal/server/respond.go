package server

import (
	"encoding/json"
	"net/http"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
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

// writeError answers with the error envelope: HTTP 200 and status 200, except
// the authentication failures (HTTP 401, status 200), and with any non-empty
// _http_error_codes, where the code is both the HTTP status and the body's status.
func writeError(w *exchange, e *apierr.Error) {
	httpStatus, bodyStatus := http.StatusOK, http.StatusOK
	switch {
	case w.httpCodes:
		httpStatus, bodyStatus = e.Code, e.Code
	case e.IsAuthentication():
		httpStatus = http.StatusUnauthorized
	}
	writeJSON(w, httpStatus, errorBody{Error: e, Status: bodyStatus})
}

func writeResult(w http.ResponseWriter, res *api.Result) {
	writeJSON(w, http.StatusOK, map[string]any{res.Key: res.Value, "metadata": res.Metadata})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		// Only a bug can make a presented value unencodable; still answer in JSON.
		data, _ = json.Marshal(errorBody{Error: apierr.ServerError(), Status: http.StatusOK})
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
