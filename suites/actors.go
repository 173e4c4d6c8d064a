package suites

import (
	"strconv"
	"sync"

	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// actor is a non-owner user the owner created with one role, logged in.
type actor struct {
	session *harness.Session
	user    record
}

// actors are the role users of the policy specs, one per role and process, made the first
// time a spec needs the role, in the scope then active (B6's setup: they are removed with its
// records, so the lists other specs page through look the same in every spec order), and
// forgotten with reset. Against a real Mage a user create and a login cost a bcrypt hash each
// (about a second at cost 14), so a role user is made once, not per spec, and its session is
// the one its create answer holds where that works, with no login. Their sessions are named
// after the role ($TOKEN_VIEWER), which `mageconform token --role` prints again for whoever
// pastes a curl line.
type actorPool struct {
	mu    sync.Mutex
	users map[fixtures.Role]*actor
}

// reset forgets the role users (their scope removed them).
func (p *actorPool) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users = nil
}

// actorFor is the role's user, created and logged in on first use (setup, not judged: a
// failure here is charged to B4.create or B3.login, as the request that failed).
func actorFor(role fixtures.Role) *actor {
	e := env()
	e.actors.mu.Lock()
	defer e.actors.mu.Unlock()
	if a := e.actors.users[role]; a != nil {
		return a
	}
	users := accounts()
	payload := fac().User()
	payload["roles_new"] = []int{role.RoleID()}
	rec, _ := tryCreate(owner().Housekeeping(), users, "", payload)
	check("B4.create", func(g Gomega) {
		g.Expect(rec.created).To(harness.BeSuccess(users.Singular), "creating a user with role %s (roles_new [%d])", role, role.RoleID())
	})
	s := createdSession(users, rec, role)
	if s == nil {
		var resp *harness.Response
		s, resp = anon().Housekeeping().LoginRole(string(role), payload["email"].(string), payload["password"].(string))
		check("B3.login", func(g Gomega) {
			g.Expect(resp).To(harness.BeSuccess("session"), "logging in as the new %s", role)
			g.Expect(s).NotTo(BeNil(), "no usable session for the new %s", role)
		})
	}
	if e.actors.users == nil {
		e.actors.users = map[fixtures.Role]*actor{}
	}
	a := &actor{session: s, user: rec}
	e.actors.users[role] = a
	return a
}

// createdSession is the session the user create's answer holds (CreatedSession), if it is one
// that reads the new user's own record as that user; nil, and the caller logs in, otherwise: a
// server need not answer a create so, and a session of someone else would mischarge every
// spec that uses it.
func createdSession(users fixtures.Resource, rec record, role fixtures.Role) *harness.Session {
	if users.CreatedSession == "" {
		return nil
	}
	s, err := harness.CreatedSession(rec.created, users.Singular, users.CreatedSession, string(role))
	if err != nil || strconv.Itoa(s.UserID) != rec.pk {
		return nil
	}
	resp := as(s).Housekeeping().Get(ownDetail(s))
	if _, failed := resp.Error(); resp.Err != nil || failed || pkOf(users, resp.Object(users.Singular)) != rec.pk {
		return nil
	}
	return s
}
