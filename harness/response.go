package harness

import (
	"encoding/json"
	"math"
	"net/http"
	"sort"
)

// Response is one answer, decoded as far as it goes.
type Response struct {
	Status   int
	Header   http.Header
	Body     []byte
	JSON     map[string]any // nil if the body is not a JSON object
	Err      error          // transport error (connection refused, reset, timeout)
	Exchange *Exchange      // the recorded exchange (for curl and transcripts)
}

// Response rebuilds the decoded answer of a recorded exchange, e.g. for a sweep over a
// Recorder's exchanges.
func (e *Exchange) Response() *Response {
	if e == nil {
		return nil
	}
	r := &Response{Status: e.Status, Header: e.RespHeader, Body: e.RespBody, Err: e.Err, Exchange: e}
	r.decode()
	return r
}

func (r *Response) decode() {
	var obj map[string]any
	if json.Unmarshal(r.Body, &obj) == nil && obj != nil {
		r.JSON = obj
	}
}

// ErrorEnvelope is the decoded `error` object plus the envelope around it.
type ErrorEnvelope struct {
	Code       int    // error.code; 0 when missing or not an integer (see Raw)
	Message    string // informative only: never assert it
	Type       string
	Errors     any  // error.errors, nil when absent
	BodyStatus *int // top-level status, nil when absent or not an integer
	HTTPStatus int
	Raw        map[string]any // the `error` object as sent
}

// Error returns the `error` object if the body has one.
func (r *Response) Error() (*ErrorEnvelope, bool) {
	if r == nil || r.JSON == nil {
		return nil, false
	}
	raw, ok := r.JSON["error"].(map[string]any)
	if !ok {
		return nil, false
	}
	env := &ErrorEnvelope{HTTPStatus: r.Status, Raw: raw, Errors: raw["errors"]}
	env.Code, _ = asInt(raw["code"])
	env.Message, _ = raw["message"].(string)
	env.Type, _ = raw["type"].(string)
	if s, ok := asInt(r.JSON["status"]); ok {
		env.BodyStatus = &s
	}
	return env, true
}

// Object returns r.JSON[key] as an object (nil if it is not one).
func (r *Response) Object(key string) map[string]any {
	if r == nil || r.JSON == nil {
		return nil
	}
	obj, _ := r.JSON[key].(map[string]any)
	return obj
}

// Items returns r.JSON[key] as a list of objects (nil if it is not a list; non-object items are
// skipped, so compare len(Items) with the raw list when that matters).
func (r *Response) Items(key string) []map[string]any {
	if r == nil || r.JSON == nil {
		return nil
	}
	list, ok := r.JSON[key].([]any)
	if !ok {
		return nil
	}
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		if obj, ok := item.(map[string]any); ok {
			out = append(out, obj)
		}
	}
	return out
}

// Metadata returns the top-level metadata value and whether the key is present at all.
func (r *Response) Metadata() (map[string]any, bool) {
	if r == nil || r.JSON == nil {
		return nil, false
	}
	v, ok := r.JSON["metadata"]
	obj, _ := v.(map[string]any)
	return obj, ok
}

// Curl reproduces the request (secrets as shell variables).
func (r *Response) Curl() string {
	if r == nil {
		return ""
	}
	return Curl(r.Exchange)
}

// asInt accepts JSON numbers with an integral value only: "404" or 404.5 are not codes.
func asInt(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

// Int reads an integral JSON number from a decoded object (ids, counts); ok false otherwise.
func Int(obj map[string]any, key string) (int, bool) {
	if obj == nil {
		return 0, false
	}
	return asInt(obj[key])
}

func (r *Response) recorder() *Recorder {
	if r == nil || r.Exchange == nil {
		return nil
	}
	return r.Exchange.rec
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
