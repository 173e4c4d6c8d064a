package harness

import (
	"bytes"
	"slices"
)

// OtherSessionsShown counts the sessions this process logged in, other than those the exchange
// was sent with, whose raw token (T) its answer carries. T is a bearer credential: a server
// shows another session's only where it lists the caller's own tokens.
func (ex *Exchange) OtherSessionsShown() int {
	logins.mu.Lock()
	defer logins.mu.Unlock()
	n := 0
	for token := range logins.byTok {
		sent := slices.ContainsFunc(ex.sessions, func(s *Session) bool { return s.Token == token })
		if !sent && len(token) >= 16 && bytes.Contains(ex.RespBody, []byte(token)) {
			n++
		}
	}
	return n
}
