package reference_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/mageconform/mageconform/reference"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// The battery: scenarios, each a few requests on a fresh server holding a small fixture, whose
// outcome (normalized answers, then what the owner sees of the data) can be compared between
// servers that emulate different sets of deviations.

// sender is who sends a step.
type sender int

const (
	asOwner  sender = iota // the owner's key and token (nobody's with authentication off)
	asViewer               // a user with the Viewer role, created for the scenario
	asAdmin                // a user with the Admin role (roles_new, no legacy roles)
	asKey                  // the key without a token: the public scope
	asNobody               // neither key nor token
)

// step is one request. Its path and body may name the fixture's ids: {viewer}, {admin},
// {legacy}, {plain}; {key} is the API key.
type step struct {
	who          sender
	method, path string
	body         string
	contentType  string // default application/json when there is a body
	header       map[string]string
	// intended and mage, when set, check the answer in the intended mode and in full
	// mage-0.9.79 mode.
	intended, mage check
}

// check is an expectation on a step's answer; the fixture fills the ids it names.
type check func(f *fixture, res response)

func req(who sender, method, path, body string) step {
	return step{who: who, method: method, path: path, body: body}
}

func (s step) as(contentType string) step { s.contentType = contentType; return s }

func (s step) with(k, v string) step {
	s.header = map[string]string{k: v}
	return s
}

func (s step) expect(intended, mage check) step {
	s.intended, s.mage = intended, mage
	return s
}

// scenario is a named list of steps on a fresh server.
type scenario struct {
	name    string
	authOff bool
	// runs: the fixture adds what run scenarios need (setupRuns).
	runs bool
	// setup, when set, adds to the fixture once its users exist; its answers are not part of
	// the outcome.
	setup func(f *fixture)
	steps []step
}

// battery runs on servers built with a fixed clock, so answers compare byte for byte once
// tokens are masked.
var batteryClock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// fixture is what every scenario starts from.
type fixture struct {
	c      *client
	owner  session
	ids    map[string]int
	logins map[sender]session
}

func newFixture(sc scenario, set compat.Set) *fixture {
	cfg := reference.DefaultConfig()
	cfg.Now = func() time.Time { return batteryClock }
	cfg.RequireUserAuthentication = !sc.authOff
	f := &fixture{c: &client{handler: reference.NewWithSet(cfg, set)}, ids: map[string]int{}, logins: map[sender]session{}}
	if !sc.authOff {
		f.owner = f.c.loginOwner()
	}
	own := f.send(asOwner)
	for _, res := range []response{
		f.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "kept"}), own...),
		f.c.post("/api/pipelines/kept/pipeline_schedules", body("pipeline_schedule", map[string]any{
			"name": "s", "schedule_type": "time", "schedule_interval": "@daily", "settings": map[string]any{}, "variables": map[string]any{},
		}), own...),
		f.c.post("/api/secrets", body("secret", map[string]any{"name": "kept", "value": "v"}), own...),
	} {
		Expect(res.Status).To(Equal(200), "fixture: %s", res.Raw)
		Expect(res.Body).NotTo(HaveKey("error"), "fixture: %s", res.Raw)
	}
	if sc.authOff {
		f.ids["plain"] = f.user("plain@example.com", nil)
	}
	if sc.runs {
		setupRuns(f)
	}
	// Users the steps name are created in this order, so their ids do not depend on the mode.
	var all strings.Builder
	for _, s := range sc.steps {
		all.WriteString(s.path + s.body + fmt.Sprint(s.header))
	}
	for _, u := range []struct {
		name  string
		who   sender
		attrs map[string]any
	}{
		{"viewer", asViewer, map[string]any{"roles_new": []int{4}}},
		{"admin", asAdmin, map[string]any{"roles_new": []int{2}}},
		{"legacy", -1, map[string]any{"roles": 1}},
	} {
		used := strings.Contains(all.String(), "{"+u.name+"}")
		for _, s := range sc.steps {
			used = used || s.who == u.who
		}
		if used {
			f.ids[u.name] = f.user(u.name+"@example.com", u.attrs)
			if u.who >= 0 && !sc.authOff {
				f.logins[u.who] = f.c.login(u.name+"@example.com", "password1")
			}
		}
	}
	if sc.setup != nil {
		sc.setup(f)
	}
	return f
}

func (f *fixture) user(email string, extra map[string]any) int {
	attrs := map[string]any{"email": email, "password": "password1", "password_confirmation": "password1"}
	for k, v := range extra {
		attrs[k] = v
	}
	res := f.c.post("/api/users", map[string]any{"user": attrs}, f.send(asOwner)...)
	u, ok := res.Body["user"].(map[string]any)
	Expect(ok).To(BeTrue(), "fixture user: %s", res.Raw)
	return int(u["id"].(float64))
}

// send returns the options that authenticate as who.
func (f *fixture) send(who sender) []opt {
	switch {
	case who == asNobody:
		return nil
	case who == asKey:
		return []opt{keyHeader(apiKey)}
	case who == asOwner && f.owner.Raw == "":
		return nil // authentication off
	case who == asOwner:
		return []opt{f.owner.as()}
	}
	if s, ok := f.logins[who]; ok {
		return []opt{s.as()}
	}
	return nil // authentication off: everyone is the anonymous owner
}

func (f *fixture) fill(s string) string {
	s = strings.ReplaceAll(s, "{key}", apiKey)
	for name, id := range f.ids {
		s = strings.ReplaceAll(s, "{"+name+"}", itoa(id))
	}
	return s
}

func (f *fixture) run(s step) response {
	opts := f.send(s.who)
	if s.body != "" {
		ct := s.contentType
		if ct == "" {
			ct = "application/json"
		}
		opts = append(opts, header("Content-Type", ct))
	}
	for k, v := range s.header {
		opts = append(opts, header(k, f.fill(v)))
	}
	var b any
	if s.body != "" {
		b = f.fill(s.body)
	}
	return f.c.do(s.method, f.fill(s.path), b, opts...)
}

// outcome runs a scenario and describes it: each answer normalized, then the data.
func outcome(sc scenario, set compat.Set, verify func(*fixture, step, response)) string {
	f := newFixture(sc, set)
	var b strings.Builder
	for i, s := range sc.steps {
		res := f.run(s)
		if verify != nil {
			verify(f, s, res)
		}
		fmt.Fprintf(&b, "step %d: %s\n", i+1, normalize(res))
	}
	b.WriteString(f.data())
	return b.String()
}

// outcomes runs the given scenarios with the given deviations, a few at a time (they are
// independent: each has its own server), and returns their outcomes by name.
func outcomes(set compat.Set, only []scenario) map[string]string {
	out := make(map[string]string, len(scenarios))
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan scenario)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer GinkgoRecover()
			defer wg.Done()
			for sc := range work {
				o := outcome(sc, set, nil)
				mu.Lock()
				out[sc.name] = o
				mu.Unlock()
			}
		}()
	}
	for _, sc := range only {
		work <- sc
	}
	close(work)
	wg.Wait()
	return out
}

// data is what the owner sees of every record's identity (not its presentation).
func (f *fixture) data() string {
	var b strings.Builder
	for _, l := range []struct {
		path, key string
		fields    []string
	}{
		{"/api/users?_limit=1000", "users", []string{"id", "email", "username", "first_name"}},
		{"/api/pipelines", "pipelines", []string{"uuid", "name", "description"}},
		{"/api/pipeline_schedules?_limit=1000", "pipeline_schedules", []string{"id", "name", "status", "schedule_interval"}},
		{"/api/secrets?_limit=1000", "secrets", []string{"id", "name"}},
	} {
		res := f.c.get(l.path, f.send(asOwner)...)
		list, _ := res.Body[l.key].([]any)
		fmt.Fprintf(&b, "%s:", l.key)
		for _, item := range list {
			m, _ := item.(map[string]any)
			for _, k := range l.fields {
				fmt.Fprintf(&b, " %v", m[k])
			}
			b.WriteString(";")
		}
		b.WriteString("\n")
	}
	return b.String()
}

var (
	jwtShape   = regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`)
	rawShape   = regexp.MustCompile(`^[\w-]{43}$`)
	tokenShape = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// normalize is an answer with what varies between runs masked, and texts left out: the
// deviations promise codes, types, shapes and data, not messages.
func normalize(res response) string {
	head := fmt.Sprintf("HTTP %d ct=%q", res.Status, res.Header.Get("Content-Type"))
	if len(res.Raw) == 0 {
		return head + " <empty>"
	}
	var v any
	if err := json.Unmarshal(res.Raw, &v); err != nil {
		return head + " <not JSON>"
	}
	out, _ := json.Marshal(mask(v, ""))
	return head + " " + string(out)
}

func mask(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			switch k {
			case "message", "exception", "project_uuid", "server_process_id":
				out[k] = "<text>"
			case "errors":
				if x["code"] == 500.0 {
					out[k] = "<text>"
				} else {
					out[k] = mask(val, k)
				}
			default:
				out[k] = mask(val, k)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = mask(val, key)
		}
		return out
	case string:
		switch {
		case jwtShape.MatchString(x):
			return "<jwt>"
		case rawShape.MatchString(x) && key == "token":
			return "<raw>"
		case tokenShape.MatchString(x) && key == "token":
			return "<token>"
		}
	}
	return v
}

// Expectations for a step's answer.

func isFault(urlParameters map[string]any) check {
	return func(f *fixture, res response) {
		GinkgoHelper()
		want := map[string]any{}
		for k, v := range urlParameters {
			want[k] = f.fill(v.(string))
		}
		Expect(res.Status).To(Equal(http.StatusOK), "body %s", res.Raw)
		Expect(res.Body).To(HaveLen(2), "body %s", res.Raw)
		Expect(res.Body).To(HaveKeyWithValue("url_parameters", want))
		e, ok := res.Body["error"].(map[string]any)
		Expect(ok).To(BeTrue(), "body %s", res.Raw)
		Expect(e).To(HaveKeyWithValue("code", BeNumerically("==", 500)))
		Expect(e).To(HaveKeyWithValue("exception", BeAssignableToTypeOf("")))
		Expect(e).To(HaveKeyWithValue("message", BeAssignableToTypeOf("")))
		Expect(e).To(HaveKeyWithValue("errors", HaveLen(1)))
		Expect(e).To(HaveLen(4), "no type in %s", res.Raw)
		Expect(string(res.Raw)).NotTo(ContainSubstring("goroutine"), "never a stack trace")
	}
}

func isFailure(code int, typ string) check {
	return func(_ *fixture, res response) { GinkgoHelper(); expectFailure(res, code, typ) }
}

func isAuthFailure(typ string) check {
	return func(_ *fixture, res response) { GinkgoHelper(); expectAuthFailure(res, typ) }
}

func isSuccess(key string) check {
	return func(_ *fixture, res response) { GinkgoHelper(); expectSuccess(res, key) }
}

// url is the url_parameters of a fault.
func url(kv ...string) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// absent, as a value hasValues wants, is a key the object does not have; positive is a
// number above 0.
var (
	absent   = new(struct{})
	positive = BeNumerically(">", 0)
)

// hasValues is a success whose object at path (a key, or key.key, of the body; a list at the
// end means each of its items) has the given values: nil is null, absent no such key, a
// Gomega matcher what it matches, anything else what it equals.
func hasValues(path string, want map[string]any) check {
	return func(_ *fixture, res response) {
		GinkgoHelper()
		keys := strings.Split(path, ".")
		expectSuccess(res, keys[0])
		var at any = res.Body
		for _, k := range keys {
			m, ok := at.(map[string]any)
			Expect(ok).To(BeTrue(), "%s in %s", path, res.Raw)
			at = m[k]
		}
		items, isList := at.([]any)
		if !isList {
			items = []any{at}
		}
		Expect(items).NotTo(BeEmpty(), "%s in %s", path, res.Raw)
		for _, item := range items {
			obj, ok := item.(map[string]any)
			Expect(ok).To(BeTrue(), "%s in %s", path, res.Raw)
			for k, v := range want {
				switch m := v.(type) {
				case types.GomegaMatcher:
					Expect(obj).To(HaveKeyWithValue(k, m), "%s in %s", path, res.Raw)
				default:
					if v == absent {
						Expect(obj).NotTo(HaveKey(k), "%s in %s", path, res.Raw)
					} else if v == nil {
						Expect(obj).To(HaveKeyWithValue(k, BeNil()), "%s in %s", path, res.Raw)
					} else {
						Expect(obj).To(HaveKeyWithValue(k, v), "%s in %s", path, res.Raw)
					}
				}
			}
		}
	}
}
