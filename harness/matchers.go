package harness

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"
)

// responseMatcher turns a "list the problems" function into a Gomega matcher whose failure
// message carries the exchange and its curl, so a failure can be reproduced from the report.
type responseMatcher struct {
	want     string
	problems func(r *Response) []string
	found    []string
	last     *Response
}

func (m *responseMatcher) Match(actual any) (bool, error) {
	r, ok := actual.(*Response)
	if !ok || r == nil {
		return false, fmt.Errorf("harness matchers expect a non-nil *harness.Response, got %T", actual)
	}
	m.last, m.found = r, m.problems(r)
	if r.Exchange != nil {
		s := sighting{ex: r.Exchange, ok: len(m.found) == 0, want: m.want}
		if !s.ok {
			s.problem, s.message = m.found[0], m.FailureMessage(nil)
		}
		noteSighting(s)
		if rec := r.recorder(); rec != nil {
			rec.noteChecked(r.Exchange, s.ok)
		}
	}
	return len(m.found) == 0, nil
}

// FailureMessage is one sentence first (what was wanted, what is wrong, which request), then
// the exchange and a curl that repeats it.
func (m *responseMatcher) FailureMessage(any) string {
	line := fmt.Sprintf("want %s, but %s", m.want, strings.Join(m.found, "; "))
	if m.last != nil && m.last.Exchange != nil {
		line += " (" + where(m.last.Exchange) + ")"
	}
	return Redact(line + "\n" + describeExchange(m.last))
}

func (m *responseMatcher) NegatedFailureMessage(any) string {
	return Redact(fmt.Sprintf("want anything but %s, got it\n%s", m.want, describeExchange(m.last)))
}

// describeExchange is the redacted exchange plus a curl that repeats it.
func describeExchange(r *Response) string {
	if r == nil || r.Exchange == nil {
		return ""
	}
	return "exchange:\n" + indent(r.Exchange.Transcript()) + "reproduce:\n  " + Curl(r.Exchange) + "\n"
}

func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if line != "" {
			b.WriteString("  " + line)
		}
	}
	return b.String()
}

// BeErrorEnvelope: a B1-shaped error envelope with this code and type.
func BeErrorEnvelope(code int, typ string) types.GomegaMatcher {
	return &responseMatcher{
		want: fmt.Sprintf("error envelope E(%d, %s)", code, typ),
		problems: func(r *Response) []string {
			var p []string // the wrong code or type first: that is what the spec was about
			if instead := successInstead(r); instead != "" {
				return []string{instead}
			}
			if env, ok := r.Error(); ok {
				if _, isInt := asInt(env.Raw["code"]); isInt && env.Code != code {
					p = append(p, fmt.Sprintf("error.code is %d, want %d", env.Code, code))
				}
				if _, isString := env.Raw["type"].(string); isString && env.Type != typ {
					p = append(p, fmt.Sprintf("error.type is %q, want %q", env.Type, typ))
				}
			}
			return append(p, EnvelopeProblems(r)...)
		},
	}
}

// HaveErrorType: an `error` object whose type is typ, nothing else checked (for rules where
// the code or the shape is only a SHOULD).
func HaveErrorType(typ string) types.GomegaMatcher {
	return &responseMatcher{
		want: fmt.Sprintf("an error of type %q", typ),
		problems: func(r *Response) []string {
			env, problem := errorObject(r)
			if problem != "" {
				return []string{problem}
			}
			if _, isString := env.Raw["type"].(string); !isString {
				return []string{typeProblem(env.Raw)} // the words EnvelopeProblems uses: one fault, one cause
			}
			if env.Type != typ {
				return []string{fmt.Sprintf("error.type is %s, want %q", jsonKind(env.Raw["type"]), typ)}
			}
			return nil
		},
	}
}

// errorObject is the answer's `error` object, or what is wrong instead: no answer, a success,
// or no error object.
func errorObject(r *Response) (*ErrorEnvelope, string) {
	if r.Err != nil {
		return nil, "no response: " + r.Err.Error()
	}
	if instead := successInstead(r); instead != "" {
		return nil, instead
	}
	env, ok := r.Error()
	if !ok {
		return nil, fmt.Sprintf("HTTP %d without an \"error\" object (%s)", r.Status, snippet(r.Body))
	}
	return env, ""
}

// BeAuthFailure: a B1 envelope with code 401 and type typ. B1 then leaves HTTP 401 or 200 as
// the only statuses, which is the MUST part of B3 (HTTP 200 is Mage's documented SHOULD).
func BeAuthFailure(typ string) types.GomegaMatcher {
	inner := BeErrorEnvelope(401, typ).(*responseMatcher)
	inner.want = fmt.Sprintf("authentication failure E(401, %s)", typ)
	return inner
}

// BeSuccess (B2): a 2xx JSON object with `key` (an object or list) and `metadata` (an object for
// lists, null otherwise), and no top-level error or status.
func BeSuccess(key string) types.GomegaMatcher {
	return &responseMatcher{
		want:     fmt.Sprintf("a success envelope with %q", key),
		problems: func(r *Response) []string { return successProblems(r, key) },
	}
}

func successProblems(r *Response, key string) []string {
	if r.Err != nil {
		return []string{"no response: " + r.Err.Error()}
	}
	if r.JSON == nil {
		return []string{fmt.Sprintf("HTTP %d with a body that is not a JSON object (%s)", r.Status, snippet(r.Body))}
	}
	if env, ok := r.Error(); ok {
		// One sentence for the error instead of five about the keys it lacks, and the same
		// sentence for every success check the error answered.
		return []string{"an error " + envelopeName(env) + " instead of a success"}
	}
	var p []string
	if r.Status < 200 || r.Status > 299 {
		p = append(p, fmt.Sprintf("HTTP status %d, want 2xx", r.Status))
	}
	if env, ok := r.Error(); ok {
		p = append(p, fmt.Sprintf("top-level error: code %v, type %v", env.Raw["code"], env.Raw["type"]))
	} else if _, ok := r.JSON["error"]; ok {
		p = append(p, "top-level \"error\" key")
	}
	if _, ok := r.JSON["status"]; ok {
		p = append(p, "top-level \"status\" key on a success")
	}
	value, hasKey := r.JSON[key]
	metadata, hasMeta := r.JSON["metadata"]
	if !hasKey {
		p = append(p, fmt.Sprintf("no %q key (keys: %s)", key, strings.Join(sortedKeys(r.JSON), ", ")))
	}
	if !hasMeta {
		p = append(p, "no \"metadata\" key")
	}
	switch value.(type) {
	case []any:
		if _, isObj := metadata.(map[string]any); hasMeta && !isObj {
			p = append(p, fmt.Sprintf("list metadata is %s, want an object", jsonKind(metadata)))
		}
	case map[string]any:
		if hasMeta && metadata != nil {
			p = append(p, fmt.Sprintf("metadata is %s, want null for a single record", jsonKind(metadata)))
		}
	default:
		if hasKey {
			p = append(p, fmt.Sprintf("%q is %s, want an object or a list", key, jsonKind(value)))
		}
	}
	return p
}

// successInstead is the problem of a success answer where an error was wanted ("" when the
// answer is not one).
func successInstead(r *Response) string {
	if r.Err != nil || r.JSON == nil || r.Status < 200 || r.Status > 299 {
		return ""
	}
	if _, hasError := r.JSON["error"]; hasError {
		return ""
	}
	return fmt.Sprintf("a success (HTTP %d) instead of an error", r.Status)
}

// envelopeName is E(code, type) as the answer gave it.
func envelopeName(env *ErrorEnvelope) string {
	code, typ := fmt.Sprint(env.Raw["code"]), "no type"
	if t, ok := env.Raw["type"].(string); ok {
		typ = t
	}
	return fmt.Sprintf("E(%s, %s)", code, typ)
}
