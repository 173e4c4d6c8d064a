package harness

import (
	"fmt"

	"github.com/onsi/gomega/types"
)

// BeTypedClientError: an `error` object with a 4xx code and a type, whichever (for refusals
// whose exact code and type the contract leaves to the server, as long as they say "your
// request" and name the kind).
func BeTypedClientError() types.GomegaMatcher {
	return &responseMatcher{
		want: "an error envelope with a 4xx code and a type",
		problems: func(r *Response) []string {
			env, problem := errorObject(r)
			if problem != "" {
				return []string{problem}
			}
			var out []string
			if env.Code < 400 || env.Code > 499 {
				out = append(out, fmt.Sprintf("error.code is %d, want 4xx", env.Code))
			}
			if _, isString := env.Raw["type"].(string); !isString || env.Type == "" {
				out = append(out, typeProblem(env.Raw))
			}
			return out
		},
	}
}

// RefuseWithout: an answer that does not show a `key` object: whatever else it is, the request
// it answers made no record (the record-level half of a refusal, for rules that leave the
// envelope to a SHOULD).
func RefuseWithout(key string) types.GomegaMatcher {
	return &responseMatcher{
		want: fmt.Sprintf("a refusal (no %q in the answer)", key),
		problems: func(r *Response) []string {
			if r.Err != nil {
				return []string{"no response: " + r.Err.Error()}
			}
			if r.Object(key) != nil {
				return []string{fmt.Sprintf("the answer shows a created %q", key)}
			}
			return nil
		},
	}
}
