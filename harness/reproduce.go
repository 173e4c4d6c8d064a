package harness

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Reproduce lines that stand alone. A reproduce line repeats the request a check judged, with
// the requests its answer depends on in front of it, so that pasted after the run (when the
// run's records are gone and its sessions ended) it gets the answer the check judged:
//
//   - a record the run created is created again by the line, and an int id the target gives it
//     is captured into a shell variable (ID=$(curl ... | grep ... )) that the later requests
//     use, with the writes the run made to that record before the judged request (an update,
//     the delete before a detail of a deleted record): only ever of the record the line itself
//     created;
//   - a session the line cannot get from `mageconform token` (one the spec logged in itself:
//     $TOKEN_2, a new user's session) is logged in by the line, its JWT and token captured into
//     the variables the later requests name, and the logouts the run made of it are repeated,
//     so the line never logs out the session `mageconform token` gave;
//   - a credential an answer showed (an API trigger token, CredentialAttribute) is read from
//     the answer of the create that showed it, which the line repeats: the record made again
//     has a new one. A create whose answer gives both an id and a credential is kept in a
//     shell variable (ANSWER=$(curl ...)) and each value read from it.
//
// Nothing secret is written in clear: the captured values exist only in the shell.

// lastExchange is the latest exchange of the process, so NoteCreated knows which create made
// the record it is told about (specs of one process run one at a time).
var lastExchange atomic.Pointer[Exchange]

// noteExchange numbers an exchange (if no recorder did) and makes it the latest.
func noteExchange(ex *Exchange) {
	if ex.seq == 0 {
		ex.seq = exchangeSeq.Add(1)
	}
	lastExchange.Store(ex)
}

// loginRecord is a session the run logged in: the login's exchange and the logouts of it.
type loginRecord struct {
	ex      *Exchange
	session *Session
	logouts []*Exchange
}

var logins struct {
	mu    sync.Mutex
	byTok map[string]*loginRecord // by T
}

// noteLogin remembers the login that made s.
func noteLogin(s *Session, ex *Exchange) {
	if s == nil || ex == nil || s.Token == "" {
		return
	}
	logins.mu.Lock()
	defer logins.mu.Unlock()
	if logins.byTok == nil {
		logins.byTok = map[string]*loginRecord{}
	}
	logins.byTok[s.Token] = &loginRecord{ex: ex, session: s}
}

// noteLogout remembers a logout request sent with s's token.
func noteLogout(s *Session, ex *Exchange) {
	if s == nil {
		return
	}
	logins.mu.Lock()
	defer logins.mu.Unlock()
	if lr := logins.byTok[s.Token]; lr != nil {
		lr.logouts = append(lr.logouts, ex)
	}
}

func loginOf(s *Session) *loginRecord {
	if s == nil {
		return nil
	}
	logins.mu.Lock()
	defer logins.mu.Unlock()
	return logins.byTok[s.Token]
}

// isLogout: PUT /api/sessions/<pk> ends the caller's session (Client.Logout).
func isLogout(method, path string) bool {
	return method == http.MethodPut && strings.HasPrefix(path, "/api/sessions/")
}

// isWrite: a request that may change the record at its path.
func isWrite(method string) bool {
	return method == http.MethodPut || method == http.MethodPatch || method == http.MethodDelete
}

// noteWrite remembers a write to the record at path (the latest one the run created there).
func noteWrite(path string, ex *Exchange) {
	created.mu.Lock()
	defer created.mu.Unlock()
	for i := len(created.records) - 1; i >= 0; i-- {
		if r := &created.records[i]; r.path == path && r.made < ex.seq {
			r.writes = append(r.writes, ex)
			return
		}
	}
}

// recordAbout is the record the run created that the exchange is about (its path, or one
// under it; the longest and latest made before the exchange), nil if none.
func recordAbout(ex *Exchange) *createdRecord {
	path := requestPath(ex.URL)
	if path == "" {
		return nil
	}
	created.mu.Lock()
	defer created.mu.Unlock()
	var best *createdRecord
	for i := range created.records {
		r := &created.records[i]
		rest, ok := strings.CutPrefix(path, r.path)
		if !ok || rest != "" && rest[0] != '/' || r.made >= ex.seq {
			continue
		}
		if best == nil || len(r.path) > len(best.path) || len(r.path) == len(best.path) && r.made > best.made {
			best = r
		}
	}
	return best
}

// recordAt is the latest record the run created at exactly path before seq, nil if none.
func recordAt(path string, seq uint64) *createdRecord {
	created.mu.Lock()
	defer created.mu.Unlock()
	for i := len(created.records) - 1; i >= 0; i-- {
		if r := &created.records[i]; r.path == path && r.made < seq {
			return r
		}
	}
	return nil
}

// requestPath is the path of a URL as sent ("/api/users/5"), "" if it has none.
func requestPath(rawURL string) string {
	base, _, _ := strings.Cut(rawURL, "?")
	i := strings.Index(base, "://")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(base[i+3:], '/')
	if j < 0 {
		return ""
	}
	return base[i+3+j:]
}

// numberedSession: a session variable `mageconform token` cannot give back as it was
// ($TOKEN_2 is "another owner session" there, yet it may be a new user's).
var numberedSession = regexp.MustCompile(`^(?:TOKEN|JWT)_\d+$`)

// chain is a reproduce line being built: the judged request and every request it depends on.
type chain struct {
	final    *Exchange
	steps    []*Exchange
	records  []*createdRecord // created again by the line
	sessions []*loginRecord   // logged in by the line
	broken   bool             // a dependency the line cannot bring about: it needs the run's state
}

func (c *chain) add(ex *Exchange) {
	if ex != nil && !slices.Contains(c.steps, ex) {
		c.steps = append(c.steps, ex)
	}
}

// needRecord makes the line create r again, with the writes the run made to it before the
// judged request.
func (c *chain) needRecord(r *createdRecord) {
	if r == nil || slices.Contains(c.records, r) {
		return
	}
	if r.creator == nil {
		c.broken = true
		return
	}
	c.records = append(c.records, r)
	c.add(r.creator)
	for _, w := range r.writes {
		if w.seq > r.creator.seq && w.seq < c.final.seq {
			c.add(w)
		}
	}
}

// needSession makes the line log s in itself when `mageconform token` cannot give it, or when
// the run logged it out before the judged request (the line logs it out too).
func (c *chain) needSession(s *Session, before uint64) {
	lr := loginOf(s)
	name := secretName(s.Token)
	loggedOut := false
	if lr != nil {
		for _, o := range lr.logouts {
			loggedOut = loggedOut || o.seq < c.final.seq && o != c.final
		}
	}
	if s.Role != "" || !numberedSession.MatchString(name) && !loggedOut {
		return // `mageconform token` gives it (the owner's, a role's)
	}
	if lr == nil || lr.ex.seq >= before {
		c.broken = true // no login of it that the line could repeat
		return
	}
	if slices.Contains(c.sessions, lr) {
		return
	}
	if _, _, ok := tokenCapture(lr); !ok || secretName(s.JWT) == "" || name == "" {
		c.broken = true // the line could not read the session back, or name it
		return
	}
	c.sessions = append(c.sessions, lr)
	c.add(lr.ex)
	for _, o := range lr.logouts {
		if o.seq < c.final.seq {
			c.add(o)
		}
	}
	if s.UserID != 0 {
		c.needRecord(recordAt(fmt.Sprintf("/api/users/%d", s.UserID), lr.ex.seq))
	}
}

// needCredential makes the line create again the record whose create showed the credential,
// and read the new one from its answer.
func (c *chain) needCredential(cred shownCredential, before uint64) {
	r := recordShowing(cred.value, before)
	if r == nil {
		c.broken = true // learnt from a list or detail only: no create the line could repeat
		return
	}
	if _, ok := credentialCapture(r.creator, cred); !ok {
		c.broken = true
		return
	}
	c.needRecord(r)
}

// recordShowing is the first record the run created before seq whose create's answer showed
// the credential value, nil if none: the one it belongs to, since a record that repeats it (a
// run under its schedule) is made after.
func recordShowing(value string, seq uint64) *createdRecord {
	created.mu.Lock()
	defer created.mu.Unlock()
	for i := range created.records {
		r := &created.records[i]
		if r.creator == nil || r.creator.seq >= seq {
			continue
		}
		for _, cred := range r.creator.credentials {
			if cred.value == value {
				return r
			}
		}
	}
	return nil
}

// reproduce is the reproduce line of the judged exchange, with the requests given as its
// preconditions (in any order), and whether it stands alone: every record and session it
// depends on is brought about by the line itself.
func reproduce(final *Exchange, given ...*Exchange) (line string, standalone bool) {
	if final == nil {
		return "", false
	}
	c := &chain{final: final}
	for _, ex := range given {
		c.add(ex)
	}
	c.add(final)
	for i := 0; i < len(c.steps); i++ {
		ex := c.steps[i]
		if r := recordAbout(ex); r != nil && r.creator != ex {
			c.needRecord(r)
		}
		for _, s := range ex.sessions {
			c.needSession(s, ex.seq)
		}
		for _, cred := range credentialsSent(ex) {
			c.needCredential(cred, ex.seq)
		}
	}
	return c.render(), !c.broken
}

// render writes the steps in the order the run sent them, joined by "; ".
func (c *chain) render() string {
	steps := slices.Clone(c.steps)
	slices.SortStableFunc(steps, func(a, b *Exchange) int { return compareSeq(a.seq, b.seq) })
	records := slices.Clone(c.records)
	slices.SortFunc(records, func(a, b *createdRecord) int { return compareSeq(a.creator.seq, b.creator.seq) })
	ids := map[*createdRecord]string{}
	var vars []idVar
	for _, r := range records {
		key, k, ok := idCapture(r)
		if !ok {
			continue
		}
		name := "ID"
		if n := len(ids); n > 0 {
			name = fmt.Sprintf("ID_%d", n+1)
		}
		ids[r] = name
		vars = append(vars, idVar{path: r.path, name: name, key: key, k: k, after: r.creator.seq})
	}
	answers := 0
	var out []string
	for _, ex := range steps {
		var subst []idVar
		for _, v := range vars {
			if v.after < ex.seq {
				subst = append(subst, v)
			}
		}
		if reads := captures(ex, vars, records, ids, steps); len(reads) > 0 {
			out = append(out, captureAnswer(curlWith(ex, subst, false), reads, &answers)...)
			continue
		}
		if lr := loginIn(c.sessions, ex); lr != nil {
			k, _, _ := tokenCapture(lr)
			jwt, token := secretName(lr.session.JWT), secretName(lr.session.Token)
			out = append(out,
				fmt.Sprintf(`%s=$(%s | %s)`, jwt, curlWith(ex, subst, false), stringAt("token", k)),
				fmt.Sprintf(`%s=$(printf %%s "$%s" | cut -d. -f2 | tr '_-' '/+' | awk '{while(length($0)%%4)$0=$0"=";print}' | base64 -d | %s)`, token, jwt, stringAt("token", 1)))
			continue
		}
		out = append(out, curlWith(ex, subst, true))
	}
	return strings.Join(out, "; ")
}

// shellRead is a value a line reads from an answer into a shell variable: name=$(... | pipe).
type shellRead struct{ name, pipe string }

// captures are the values the line reads from the answer of ex, when ex is the create of a
// record the line makes again: its int id, and each credential the answer showed that a later
// step sends.
func captures(ex *Exchange, vars []idVar, records []*createdRecord, ids map[*createdRecord]string, steps []*Exchange) []shellRead {
	var reads []shellRead
	if v, ok := capturedBy(vars, records, ids, ex); ok {
		reads = append(reads, shellRead{v.name, intAt(v.key, v.k)})
	}
	if !slices.ContainsFunc(records, func(r *createdRecord) bool { return r.creator == ex }) {
		return reads
	}
	for _, cred := range ex.credentials {
		k, ok := credentialCapture(ex, cred)
		sent := slices.ContainsFunc(steps, func(s *Exchange) bool { return s.seq > ex.seq && carries(s, cred.value) })
		if ok && sent && !slices.ContainsFunc(reads, func(r shellRead) bool { return r.name == secretName(cred.value) }) {
			reads = append(reads, shellRead{secretName(cred.value), stringAt(cred.attribute, k)})
		}
	}
	return reads
}

// captureAnswer reads the values from the answer of the curl command: straight from it when
// there is one, else from the answer kept in a shell variable (ANSWER, ANSWER_2, ...).
func captureAnswer(curl string, reads []shellRead, answers *int) []string {
	if len(reads) == 1 {
		return []string{fmt.Sprintf(`%s=$(%s | %s)`, reads[0].name, curl, reads[0].pipe)}
	}
	*answers++
	answer := "ANSWER"
	if *answers > 1 {
		answer = fmt.Sprintf("ANSWER_%d", *answers)
	}
	out := []string{fmt.Sprintf(`%s=$(%s)`, answer, curl)}
	for _, r := range reads {
		out = append(out, fmt.Sprintf(`%s=$(printf %%s "$%s" | %s)`, r.name, answer, r.pipe))
	}
	return out
}

// intAt is the shell pipe that reads the k-th `"key": <digits>` of a JSON answer.
func intAt(key string, k int) string {
	return fmt.Sprintf(`grep -o '"%s": *[0-9][0-9]*' | sed -n %dp | tr -dc 0-9`, key, k)
}

// stringAt is the shell pipe that reads the k-th `"key": "<text>"` of a JSON answer.
func stringAt(key string, k int) string {
	return fmt.Sprintf(`grep -o '"%s": *"[^"]*"' | sed -n %dp | cut -d'"' -f4`, key, k)
}

// idVar is a record's int id captured from its create into a shell variable.
type idVar struct {
	path, name, key string
	k               int    // the id is the k-th "key": <int> of the create's answer
	after           uint64 // the create's exchange number
}

func capturedBy(vars []idVar, records []*createdRecord, ids map[*createdRecord]string, ex *Exchange) (idVar, bool) {
	for _, r := range records {
		if r.creator == ex && ids[r] != "" {
			for _, v := range vars {
				if v.name == ids[r] {
					return v, true
				}
			}
		}
	}
	return idVar{}, false
}

func loginIn(sessions []*loginRecord, ex *Exchange) *loginRecord {
	for _, lr := range sessions {
		if lr.ex == ex {
			return lr
		}
	}
	return nil
}

// intPK is a record path ending in an int id.
var intPK = regexp.MustCompile(`/([0-9]+)$`)

// idCapture says how to read the record's int id from its create's answer: the k-th match of
// `"key": <digits>`, key "id" when it holds the id, else the first key that does.
func idCapture(r *createdRecord) (key string, k int, ok bool) {
	m := intPK.FindStringSubmatch(r.path)
	if m == nil || r.creator == nil {
		return "", 0, false
	}
	body := string(r.creator.RespBody)
	pairs := regexp.MustCompile(`"([A-Za-z_][A-Za-z0-9_]*)": *([0-9]+)`).FindAllStringSubmatch(body, -1)
	for _, want := range []string{"id", ""} {
		for _, p := range pairs {
			if p[2] != m[1] || want != "" && p[1] != want {
				continue
			}
			same := regexp.MustCompile(`"`+regexp.QuoteMeta(p[1])+`": *([0-9]+)`).FindAllStringSubmatch(body, -1)
			for i, s := range same {
				if s[1] == m[1] {
					return p[1], i + 1, true
				}
			}
		}
	}
	return "", 0, false
}

// plainKey is a JSON key a shell pipe can name without quoting.
var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// credentialCapture says how the line reads the credential back from the answer of the create
// that showed it: it is the k-th `"attribute": "..."` there.
func credentialCapture(creator *Exchange, cred shownCredential) (k int, ok bool) {
	if !plainKey.MatchString(cred.attribute) {
		return 0, false
	}
	matches := regexp.MustCompile(`"`+cred.attribute+`": *"([^"]*)"`).FindAllStringSubmatch(string(creator.RespBody), -1)
	for i, m := range matches {
		if m[1] == cred.value {
			return i + 1, true
		}
	}
	return 0, false
}

// tokenCapture says how the line reads the session back from its login's answer: J is the
// k-th `"token": "..."`, and T the first one in J's decoded payload (checked here, so the
// shell's decoding gets the same value).
func tokenCapture(lr *loginRecord) (k int, jwt string, ok bool) {
	s := lr.session
	matches := regexp.MustCompile(`"token": *"([^"]*)"`).FindAllStringSubmatch(string(lr.ex.RespBody), -1)
	for i, m := range matches {
		if m[1] != s.JWT {
			continue
		}
		parts := strings.Split(s.JWT, ".")
		if len(parts) != 3 {
			return 0, "", false
		}
		payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
		if err != nil {
			return 0, "", false
		}
		inner := regexp.MustCompile(`"token": *"([^"]*)"`).FindStringSubmatch(string(payload))
		if inner == nil || inner[1] != s.Token {
			return 0, "", false
		}
		return i + 1, s.JWT, true
	}
	return 0, "", false
}

func compareSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
