package reference_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/mageconform/mageconform/reference"
)

// benchServer is a reference handler with a logged-in owner, driven without
// the network so the numbers are server time.
type benchServer struct {
	h     http.Handler
	token string
}

func newBenchServer(b *testing.B) *benchServer {
	b.Helper()
	h := reference.New(reference.DefaultConfig())
	rec := serve(h, "POST", "/api/sessions", `{"session": {"email": "admin@admin.com", "password": "admin"}}`, "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"token"`) {
		b.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	var login struct {
		Session struct {
			Token string `json:"token"`
		} `json:"session"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &login); err != nil {
		b.Fatal(err)
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(login.Session.Token, claims); err != nil {
		b.Fatal(err)
	}
	raw, _ := claims["token"].(string)
	return &benchServer{h: h, token: raw}
}

func serve(h http.Handler, method, target, body, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("X-API-KEY", apiKey)
	if token != "" {
		req.Header.Set("OAUTH-TOKEN", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func (s *benchServer) mustServe(b *testing.B, method, target, body string) {
	if rec := serve(s.h, method, target, body, s.token); rec.Code != 200 || strings.Contains(rec.Body.String(), `"error"`) {
		b.Fatalf("%s %s: %d %s", method, target, rec.Code, rec.Body)
	}
}

// BenchmarkAuthenticatedDetail: key and token checks, lookup, policy and
// presenter of GET /api/users/1.
func BenchmarkAuthenticatedDetail(b *testing.B) {
	s := newBenchServer(b)
	b.ReportAllocs()
	for b.Loop() {
		s.mustServe(b, "GET", "/api/users/1", "")
	}
}

// BenchmarkCreate: POST /api/secrets with a new name each time.
func BenchmarkCreate(b *testing.B) {
	s := newBenchServer(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s.mustServe(b, "POST", "/api/secrets", fmt.Sprintf(`{"secret": {"name": "s%d", "value": "v"}}`, i))
	}
}

// BenchmarkListPage: a page of 40 from the middle of N records; the time
// must not grow with N.
func BenchmarkListPage(b *testing.B) {
	for _, records := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			s := newBenchServer(b)
			for i := range records {
				s.mustServe(b, "POST", "/api/secrets", fmt.Sprintf(`{"secret": {"name": "s%d", "value": "v"}}`, i))
			}
			target := fmt.Sprintf("/api/secrets?_limit=40&_offset=%d", records/2)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				s.mustServe(b, "GET", target, "")
			}
		})
	}
}

// BenchmarkConcurrentCRUD: the ledger workload of the concurrency spec at a larger scale, over
// loopback HTTP: 16 clients × 1,000 mixed operations on a fresh server per iteration, and the
// final state checked against the ledgers. It reports operations per second.
func BenchmarkConcurrentCRUD(b *testing.B) {
	const clients, ops = 16, 1000
	var elapsed time.Duration
	var requests int
	for b.Loop() {
		b.StopTimer()
		s := newBenchServer(b)
		srv := httptest.NewServer(s.h)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
		send := httpSender(client, srv.URL, s.token)
		b.StartTimer()
		start := time.Now()
		l, res := runWorkload(send, clients, ops, uint64(requests))
		elapsed += time.Since(start)
		requests += res.requests
		b.StopTimer()
		if len(res.problems) > 0 {
			b.Fatalf("%d problems, first: %s", len(res.problems), res.problems[0])
		}
		if diff := ledgerDiff(observed(send), l.expected()); len(diff) > 0 {
			b.Fatalf("final state differs from the ledgers: %v", diff)
		}
		srv.Close()
		client.CloseIdleConnections()
		b.StartTimer()
	}
	b.ReportMetric(float64(requests)/elapsed.Seconds(), "requests/s")
}

// BenchmarkLogin: a failed login at bcrypt cost 10 (the measurement), for an email that
// exists with a wrong password and for one that does not; the two must take the same time.
func BenchmarkLogin(b *testing.B) {
	cfg := reference.DefaultConfig()
	cfg.BcryptCost = 10
	h := reference.New(cfg)
	for _, c := range []struct{ name, email string }{{"known-email", reference.DefaultOwnerEmail}, {"unknown-email", "nobody@example.com"}} {
		b.Run(c.name, func(b *testing.B) {
			body := fmt.Sprintf(`{"session": {"email": %q, "password": "wrong"}}`, c.email)
			for b.Loop() {
				if rec := serve(h, "POST", "/api/sessions", body, ""); !strings.Contains(rec.Body.String(), `"record_not_found"`) {
					b.Fatalf("login: %d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
