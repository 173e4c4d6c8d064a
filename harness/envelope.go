package harness

import (
	"fmt"
	"net/url"
	"strings"
)

// EnvelopeProblems lists every way an error response breaks B1 (empty = a well-formed error
// envelope). It does not judge which code or type was right.
func EnvelopeProblems(r *Response) []string {
	if r == nil {
		return []string{"no response"}
	}
	if r.Err != nil {
		return []string{"no response: " + r.Err.Error()}
	}
	if r.JSON == nil {
		return []string{fmt.Sprintf("HTTP %d with a body that is not a JSON object (%s)", r.Status, snippet(r.Body))}
	}
	raw, present := r.JSON["error"]
	errObj, isObj := raw.(map[string]any)
	if !present {
		return []string{"no top-level \"error\" object"}
	}
	if !isObj {
		return []string{fmt.Sprintf("\"error\" is %s, not an object", jsonKind(raw))}
	}
	var problems []string
	code, codeOK := asInt(errObj["code"])
	if !codeOK {
		problems = append(problems, fmt.Sprintf("error.code is %s, not an integer", jsonKind(errObj["code"])))
	}
	if _, ok := errObj["message"].(string); !ok {
		problems = append(problems, fmt.Sprintf("error.message is %s, not a string", jsonKind(errObj["message"])))
	}
	if _, ok := errObj["type"].(string); !ok {
		problems = append(problems, typeProblem(errObj))
	}
	status, statusOK := asInt(r.JSON["status"])
	if !statusOK {
		problems = append(problems, fmt.Sprintf("top-level status is %s, not an integer", jsonKind(r.JSON["status"])))
	}
	if !codeOK {
		return problems
	}
	if r.Status != 200 && r.Status != code {
		problems = append(problems, fmt.Sprintf("HTTP status %d is neither 200 nor error.code %d", r.Status, code))
	}
	if statusOK && status != 200 && status != code {
		problems = append(problems, fmt.Sprintf("body status %d is neither 200 nor error.code %d", status, code))
	}
	if asksHTTPErrorCodes(r) {
		if r.Status != code {
			problems = append(problems, fmt.Sprintf("_http_error_codes is set but HTTP status %d != error.code %d", r.Status, code))
		}
		if statusOK && status != code {
			problems = append(problems, fmt.Sprintf("_http_error_codes is set but body status %d != error.code %d", status, code))
		}
	}
	return problems
}

// typeProblem is the one sentence for an error object whose type is not a string.
func typeProblem(errObj map[string]any) string {
	return fmt.Sprintf("error.type is %s, not a string", jsonKind(errObj["type"]))
}

// asksHTTPErrorCodes: Mage switches to HTTP error statuses for any non-empty value.
func asksHTTPErrorCodes(r *Response) bool {
	if r.Exchange == nil {
		return false
	}
	u, err := url.Parse(r.Exchange.URL)
	if err != nil {
		return false
	}
	for _, v := range u.Query()["_http_error_codes"] {
		if v != "" {
			return true
		}
	}
	return false
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "missing or null"
	case string:
		return fmt.Sprintf("a string (%q)", x)
	case float64:
		return fmt.Sprintf("a non-integral number (%v)", x)
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "empty"
	}
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return fmt.Sprintf("%q", s)
}
