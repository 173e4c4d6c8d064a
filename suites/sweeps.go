package suites

import (
	"net/http"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
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
//
// Each broken answer is rejected by name (harness.Reject), so the failure, its probable cause
// and its curl line are about the answer that broke the rule, not the spec's last request.
func sweepEnvelopes(rec *harness.Recorder) {
	check("B1.envelope-shape", func(g Gomega) {
		broken := 0
		for _, ex := range rec.Exchanges() {
			r := ex.Response()
			if ex.Housekeeping || !isErrorAnswer(ex, r) || current.tolerated[ex] && isServerError(r) {
				continue
			}
			for _, p := range harness.EnvelopeProblems(r) {
				harness.Reject(ex, p)
				broken++
			}
		}
		g.Expect(broken).To(BeZero(), "an error answer breaks the envelope")
	})
}

// sweepSensitive checks B7 on every answer the spec received, with the passwords and secret
// values this process wrote as forbidden values.
func sweepSensitive(rec *harness.Recorder) {
	forbidden := env().forbiddenValues()
	check("B7.no-sensitive", func(g Gomega) {
		leaks := 0
		for _, ex := range rec.Exchanges() {
			for _, l := range harness.SensitiveLeaks(ex.RespBody, forbidden...) {
				harness.RejectAfter(ex, "the answer carries "+leakName(l), env().writersIn(ex.RespBody)...)
				leaks++
			}
		}
		g.Expect(leaks).To(BeZero(), "an answer carries a sensitive attribute or value")
	})
}

// sweepSessions checks B7.tokens-listed-only on every answer the spec received: no answer
// carries the raw token of another of the run's sessions, but a list of the caller's own
// records (Owned: its access tokens, which are the caller's sessions).
func sweepSessions(rec *harness.Recorder) {
	check("B7.tokens-listed-only", func(g Gomega) {
		shown := 0
		for _, ex := range rec.Exchanges() {
			if ownedListPath(ex.URL) {
				continue
			}
			if n := ex.OtherSessionsShown(); n > 0 {
				harness.Reject(ex, "the answer carries the token of another session")
				shown += n
			}
		}
		g.Expect(shown).To(BeZero(), "an answer other than the caller's own token list carries another session's token")
	})
}

// ownedListPath: the URL lists the caller's own records of some resource (Owned), at the top
// level or under a parent.
func ownedListPath(rawURL string) bool {
	path, _, _ := strings.Cut(rawURL, "?")
	for _, res := range fixtures.Catalogue() {
		if res.Owned != nil && strings.HasSuffix(path, "/"+res.Plural) {
			return true
		}
	}
	return false
}

// leakName words a leak without its place in one answer ("$.users[3].password_hash" is
// "password_hash"), so the same leak in many answers is one probable cause.
func leakName(leak string) string {
	if strings.Contains(leak, "forbidden value") {
		return "a password or secret value the run wrote"
	}
	if i := strings.LastIndexAny(leak, ". "); i >= 0 {
		leak = leak[i+1:]
	}
	return "the sensitive attribute " + leak
}

func isServerError(r *harness.Response) bool {
	e, ok := r.Error()
	return ok && e.Code == 500
}
