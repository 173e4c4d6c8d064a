package harness

import (
	"net/http"
	"strings"
	"sync"
)

// ReportEntryRequestCounts names the entry each process leaves at its end: how many requests
// of the kinds that cost a real server a bcrypt hash it sent (JSON of RequestCounts).
const ReportEntryRequestCounts = "request-counts"

// RequestCounts are the costly requests a process sent: against a real Mage (bcrypt cost 14)
// each login and each user create hashes a password, about a second apiece, and they are most
// of a run's time. The summary prints them so a change that adds some is seen.
type RequestCounts struct {
	Logins      int `json:"logins"`       // POST /api/sessions
	UserCreates int `json:"user_creates"` // POST /api/users
}

var counted struct {
	mu sync.Mutex
	n  RequestCounts
}

// countRequest tallies a request by what it costs the server.
func countRequest(method, path string) {
	if method != http.MethodPost {
		return
	}
	path, _, _ = strings.Cut(path, "?")
	counted.mu.Lock()
	defer counted.mu.Unlock()
	switch strings.TrimRight(path, "/") {
	case "/api/sessions":
		counted.n.Logins++
	case "/api/users":
		counted.n.UserCreates++
	}
}

// Counts are the costly requests this process has sent so far.
func Counts() RequestCounts {
	counted.mu.Lock()
	defer counted.mu.Unlock()
	return counted.n
}
