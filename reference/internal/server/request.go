package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/auth"
)

// body is a request body read as JSON whatever its Content-Type (curl -d
// sends a form type; Mage's documented examples rely on this).
type body struct {
	object map[string]any // the JSON object, nil when absent or not an object
	err    *apierr.Error  // reported after authentication, so it never hides a 401
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64) body {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return body{}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return body{err: apierr.Invalid("The request body is too large.").
				WithErrors(map[string]any{"max_bytes": limit})}
		}
		return body{err: apierr.Invalid("The request body could not be read.")}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return body{}
	}
	var decoded any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		return body{err: apierr.Invalid("The request body is not valid JSON.")}
	}
	object, ok := decoded.(map[string]any)
	if !ok {
		return body{err: apierr.Invalid("The request body must be a JSON object.")}
	}
	return body{object: object}
}

// keySource: for a POST, the key is taken from a JSON object body when there is one.
func (b body) keySource() auth.KeySource {
	if b.object == nil {
		return auth.KeySource{}
	}
	key, has := b.object["api_key"]
	return auth.KeySource{BodyIsObject: true, BodyKey: key, BodyHasKey: has}
}

// wrapper returns the attributes under the resource's singular key; a missing
// key is no attributes, anything but an object is E(400, record_invalid).
func (b body) wrapper(singular string) (map[string]any, *apierr.Error) {
	v, ok := b.object[singular]
	if !ok || v == nil {
		return map[string]any{}, nil
	}
	attrs, ok := v.(map[string]any)
	if !ok {
		return nil, apierr.Invalid("The \"" + singular + "\" value must be a JSON object.")
	}
	return attrs, nil
}

// splitQuery separates meta keys ("_" prefix) from query keys, dropping api_key.
func splitQuery(w *exchange) (meta, query map[string][]string, err *apierr.Error) {
	if w.queryErr != nil {
		return nil, nil, apierr.Invalid("The query string is malformed.")
	}
	values := w.query
	meta, query = map[string][]string{}, map[string][]string{}
	for k, v := range values {
		switch {
		case k == "api_key":
		case strings.HasPrefix(k, "_"):
			meta[k] = v
		default:
			query[k] = v
		}
	}
	return meta, query, nil
}

// traversal reports a "../" or "..\" in a query value, which Mage refuses.
func traversal(query url.Values) bool {
	for _, vs := range query {
		for _, v := range vs {
			if strings.Contains(v, "../") || strings.Contains(v, `..\`) {
				return true
			}
		}
	}
	return false
}
