package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/harness/plain"
)

// ReportEntryFinding names the report entry a failed check leaves (JSON of a Finding), so the
// report can say, per rule, what was wrong and which request shows it.
const ReportEntryFinding = "finding"

// Finding is one failed check as the report shows it: a plain sentence, the cause it may share
// with other failures (the same missing field, the same wrong code), every answer that shows
// that cause, and a curl that repeats the one the sentence names.
type Finding struct {
	Rule   string `json:"rule"`
	Level  Level  `json:"level"`
	Reason string `json:"reason"`
	// Cause is what is wrong with the answer, in words that do not depend on the request
	// ("error.type is missing or null, not a string"), so one fault groups its failures.
	Cause string `json:"cause"`
	// Answers identify the exchanges that show Cause, "<process>/<sequence>", so the report
	// counts an answer once however many rules it breaks.
	Answers []string `json:"answers,omitempty"`
	// Where is the example answer's request ("GET /api/users/5"), Curl repeats it.
	Where string `json:"where,omitempty"`
	Curl  string `json:"curl,omitempty"`
	// Ephemeral: the example is about a record the run created, gone when the run ends, so
	// its curl line shows the fault only while the record exists; the report prefers another.
	Ephemeral bool `json:"ephemeral,omitempty"`

	// example is the answer Curl repeats; after, the requests it depends on (RejectAfter).
	example *Exchange
	after   []*Exchange
}

// sighting is one answer a check looked at: a harness matcher's verdict, or an answer a check
// rejected with Reject.
type sighting struct {
	seq     uint64
	ex      *Exchange
	ok      bool
	want    string // what the matcher wanted; "" for Reject
	problem string // the first thing wrong, when !ok
	message string // the matcher's failure message, as Gomega will append it
	// before: the check's answer depends on this earlier request (Precondition), so its
	// reproduce line repeats it first; it is neither a verdict nor an example.
	before bool
	// after: requests this rejected answer depends on (RejectAfter), repeated before its curl.
	after []*Exchange
}

// sightings is the recent history of answers looked at, in order. A check notes where it
// starts and reads what it saw after its body: matchers do not know which check runs them.
// Specs of one process run one at a time, so the answers after the mark are the check's own.
var sightings struct {
	mu  sync.Mutex
	seq uint64
	log []sighting
}

// maxSightings bounds the history; one check looks at far fewer answers.
const maxSightings = 1024

func noteSighting(s sighting) {
	sightings.mu.Lock()
	defer sightings.mu.Unlock()
	sightings.seq++
	s.seq = sightings.seq
	sightings.log = append(sightings.log, s)
	if n := len(sightings.log); n > maxSightings {
		sightings.log = append([]sighting(nil), sightings.log[n-maxSightings/2:]...)
	}
}

func sightingMark() uint64 {
	sightings.mu.Lock()
	defer sightings.mu.Unlock()
	return sightings.seq
}

func sightingsSince(mark uint64) []sighting {
	sightings.mu.Lock()
	defer sightings.mu.Unlock()
	var out []sighting
	for _, s := range sightings.log {
		if s.seq > mark {
			out = append(out, s)
		}
	}
	return out
}

// Reject notes, inside a Verify body, that an answer breaks the rule being checked, for the
// reason problem (a short sentence about the answer, the same for the same fault). The
// failure then names it and its curl repeats it: checks over many exchanges (the sweeps) say
// which answer was wrong, not which one came last.
func Reject(ex *Exchange, problem string) { RejectAfter(ex, problem) }

// RejectAfter is Reject for an answer that shows the fault only after other requests (the
// create of the secret whose value a list leaks): its curl line repeats them first.
func RejectAfter(ex *Exchange, problem string, before ...*Exchange) {
	if ex != nil {
		noteSighting(sighting{ex: ex, problem: problem, after: slices.DeleteFunc(before, func(e *Exchange) bool { return e == nil })})
		ex.rec.noteChecked(ex, false)
	}
}

// Precondition notes, inside a Verify body, an earlier request the checked answer depends on:
// the create of the record a duplicate collides with, the logout before an expired token is
// tried. The reproduce line then repeats it first, so pasted after the run (when the run's
// records are gone and its sessions ended) it still gets the answer the check judged. Several
// are repeated in the order given.
func Precondition(exs ...*Exchange) {
	for _, ex := range exs {
		if ex != nil {
			noteSighting(sighting{ex: ex, ok: true, before: true})
		}
	}
}

// created are the records the run created (NoteCreated): when each was made and, once a DELETE
// of it succeeded, removed, counted in exchange numbers.
var created struct {
	mu      sync.Mutex
	records []createdRecord
}

type createdRecord struct {
	path          string
	made, removed uint64 // removed 0: still there (until the run's cleanup)
	// creator is the create's exchange (nil when it is not known); writes are the PUT, PATCH
	// and DELETE requests the run sent to the record's path, in order (reproduce.go).
	creator *Exchange
	writes  []*Exchange
}

// NoteCreated tells the harness that the run created the record at path ("/api/users/5"):
// a curl line about it shows what the check saw only while the record exists, and the run
// removes it by its end, so findings prefer other examples.
func NoteCreated(path string) {
	created.mu.Lock()
	defer created.mu.Unlock()
	r := createdRecord{path: path, made: exchangeSeq.Load()}
	// The create is the process's latest exchange: a POST whose answer shows the record's key.
	if ex := lastExchange.Load(); ex != nil && ex.seq == r.made && ex.Method == http.MethodPost && mentionsKey(ex.RespBody, path) {
		r.creator = ex
	}
	created.records = append(created.records, r)
}

// mentionsKey: the answer carries the last segment of the record's path as a value.
func mentionsKey(body []byte, path string) bool {
	key := path[strings.LastIndexByte(path, '/')+1:]
	if key == "" {
		return false
	}
	if unescaped, err := url.PathUnescape(key); err == nil {
		key = unescaped
	}
	quoted, _ := json.Marshal(key)
	return bytes.Contains(body, quoted) || intPK.MatchString(path) && regexp.MustCompile(`": *`+regexp.QuoteMeta(key)+`\b`).Match(body)
}

// noteRemoved marks the records at path removed as of the exchange ex (a DELETE that succeeded).
func noteRemoved(path string, ex *Exchange) {
	created.mu.Lock()
	defer created.mu.Unlock()
	for i := range created.records {
		if r := &created.records[i]; r.path == path && r.removed == 0 {
			r.removed = ex.seq
		}
	}
}

// ephemeral: the exchange is about a record the run created, made before it and not yet
// removed when it was sent (the record, or anything under it). A request about a record
// already deleted shows the same answer after the run: that one is not ephemeral.
func ephemeral(ex *Exchange) bool {
	u, err := url.Parse(ex.URL)
	if err != nil {
		return false
	}
	created.mu.Lock()
	defer created.mu.Unlock()
	for _, r := range created.records {
		rest, ok := strings.CutPrefix(u.Path, r.path)
		if ok && (rest == "" || rest[0] == '/') && r.made < ex.seq && (r.removed == 0 || ex.seq < r.removed) {
			return true
		}
	}
	return false
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// exchangeSeq numbers exchanges in the process, for Finding.Answers.
var exchangeSeq atomic.Uint64

// answerID is the exchange's identity across the run.
func answerID(ex *Exchange) string {
	return fmt.Sprintf("%d/%d", ginkgo.GinkgoParallelProcess(), ex.seq)
}

// findings turns a failed check into its findings: one per distinct cause among the answers it
// rejected (the first is the failure's own), or one with the plain failure sentence when no
// answer was rejected (a check on a value derived from answers).
func findings(rule Rule, level Level, failure string, all []sighting) []Finding {
	var bad, seen, before []sighting
	for _, s := range all {
		switch {
		case s.before:
			before = append(before, s)
		case !s.ok:
			bad = append(bad, s)
			seen = append(seen, s)
		default:
			seen = append(seen, s)
		}
	}
	out := findingsOf(rule, level, failure, seen, bad)
	for i := range out {
		withPreconditions(&out[i], before)
	}
	return out
}

// withPreconditions writes the finding's reproduce line: its example's request with the
// requests the answer depends on before it (the check's preconditions, the rejected answer's
// own, and what reproduce adds: the records and sessions the line makes again). A line that
// stands alone is not about a record of the run any more, whatever its example was.
func withPreconditions(f *Finding, before []sighting) {
	if f.example == nil {
		return
	}
	given := append(slices.Clone(f.example.dependsOn), f.after...)
	for _, s := range before {
		given = append(given, s.ex)
	}
	line, standalone := reproduce(f.example, given...)
	f.Curl = line
	f.Ephemeral = f.Ephemeral && !standalone
}

func findingsOf(rule Rule, level Level, failure string, seen, bad []sighting) []Finding {
	// Of several answers with one fault, the example is one that outlives the run.
	slices.SortStableFunc(bad, func(a, b sighting) int { return compareBool(ephemeral(a.ex), ephemeral(b.ex)) })
	desc := ""
	if len(bad) > 0 {
		desc = description(failure, bad[len(bad)-1].message)
	}
	if len(bad) == 0 {
		f := Finding{Rule: rule.ID, Level: level, Reason: plain.Reason(failure)}
		f.Cause = f.Reason
		if ex := exampleFor(seen); ex != nil {
			f.Where, f.Answers, f.Ephemeral, f.example = where(ex), []string{answerID(ex)}, ephemeral(ex), ex
		}
		return []Finding{f}
	}
	var out []Finding
	byCause := map[string]int{}
	for _, s := range bad {
		i, known := byCause[s.problem]
		if !known {
			i = len(out)
			byCause[s.problem] = i
			f := Finding{Rule: rule.ID, Level: level, Cause: s.problem, Where: where(s.ex), Ephemeral: ephemeral(s.ex), example: s.ex, after: s.after}
			f.Reason = s.problem + " (" + f.Where + ")"
			if s.want != "" {
				f.Reason = "want " + s.want + ", but " + f.Reason
			}
			if desc != "" {
				f.Reason = desc + ": " + f.Reason
			}
			out = append(out, f)
		}
		if id := answerID(s.ex); !contains(out[i].Answers, id) {
			out[i].Answers = append(out[i].Answers, id)
		}
	}
	switch n := len(out[0].Answers); {
	case n == 2:
		out[0].Reason += ", and 1 more answer"
	case n > 2:
		out[0].Reason += fmt.Sprintf(", and %d more answers", n-1)
	}
	return out
}

// exampleFor is the answer to repeat when no answer was rejected: the last one a matcher looked
// at during the check, else the spec's latest answer that is safe to repeat. Never the
// harness's own cleanup, and never a write the check did not look at: a reproduce line under
// a read check must not delete anything.
func exampleFor(seen []sighting) *Exchange {
	for i := len(seen) - 1; i >= 0; i-- {
		if seen[i].ex != nil {
			return seen[i].ex
		}
	}
	rec := currentRecorder.Load()
	if rec == nil {
		return nil
	}
	if c := rec.lastChecked(); c != nil && !c.Housekeeping && safeMethod(c.Method) {
		return c
	}
	return rec.lastSafe()
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// description is what a check said it was about: the text Gomega puts before the failing
// matcher's message (matcherMessage when a harness matcher failed, else Gomega's "Expected"
// block), "" when there is none.
func description(failure, matcherMessage string) string {
	if matcherMessage != "" {
		if head, found := strings.CutSuffix(strings.TrimSpace(failure), strings.TrimSpace(matcherMessage)); found {
			return strings.Join(strings.Fields(head), " ")
		}
		return ""
	}
	lines := strings.Split(strings.TrimSpace(failure), "\n")
	for i, l := range lines {
		if t := strings.TrimSpace(l); t == "Expected" || strings.HasPrefix(t, "Unexpected error:") {
			return strings.Join(strings.Fields(strings.Join(lines[:i], " ")), " ")
		}
	}
	return ""
}

// where is the request in a few words, secrets redacted: "GET /api/users/5?_limit=2".
func where(ex *Exchange) string {
	u := redactedText(urlPieces(ex.URL))
	if parsed, err := url.Parse(u); err == nil && parsed.Host != "" {
		u = parsed.RequestURI()
		if un, err := url.PathUnescape(u); err == nil {
			u = un
		}
	}
	return Redact(ex.Method + " " + u)
}

// publishFindings leaves the findings on the running spec.
func publishFindings(fs []Finding) {
	for _, f := range fs {
		raw, err := json.Marshal(f)
		if err != nil {
			continue
		}
		ginkgo.AddReportEntry(ReportEntryFinding, Redact(string(raw)), ginkgo.ReportEntryVisibilityNever, ginkgo.Offset(2))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
