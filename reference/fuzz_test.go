package reference_test

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference"
)

// The fuzz targets send what a fuzzer makes of one part of a request (the JSON body, the
// query, the path, the credentials, the cookie, the JWT) through Go's own HTTP server to the
// reference, in both modes, and check every answer:
//   - nothing panics: a recovered panic would show as E(500, server_error), or in Mage mode
//     as the code-500 body of an unexpected exception; neither may ever be answered;
//   - an answer the handler gives is JSON with Content-Type application/json: a success body, the
//     error envelope, or (Mage mode only) Mage's code-500 body; 204 and 405 are empty; what
//     never reached the handler is Go's own plain-text refusal;
//   - every answer decodes, and nests at most 64 levels;
//   - a refused request, and any GET, leaves the data exactly as it was (store.Dump).
//
// Strings may name the current server's secrets: {K} is the API key, {T} the owner's raw
// token, {J} its session JWT. The seeds are the documented examples (README, spec), the cases
// of issue 12 and, under testdata/fuzz, what fuzzing found.

// fuzzServer is a reference behind a real http.Server, reached through in-memory pipes.
type fuzzServer struct {
	h        http.Handler
	srv      *http.Server
	conns    chan net.Conn
	handled  bool // the last request reached the handler
	jwt, raw string
}

var (
	fuzzMu      sync.Mutex
	fuzzServers = map[reference.Compat]*fuzzServer{}
)

// fuzzTarget returns the process's server for the mode, fresh after a request that may have
// cost it its owner's session.
func fuzzTarget(t *testing.T, mode reference.Compat) *fuzzServer {
	fuzzMu.Lock()
	defer fuzzMu.Unlock()
	if s := fuzzServers[mode]; s != nil {
		return s
	}
	log.SetOutput(io.Discard) // a recovered panic is logged; the answer shows it anyway
	cfg := reference.DefaultConfig()
	cfg.Compat = mode
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cfg.Now = func() time.Time { return now }
	s := &fuzzServer{h: reference.New(cfg), conns: make(chan net.Conn)}
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.handled = true
			s.h.ServeHTTP(w, r)
		}),
		ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, MaxHeaderBytes: 64 << 10,
		DisableGeneralOptionsHandler: true, ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() { _ = s.srv.Serve(&pipeListener{conns: s.conns, closed: make(chan struct{})}) }()
	// Data for the requests to find: a pipeline with a schedule, a secret, a viewer (user 2).
	for _, step := range []struct{ method, path, body string }{
		{"POST", "/api/pipelines", `{"pipeline": {"name": "kept"}}`},
		{"POST", "/api/pipelines/kept/pipeline_schedules", `{"pipeline_schedule": {"name": "s", "schedule_interval": "@daily"}}`},
		{"POST", "/api/secrets", `{"secret": {"name": "kept", "value": "v"}}`},
		{"POST", "/api/pipelines/kept/blocks", `{"block": {"name": "load", "type": "data_loader"}}`},
		{"POST", "/api/pipelines/kept/blocks", `{"block": {"name": "leaf", "type": "custom", "upstream_blocks": ["load"]}}`},
		{"POST", "/api/pipelines/kept/variables", `{"variable": {"name": "env", "value": "prod"}}`},
		{"POST", "/api/pipelines/kept/backfills", `{"backfill": {"name": "bf", "start_datetime": "2026-01-01", "end_datetime": "2026-01-03", "interval_type": "day", "interval_units": 1}}`},
		{"POST", "/api/users", `{"user": {"email": "viewer@example.com", "password": "password1", "password_confirmation": "password1", "roles_new": [4]}}`},
	} {
		if s.jwt == "" {
			s.login(t)
		}
		res, body := s.roundTrip(t, []byte(fmt.Sprintf("%s %s HTTP/1.1\r\nHost: reference\r\nX-API-KEY: %s\r\nOAUTH-TOKEN: %s\r\nContent-Length: %d\r\n\r\n%s",
			step.method, step.path, apiKey, s.raw, len(step.body), step.body)))
		if res.StatusCode != 200 || bytes.Contains(body, []byte(`"error"`)) {
			t.Fatalf("fuzz fixture %s %s: %d %s", step.method, step.path, res.StatusCode, body)
		}
	}
	fuzzServers[mode] = s
	return s
}

func (s *fuzzServer) login(t *testing.T) {
	login := `{"session": {"email": "admin@admin.com", "password": "admin"}}`
	res, body := s.roundTrip(t, []byte(fmt.Sprintf("POST /api/sessions HTTP/1.1\r\nHost: reference\r\nX-API-KEY: %s\r\nContent-Length: %d\r\n\r\n%s", apiKey, len(login), login)))
	var answer struct {
		Session struct {
			Token string `json:"token"`
		} `json:"session"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || res.StatusCode != 200 {
		t.Fatalf("fuzz login: %d %s", res.StatusCode, body)
	}
	s.jwt = answer.Session.Token
	parts := strings.Split(s.jwt, ".")
	claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var payload struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(claims, &payload); err != nil || len(parts) != 3 {
		t.Fatalf("fuzz login: JWT %q", s.jwt)
	}
	s.raw = payload.Token
}

// forget drops the mode's server, so the next input gets a fresh one.
func forget(mode reference.Compat) {
	fuzzMu.Lock()
	defer fuzzMu.Unlock()
	if s := fuzzServers[mode]; s != nil {
		_ = s.srv.Close()
	}
	delete(fuzzServers, mode)
}

// fill puts the server's secrets into a fuzzed string.
func (s *fuzzServer) fill(v string) string {
	return strings.NewReplacer("{K}", apiKey, "{T}", s.raw, "{J}", s.jwt).Replace(v)
}

// roundTrip writes raw on a new connection and reads the one answer; the connection closes
// after it.
func (s *fuzzServer) roundTrip(t *testing.T, raw []byte) (*http.Response, []byte) {
	client, server := net.Pipe()
	defer client.Close()
	_ = client.SetDeadline(time.Now().Add(10 * time.Second))
	s.handled = false
	s.conns <- server
	go func() { _, _ = client.Write(raw) }()
	method, _, _ := strings.Cut(string(raw), " ")
	res, err := http.ReadResponse(bufio.NewReader(client), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("no answer to %q: %v", raw, err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("answer to %q cut off: %v", raw, err)
		}
	}
	return res, body
}

// pipeListener hands the server the pipes roundTrip makes.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}
func (l *pipeListener) Close() error   { l.once.Do(func() { close(l.closed) }); return nil }
func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// fuzzRequest is a request built from fuzzed parts; a part holding CR or LF is skipped, since
// it would be another request (and clients cannot send one).
type fuzzRequest struct {
	method, target string
	headers        []string // "Name: value"
	body           []byte
}

func (r fuzzRequest) bytes(s *fuzzServer) ([]byte, bool) {
	var b bytes.Buffer
	parts := append([]string{r.method, r.target}, r.headers...)
	for _, p := range parts {
		if strings.ContainsAny(p, "\r\n") {
			return nil, false
		}
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: reference\r\nConnection: close\r\n", s.fill(r.method), s.fill(r.target))
	for _, h := range r.headers {
		b.WriteString(s.fill(h) + "\r\n")
	}
	body := []byte(s.fill(string(r.body)))
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	return b.Bytes(), true
}

// send runs one fuzzed request against the mode's server and checks the invariants.
func send(t *testing.T, mode reference.Compat, r fuzzRequest) {
	s := fuzzTarget(t, mode)
	raw, ok := r.bytes(s)
	if !ok {
		t.Skip("a part holds a line break")
	}
	before := reference.EnvOf(s.h).Store.Dump()
	res, body := s.roundTrip(t, raw)
	changesAllowed := checkAnswer(t, mode, s, raw, res, body)
	if after := reference.EnvOf(s.h).Store.Dump(); !changesAllowed && after != before {
		t.Fatalf("%q was refused (or only read) and changed the data:\nanswer %d %s", raw, res.StatusCode, body)
	}
	if changesAllowed && r.method != "GET" && (strings.Contains(r.target, "users") || strings.Contains(r.target, "sessions")) {
		forget(mode) // the owner's session or account may be gone
	}
}

// checkAnswer checks one answer and says whether it may have changed data: only a success
// of a method other than GET may.
func checkAnswer(t *testing.T, mode reference.Compat, s *fuzzServer, raw []byte, res *http.Response, body []byte) bool {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%q: %d %s\n"+format, append([]any{raw, res.StatusCode, body}, args...)...)
	}
	if !s.handled {
		// Go's server refused the request before the reference saw it (README: what Go refuses).
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") || res.StatusCode < 400 {
			fail("an answer that did not come from the handler is Go's plain-text refusal")
		}
		return false
	}
	method := strings.SplitN(string(raw), " ", 2)[0]
	switch res.StatusCode {
	case 204:
		if method != "OPTIONS" || len(body) > 0 {
			fail("204 is for OPTIONS, empty")
		}
		return false
	case 405:
		if len(body) > 0 {
			fail("405 is empty")
		}
		return false
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		fail("Content-Type %q", ct)
	}
	var v map[string]any
	if method == "HEAD" {
		return false // no body to check; Go drops it
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&v); err != nil || dec.More() {
		fail("the answer is one JSON object: %v", err)
	}
	if d := depthOf(v); d > 64 {
		fail("the answer nests %d levels", d)
	}
	errObj, isError := v["error"].(map[string]any)
	switch {
	case !isError:
		if _, ok := v["metadata"]; !ok || len(v) != 2 || res.StatusCode != 200 {
			fail("a success is HTTP 200 and {<key>, metadata}")
		}
		return method != "GET"
	case v["url_parameters"] != nil:
		if mode != reference.CompatMage0979 || len(v) != 2 || errObj["code"] != 500.0 || len(errObj) != 4 || res.StatusCode != 200 {
			fail("Mage's code-500 body, in Mage mode only")
		}
		if errObj["exception"] == "The server could not complete the request." {
			fail("a panic or an unexpected error inside the reference")
		}
	default:
		code, _ := errObj["code"].(float64)
		typ, _ := errObj["type"].(string)
		if len(v) != 2 || v["status"] == nil || errObj["message"] == nil || typ == "" || code == 0 {
			fail("the error envelope")
		}
		if typ == "server_error" {
			fail("a panic or an unexpected error inside the reference")
		}
		if res.StatusCode != 200 && res.StatusCode != int(code) {
			fail("HTTP %d for error code %v", res.StatusCode, code)
		}
	}
	return false
}

var fuzzModes = reference.Compats()

func fuzzMode(m uint8) reference.Compat { return fuzzModes[int(m)%len(fuzzModes)] }

// owner's credentials as headers.
var ownerHeaders = []string{"X-API-KEY: {K}", "OAUTH-TOKEN: {T}"}

// bodyRoutes are where a JSON body is read.
var bodyRoutes = []struct{ method, target string }{
	{"POST", "/api/pipelines"}, {"PUT", "/api/pipelines/kept"}, {"POST", "/api/pipelines/kept/pipeline_schedules"},
	{"PUT", "/api/pipeline_schedules/1"}, {"POST", "/api/secrets"}, {"PUT", "/api/secrets/kept"}, {"POST", "/api/users"},
	{"PUT", "/api/users/2"}, {"PUT", "/api/users/1"}, {"POST", "/api/sessions"}, {"PUT", "/api/sessions/1"},
	{"DELETE", "/api/secrets/kept"}, {"GET", "/api/secrets"}, {"POST", "/api/statuses"},
	{"POST", "/api/pipelines/kept/blocks"}, {"PUT", "/api/pipelines/kept/blocks/leaf"}, {"DELETE", "/api/pipelines/kept/blocks/load"},
	{"POST", "/api/pipelines/kept/variables"}, {"PUT", "/api/pipelines/kept/variables/env"},
	{"POST", "/api/pipelines/kept/backfills"}, {"PUT", "/api/backfills/1"}, {"POST", "/api/oauth_access_tokens"},
}

func FuzzJSONBody(f *testing.F) {
	for _, seed := range []string{
		`{"session": {"email": "admin@admin.com", "password": "admin"}}`,
		`{"api_key": "{K}", "pipeline": {"name": "my pipe"}}`,
		`{"api_key": "{K}", "pipeline": {}}`,
		`{"pipeline_schedule": {"name": "daily", "schedule_interval": "@daily"}}`,
		`{"secret": {"name": "s", "value": "v"}}`,
		`{"user": {"email": "a@b.io", "password": "password1", "password_confirmation": "password1", "roles_new": [3]}}`,
		`{"user": {"owner": false, "roles_new": [4]}}`,
		`{"pipeline": {"variables": {"v": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}}}`,
		`{"secret": {"name": "..", "value": "v"}}`, `{"secret": {"name": "s\u0000", "value": "v"}}`,
		"{\"secret\": {\"name\": \"s\xff\", \"value\": \"v\"}}", `{"secret": {"name": "\ud800", "value": "v"}}`,
		`{"pipeline": [1]}`, `[]`, `null`, `{`, ``, `{"pipeline": {"name": "x", "colour": "red"}}`,
		`{"block": {"name": "load", "type": "transformer", "upstream_blocks": ["leaf", "ghost"], "downstream_blocks": ["load"]}}`,
		`{"block": {"name": "$$", "type": "nosuchtype", "language": "cobol"}}`, `{"block": {"name": "leaf 2", "content": "x"}}`,
		`{"variable": {"name": "env", "value": {"a": [1, 2]}}}`, `{"variable": {"name": "1bad", "value": null}}`, `{"variable": {"value": 1}}`,
		`{"backfill": {"start_datetime": "soon", "interval_type": "fortnight", "interval_units": "abc"}}`,
		`{"backfill": {"status": "initial"}}`, `{"backfill": {"status": "cancelled", "interval_units": 0}}`,
	} {
		for route := range bodyRoutes {
			f.Add(uint8(route%2), uint8(route), []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, mode, route uint8, body []byte) {
		r := bodyRoutes[int(route)%len(bodyRoutes)]
		headers := append([]string{"Content-Type: application/json"}, ownerHeaders...)
		if route >= 128 { // the key in the body, as the documentation's POSTs send it
			headers = []string{"Content-Type: application/x-www-form-urlencoded", "OAUTH-TOKEN: {T}"}
		}
		send(t, fuzzMode(mode), fuzzRequest{method: r.method, target: r.target, headers: headers, body: body})
	})
}

var queryRoutes = []string{"/api/pipelines", "/api/users", "/api/pipeline_schedules", "/api/secrets",
	"/api/pipelines/kept/pipeline_schedules", "/api/pipelines/kept", "/api/users/1", "/api/roles", "/api/status",
	"/api/pipeline_runs", "/api/block_runs", "/api/pipeline_schedules/1/pipeline_runs", "/api/pipeline_runs/1/block_runs",
	"/api/pipelines/kept/blocks", "/api/pipelines/kept/blocks/load", "/api/pipelines/kept/variables", "/api/projects",
	"/api/backfills", "/api/backfills/1", "/api/pipelines/kept/logs", "/api/oauth_access_tokens"}

func FuzzQuery(f *testing.F) {
	for _, seed := range []string{"", "api_key={K}", "_http_error_codes=1", "_limit=40&_offset=1", "_limit=abc",
		"_order_by[]=name", "_order_by[]=colour", "search=ke&type[]=python&tag[]=x&status[]=active", "_format=with_schedules",
		"include_schedules=1", "a=%zz;b", "x=../etc", `x=..\y`, "_limit=1&_limit=2", "_limit=-1", "api_key={K}&api_key=wrong",
		"status[]=initial,running&order_by[]=id%20asc", "order_by[]=colour", "pipeline_run_id=x&order_by=id%20desc&pipeline_uuid=kept",
		"block_uuid[]=load,leaf&_limit=0", "global_only=true", "force=true",
		"include_preview_runs=1&include_run_count=true&_limit=2&_offset=1", "start_timestamp=x&end_timestamp=99999999999999",
		"pipeline_run_id[]=1,abc&block_run_id[]=&pipeline_schedule_id[]=1", "show_all=0", "pipeline_uuid=kept"} {
		for route := range queryRoutes {
			f.Add(uint8(route%2), uint8(route), seed)
		}
	}
	f.Fuzz(func(t *testing.T, mode, route uint8, query string) {
		headers := ownerHeaders
		if route >= 128 { // the key only in the query
			headers = []string{"OAUTH-TOKEN: {T}"}
		}
		send(t, fuzzMode(mode), fuzzRequest{method: "GET", target: queryRoutes[int(route)%len(queryRoutes)] + "?" + query, headers: headers})
	})
}

var fuzzMethods = []string{"GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"}

func FuzzPath(f *testing.F) {
	for _, seed := range []string{"/api/users/1", "/api/users/999", "/api/users/abc", "/api/pipelines/my_pipe",
		"/api/pipelines/kept/pipeline_schedules/1", "/api/pipeline_schedules/1.5", "/api/secrets/kept", "/api/secrets/..",
		"/api/secrets/%2E%2E", "/api/secrets/..%2Fx", "/api/secrets/a%0d%0aforged", "/api/", "/api//x", "/api/users/",
		"/api/nosuchthings/1", "/api/status", "/api/statuses", "*", "/", "/api/sessions/{T}", "/api/secrets/%ff",
		"http://reference/api/users/1", "/api/users/1/roles/1/x",
		"/api/pipeline_schedules/1/pipeline_runs/0123456789abcdef0123456789abcdef", "/api/pipeline_schedules/1/api_trigger",
		"/api/pipeline_schedules/x/pipeline_runs/%00", "/api/pipeline_runs/1", "/api/pipeline_runs/1/block_runs/1",
		"/api/block_runs/1", "/api/pipelines/kept/pipeline_runs", "/api/pipeline_runs",
		"/api/pipelines/kept/blocks/leaf", "/api/pipelines/kept/blocks/load%2Fleaf", "/api/pipelines/kept/blocks/load?force=true",
		"/api/pipelines/nosuch/blocks", "/api/blocks", "/api/pipelines/kept/variables/env", "/api/pipelines/kept/variables/nosuch",
		"/api/variables", "/api/projects", "/api/projects/1",
		"/api/backfills/1", "/api/backfills/abc", "/api/pipelines/kept/backfills/1", "/api/pipeline_schedules/1/backfills",
		"/api/pipelines/nosuch/logs", "/api/block_runs/1/logs", "/api/logs/1", "/api/oauth_access_tokens/1",
		"/api/users/1/oauth_access_tokens", "/api/users/2/oauth_access_tokens"} {
		for m := range fuzzMethods {
			f.Add(uint8(m%2), uint8(m), seed)
		}
	}
	f.Fuzz(func(t *testing.T, mode, method uint8, target string) {
		m := fuzzMethods[int(method)%len(fuzzMethods)]
		send(t, fuzzMode(mode), fuzzRequest{method: m, target: target, headers: ownerHeaders, body: []byte("{}")})
	})
}

// FuzzCredentials: the API key and the token, each in any of the places a request may carry
// it, spelled any way: what RFCs allow (surrounding spaces, quotes, case) and what they do not.
func FuzzCredentials(f *testing.F) {
	for _, seed := range [][2]string{{"{K}", "{T}"}, {"{K}", "{J}"}, {" {K} ", "  {T} "}, {"wrong", "{T}"}, {"{K}", "Bearer {T}"},
		{"{K}", "bearer {T}, Basic x"}, {"{K}", `"{T}"`}, {"{K}", "{T}{T}"}, {"", ""}, {"{K}", "expired"}, {"{k}", "{t}"}} {
		for placement := range 16 {
			f.Add(uint8(placement%2), uint8(placement), seed[0], seed[1])
		}
	}
	f.Fuzz(func(t *testing.T, mode, placement uint8, key, token string) {
		r := fuzzRequest{method: "GET", target: "/api/users/1"}
		switch placement % 4 { // where the key goes
		case 0:
			r.headers = append(r.headers, "X-API-KEY: "+key)
		case 1:
			r.target += "?api_key=" + key
		case 2:
			encoded, _ := json.Marshal(key)
			r.method, r.target = "POST", "/api/secrets"
			r.body = []byte(`{"api_key": ` + string(encoded) + `, "secret": {"name": "fuzzed", "value": "v"}}`)
		}
		switch placement / 4 % 4 { // where the token goes
		case 0:
			r.headers = append(r.headers, "OAUTH-TOKEN: "+token)
		case 1:
			r.headers = append(r.headers, "Authorization: "+token)
		case 2:
			r.headers = append(r.headers, "Cookie: oauth_token="+token)
		case 3:
			r.headers = append(r.headers, "OAUTH-TOKEN: "+token, "Cookie: oauth_token={J}")
		}
		send(t, fuzzMode(mode), r)
	})
}

// FuzzCookie: the Cookie header as a whole.
func FuzzCookie(f *testing.F) {
	for _, seed := range []string{"oauth_token={J}", `oauth_token="{J}"`, "a=b; oauth_token={J}", "oauth_token=garbage",
		"oauth_token={J}; oauth_token=x", "oauth_token=", "oauth_token", "OAUTH_TOKEN={J}", "oauth_token={T}", ";;;=",
		"oauth_token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHBpcmVzIjoxfQ.XS9BvnG7YyWHmLidJTK7YecSCJkXWS3DsnFHxX0qr1c"} {
		f.Add(uint8(0), seed)
		f.Add(uint8(1), seed)
	}
	f.Fuzz(func(t *testing.T, mode uint8, cookie string) {
		send(t, fuzzMode(mode), fuzzRequest{method: "GET", target: "/api/pipelines", headers: []string{"X-API-KEY: {K}", "Cookie: " + cookie}})
	})
}

// FuzzJWT: session JWTs with any header and claims, signed with the server's secret (sign
// odd) or not, sent as the cookie.
func FuzzJWT(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"alg":"HS256","typ":"JWT"}`, `{"expires":1798742329.5,"token":"{T}"}`},
		{`{"alg":"HS256","typ":"JWT"}`, `{"expires":1}`},
		{`{"alg":"none"}`, `{"token":"{T}"}`},
		{`{"alg":"HS512","typ":"JWT"}`, `{"token":"{T}"}`},
		{`{"alg":"HS256"}`, `{"token":7}`},
		{`{"alg":"HS256"}`, `{"token":"{T}","exp":1}`},
		{`{"alg":"HS256"}`, `[]`},
		{`{}`, `{"token":""}`},
	} {
		for sign := range 2 {
			f.Add(uint8(sign), uint8(sign), seed[0], seed[1])
		}
	}
	f.Fuzz(func(t *testing.T, mode, sign uint8, header, claims string) {
		s := fuzzTarget(t, fuzzMode(mode))
		enc := base64.RawURLEncoding
		unsigned := enc.EncodeToString([]byte(s.fill(header))) + "." + enc.EncodeToString([]byte(s.fill(claims)))
		signature := "c2ln"
		if sign%2 == 1 {
			mac := hmac.New(sha256.New, []byte(reference.DefaultJWTSecret))
			mac.Write([]byte(unsigned))
			signature = enc.EncodeToString(mac.Sum(nil))
		}
		send(t, fuzzMode(mode), fuzzRequest{method: "GET", target: "/api/pipelines",
			headers: []string{"X-API-KEY: {K}", "Cookie: oauth_token=" + unsigned + "." + signature}})
	})
}
