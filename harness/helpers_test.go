package harness

import (
	"net"

	"github.com/mageconform/mageconform/harness/redact"
)

// closedURL is an address nothing listens on: a port we bound and released.
func closedURL(t testingT) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}

// cleaner is what freshSecrets needs from *testing.T or GinkgoT().
type cleaner interface{ Cleanup(func()) }

// freshSecrets gives the test an empty secret registry and a target that has answered, so
// variable names (TOKEN, JWT_2) and the transport-error count do not depend on the tests that
// ran before; the previous registry is back when the test ends.
func freshSecrets(t cleaner) {
	previous := redact.Use(redact.New())
	inARow, stopped := answers.inARow.Load(), answers.stopped.Load()
	answers.inARow.Store(0)
	answers.stopped.Store(false)
	t.Cleanup(func() {
		redact.Use(previous)
		answers.inARow.Store(inARow)
		answers.stopped.Store(stopped)
	})
}
