package suites

import (
	"fmt"
	"net/http"

	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
)

// isErrorAnswer tells which exchanges B1 judges: anything with an `error` key, anything that
// never arrived, and any 4xx/5xx except Mage's bodiless 405 for an unrouted method.
func isErrorAnswer(ex *harness.Exchange, r *harness.Response) bool {
	switch {
	case ex.Err != nil:
		return true
	case r.JSON != nil && r.JSON["error"] != nil:
		return true
	case ex.Status == http.StatusMethodNotAllowed && len(ex.RespBody) == 0:
		return false
	}
	return ex.Status >= 400
}

func where(ex *harness.Exchange) string { return ex.Method + " " + ex.URL }

// sweepEnvelopes checks B1 on every error answer the spec received. The harness's own setup
// and cleanup requests (Exchange.Housekeeping) are not answers to the spec: a cleanup that
// deletes a record the spec already deleted gets whatever the target answers for a missing
// record, and Mage answers some of those with its code-500 body.
func sweepEnvelopes(rec *harness.Recorder) {
	var problems []string
	for _, ex := range rec.Exchanges() {
		r := ex.Response()
		if ex.Housekeeping || !isErrorAnswer(ex, r) || current.tolerated[ex] && isServerError(r) {
			continue
		}
		for _, p := range harness.EnvelopeProblems(r) {
			problems = append(problems, fmt.Sprintf("%s: %s", where(ex), p))
		}
	}
	check("B1.envelope-shape", func(g Gomega) {
		g.Expect(problems).To(BeEmpty(), "error answers that break the envelope")
	})
}

// sweepSensitive checks B7 on every answer the spec received, with the passwords and secret
// values this process wrote as forbidden values.
func sweepSensitive(rec *harness.Recorder) {
	forbidden := env().forbiddenValues()
	var leaks []string
	for _, ex := range rec.Exchanges() {
		for _, l := range harness.SensitiveLeaks(ex.RespBody, forbidden...) {
			leaks = append(leaks, fmt.Sprintf("%s: %s", where(ex), l))
		}
	}
	check("B7.no-sensitive", func(g Gomega) {
		g.Expect(leaks).To(BeEmpty(), "answers carrying a sensitive attribute or value")
	})
}

func isServerError(r *harness.Response) bool {
	e, ok := r.Error()
	return ok && e.Code == 500
}
