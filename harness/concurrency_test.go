package harness

import (
	"sync"
	"testing"
)

// Suites run specs in parallel processes, but one process may still share a client between
// goroutines (setup helpers); run with -race to make this meaningful.
func TestClientAndRecorderAreSafeForConcurrentUse(t *testing.T) {
	f := newFakeMage(t)
	rec := NewRecorder()
	c := NewClient(f.srv.URL, f.config(), rec)
	s, _ := c.Login("owner@example.com", fakePassword)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			as := c.As(s)
			for range 5 {
				r := as.Get("/api/users/1", WithSession(s, TokenPlacements[i%3]))
				_, _ = BeSuccess("user").Match(r)
				_ = rec.Transcript()
				_ = Curl(rec.Focus())
			}
		}()
	}
	wg.Wait()
	if n := len(rec.Exchanges()); n != 1+8*5 {
		t.Errorf("recorded %d exchanges, want %d", n, 1+8*5)
	}
}
