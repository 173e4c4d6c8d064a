package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/auth"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// body is a request body. In the intended mode it is read as JSON whatever its Content-Type
// (curl -d sends a form type; Mage's documented examples rely on this). The compat deviations
// that change how Mage reads a body are all decided here.
type body struct {
	object map[string]any // the payload object, nil when absent
	err    error          // reported after authentication, so it never hides a 401
	key    auth.KeySource // where a POST's api_key may come from
	fault  *apierr.Fault  // a body Mage raises on once it reads the payload (compat.NonObjectBody)
	set    compat.Set
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64, maxDepth int, set compat.Set) body {
	b := body{set: set}
	// Mage parses the body of every method; the intended mode reads only POST and PUT bodies.
	payloadMethod := r.Method == http.MethodPost || r.Method == http.MethodPut
	if !payloadMethod && !set.Has(compat.MalformedJSON500) {
		return b
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			b.err = apierr.Invalid("The request body is too large.").WithErrors(map[string]any{"max_bytes": limit})
			return b
		}
		b.err = apierr.Invalid("The request body could not be read.")
		return b
	}
	decoded, jsonErr := decodeJSON(raw, maxDepth)
	b.key = keySource(decoded, jsonErr, set)
	if set.Has(compat.FormBody) && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if fields := parseForm(raw); len(fields) > 0 {
			b.object = fields // Mage takes form fields over the body whenever there are any
			return b
		}
	}
	switch object, isObject := decoded.(map[string]any); {
	case len(bytes.TrimSpace(raw)) == 0:
	case jsonErr != nil:
		b.err = bodyError(jsonErr, maxDepth)
	case isObject:
		b.object = object
	case !payloadMethod:
		// Read only to fail on bad JSON like Mage; other bodies of GET and DELETE are unused.
	case set.Has(compat.NonObjectBody):
		if api.PyTruthy(decoded) {
			b.fault = apierr.Unhandled("AttributeError", "'%s' object has no attribute 'get'", pyType(decoded))
		}
	default:
		b.err = apierr.Invalid("The request body must be a JSON object.")
	}
	return b
}

// decodeJSON parses a non-empty body; an empty one is no value and no error. A body that is
// not UTF-8, holds an unpaired surrogate escape or nests deeper than maxDepth is refused
// before it is decoded (scanJSON).
func decodeJSON(raw []byte, maxDepth int) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errEmpty
	}
	if err := scanJSON(raw, maxDepth); err != nil {
		return nil, err
	}
	var v any
	err := json.Unmarshal(raw, &v)
	return v, err
}

// bodyError is the answer to a body decodeJSON refused. Mage reads a body that is not UTF-8
// or not JSON with json.loads, which raises; it accepts an unpaired surrogate and raises when
// it writes the value (UTF-8 cannot encode it). The depth limit is the reference's own, in
// every mode.
func bodyError(err error, maxDepth int) *apierr.Error {
	switch {
	case errors.Is(err, errTooDeep):
		return apierr.Invalid("The request body is nested too deeply.").WithErrors(map[string]any{"max_depth": maxDepth})
	case errors.Is(err, errSurrogate):
		return apierr.Invalid("The request body holds an unpaired surrogate escape.").InMage(compat.MalformedJSON500,
			apierr.Unhandled("UnicodeEncodeError", "'utf-8' codec can't encode character: surrogates not allowed"))
	case errors.Is(err, errNotUTF8):
		return apierr.Invalid("The request body is not valid UTF-8.").InMage(compat.MalformedJSON500,
			apierr.Unhandled("UnicodeDecodeError", "'utf-8' codec can't decode the body"))
	}
	return apierr.Invalid("The request body is not valid JSON.").
		InMage(compat.MalformedJSON500, apierr.Unhandled("JSONDecodeError", "%s", err.Error()))
}

var errEmpty = errors.New("empty body")

// keySource: for a POST, the key is taken from a JSON object body when there is one. Mage
// reads it as json.loads(body).get("api_key") and decodes what it finds, which raises for a
// JSON body that is not an object and for a key that is neither a string nor a list of them.
func keySource(decoded any, jsonErr error, set compat.Set) auth.KeySource {
	if jsonErr != nil {
		return auth.KeySource{}
	}
	object, ok := decoded.(map[string]any)
	if !set.Has(compat.BodyAPIKey500) {
		if !ok {
			return auth.KeySource{}
		}
		key, has := object["api_key"]
		return auth.KeySource{BodyIsObject: true, BodyKey: key, BodyHasKey: has}
	}
	if !ok {
		return auth.KeySource{Fault: apierr.Unhandled("AttributeError", "'%s' object has no attribute 'get'", pyType(decoded))}
	}
	key := object["api_key"]
	if list, isList := key.([]any); isList && len(list) > 0 {
		key = list[0] // Mage takes the first of a list
	}
	if _, isString := key.(string); !isString && api.PyTruthy(key) {
		return auth.KeySource{Fault: apierr.Unhandled("AttributeError", "'%s' object has no attribute 'decode'", pyType(key))}
	}
	_, has := object["api_key"]
	return auth.KeySource{BodyIsObject: true, BodyKey: key, BodyHasKey: has}
}

// wrapper returns the attributes under the resource's singular key; a missing key is no
// attributes, anything but an object is E(400, record_invalid) (compat.NonObjectBody: an
// empty value is no attributes and any other raises once the action rule has passed).
func (b body) wrapper(singular string) (map[string]any, *apierr.Fault, error) {
	v, ok := b.object[singular]
	if !ok || v == nil {
		return nil, nil, nil // no attributes; a nil map reads like an empty one
	}
	if attrs, ok := v.(map[string]any); ok {
		return attrs, nil, nil
	}
	if b.set.Has(compat.NonObjectBody) {
		if !api.PyTruthy(v) {
			return map[string]any{}, nil, nil
		}
		return map[string]any{}, apierr.Unhandled("AttributeError", "'%s' object has no attribute 'keys'", pyType(v)), nil
	}
	return nil, nil, apierr.Invalid("The \"" + singular + "\" value must be a JSON object.")
}

// splitQuery separates meta keys ("_" prefix) from query keys, dropping api_key.
func splitQuery(w *exchange) (meta, query map[string][]string, err *apierr.Error) {
	if w.queryErr != nil {
		return nil, nil, apierr.Invalid("The query string is malformed.")
	}
	// Nil maps, readable like empty ones, unless there are keys.
	for k, v := range w.query {
		switch {
		case k == "api_key":
		case strings.HasPrefix(k, "_"):
			if meta == nil {
				meta = map[string][]string{}
			}
			meta[k] = v
		default:
			if query == nil {
				query = map[string][]string{}
			}
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
