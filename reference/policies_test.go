package reference_test

import (
	"fmt"
	"strings"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// level orders the callers of the policy matrix; never is above everyone.
type level int

const (
	none level = iota
	viewer
	editor
	admin
	owner
	never
)

// caller is one row of the matrix: how the user is made, and its level.
type caller struct {
	name  string
	level level
	attrs map[string]any // user attributes that give the role
}

var callers = []caller{
	{"owner", owner, nil},
	{"admin", admin, map[string]any{"roles_new": []int{2}}},
	{"editor", editor, map[string]any{"roles_new": []int{3}}},
	{"viewer", viewer, map[string]any{"roles_new": []int{4}}},
	{"no role", none, nil},
	{"legacy admin", admin, map[string]any{"roles": 1}},
	{"legacy editor", editor, map[string]any{"roles": 2}},
	{"legacy viewer", viewer, map[string]any{"roles": 4}},
	{"owner flag", owner, map[string]any{"owner": true}},
}

// world is what the policy specs act on.
type world struct {
	c        *client
	owner    session
	sessions map[string]session
	emails   map[string]string
	target   int // a viewer that admins may manage
	pipeline string
	schedule int
	serial   atomic.Int64
}

func (w *world) unique(prefix string) string { return fmt.Sprintf("%s%d", prefix, w.serial.Add(1)) }

// actionCase is one column: the lowest level allowed, and the request.
type actionCase struct {
	name    string
	minimum level
	key     string
	do      func(w *world, s session) response
}

func body(singular string, attrs map[string]any) map[string]any {
	return map[string]any{singular: attrs}
}

var actionCases = []actionCase{
	{"users list", admin, "users", func(w *world, s session) response { return w.c.get("/api/users", s.as()) }},
	{"users detail of another", admin, "user", func(w *world, s session) response {
		return w.c.get("/api/users/"+itoa(w.target), s.as())
	}},
	{"users detail of self", none, "user", func(w *world, s session) response {
		return w.c.get("/api/users/"+itoa(s.ID), s.as())
	}},
	{"users create", owner, "user", func(w *world, s session) response {
		email := w.unique("new") + "@example.com"
		return w.c.post("/api/users", body("user", map[string]any{"email": email, "password": "password1", "password_confirmation": "password1"}), s.as())
	}},
	{"users update of another", admin, "user", func(w *world, s session) response {
		return w.c.put("/api/users/"+itoa(w.target), body("user", map[string]any{"first_name": "T"}), s.as())
	}},
	{"users update of self", none, "user", func(w *world, s session) response {
		return w.c.put("/api/users/"+itoa(s.ID), body("user", map[string]any{"last_name": "Self"}), s.as())
	}},
	{"users delete", owner, "user", func(w *world, s session) response {
		email := w.unique("victim") + "@example.com"
		victim := object(w.c.post("/api/users", body("user", map[string]any{"email": email, "password": "password1", "password_confirmation": "password1"}), w.owner.as()), "user")
		return w.c.del("/api/users/"+itoa(int(victim["id"].(float64))), s.as())
	}},
	{"pipelines list", viewer, "pipelines", func(w *world, s session) response { return w.c.get("/api/pipelines", s.as()) }},
	{"pipelines detail", viewer, "pipeline", func(w *world, s session) response {
		return w.c.get("/api/pipelines/"+w.pipeline, s.as())
	}},
	{"pipelines create", editor, "pipeline", func(w *world, s session) response {
		return w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": w.unique("pipe ")}), s.as())
	}},
	{"pipelines update", editor, "pipeline", func(w *world, s session) response {
		return w.c.put("/api/pipelines/"+w.pipeline, body("pipeline", map[string]any{"description": "d"}), s.as())
	}},
	{"pipelines delete", editor, "pipeline", func(w *world, s session) response {
		p := object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": w.unique("doomed ")}), w.owner.as()), "pipeline")
		return w.c.del("/api/pipelines/"+p["uuid"].(string), s.as())
	}},
	{"pipeline_schedules list", viewer, "pipeline_schedules", func(w *world, s session) response {
		return w.c.get("/api/pipeline_schedules", s.as())
	}},
	{"pipeline_schedules nested list", viewer, "pipeline_schedules", func(w *world, s session) response {
		return w.c.get("/api/pipelines/"+w.pipeline+"/pipeline_schedules", s.as())
	}},
	{"pipeline_schedules detail", viewer, "pipeline_schedule", func(w *world, s session) response {
		return w.c.get("/api/pipeline_schedules/"+itoa(w.schedule), s.as())
	}},
	{"pipeline_schedules create", editor, "pipeline_schedule", func(w *world, s session) response {
		return w.c.post("/api/pipelines/"+w.pipeline+"/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "t"}), s.as())
	}},
	{"pipeline_schedules update", editor, "pipeline_schedule", func(w *world, s session) response {
		return w.c.put("/api/pipeline_schedules/"+itoa(w.schedule), body("pipeline_schedule", map[string]any{"status": "active"}), s.as())
	}},
	{"pipeline_schedules delete", editor, "pipeline_schedule", func(w *world, s session) response {
		sc := object(w.c.post("/api/pipelines/"+w.pipeline+"/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "x"}), w.owner.as()), "pipeline_schedule")
		return w.c.del("/api/pipeline_schedules/"+itoa(int(sc["id"].(float64))), s.as())
	}},
	{"secrets list", viewer, "secrets", func(w *world, s session) response { return w.c.get("/api/secrets", s.as()) }},
	{"secrets create", editor, "secret", func(w *world, s session) response {
		return w.c.post("/api/secrets", body("secret", map[string]any{"name": w.unique("s"), "value": "v"}), s.as())
	}},
	{"secrets delete", editor, "secret", func(w *world, s session) response {
		name := w.unique("gone")
		object(w.c.post("/api/secrets", body("secret", map[string]any{"name": name, "value": "v"}), w.owner.as()), "secret")
		return w.c.del("/api/secrets/"+name, s.as())
	}},
	{"secrets detail (no rule)", never, "secret", func(w *world, s session) response {
		return w.c.get("/api/secrets/kept", s.as())
	}},
	{"secrets update (no rule)", never, "secret", func(w *world, s session) response {
		return w.c.put("/api/secrets/kept", body("secret", map[string]any{"value": "x"}), s.as())
	}},
	{"roles list", admin, "roles", func(w *world, s session) response { return w.c.get("/api/roles", s.as()) }},
	{"roles detail", admin, "role", func(w *world, s session) response { return w.c.get("/api/roles/3", s.as()) }},
	{"sessions update (logout)", viewer, "session", func(w *world, s session) response {
		password := "password1"
		if s.ID == w.owner.ID {
			password = reference.DefaultOwnerPassword
		}
		fresh := w.c.login(w.emailOf(s), password)
		return w.c.put("/api/sessions/1", map[string]any{}, fresh.as())
	}},
}

func (w *world) emailOf(s session) string {
	for name, other := range w.sessions {
		if other.ID == s.ID {
			return w.emails[name]
		}
	}
	return ""
}

var _ = Describe("Policies (A6)", Label("policies"), Ordered, func() {
	w := &world{}

	BeforeAll(func() {
		w.c = newClient(reference.DefaultConfig())
		w.owner = w.c.loginOwner()
		w.sessions = map[string]session{"owner": w.owner}
		w.emails = map[string]string{"owner": reference.DefaultOwnerEmail}
		for _, cl := range callers[1:] {
			email := w.unique("role") + "@example.com"
			w.emails[cl.name] = email
			w.sessions[cl.name] = w.c.newUser(w.owner, email, cl.attrs)
		}
		target := object(w.c.post("/api/users", body("user", map[string]any{"email": "target@example.com",
			"password": "password1", "password_confirmation": "password1", "roles_new": []int{4}}), w.owner.as()), "user")
		w.target = int(target["id"].(float64))
		w.pipeline = object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "policy pipe"}), w.owner.as()), "pipeline")["uuid"].(string)
		sc := object(w.c.post("/api/pipelines/"+w.pipeline+"/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "s"}), w.owner.as()), "pipeline_schedule")
		w.schedule = int(sc["id"].(float64))
		object(w.c.post("/api/secrets", body("secret", map[string]any{"name": "kept", "value": "v"}), w.owner.as()), "secret")
	})

	var entries []TableEntry
	for _, cl := range callers {
		for _, ac := range actionCases {
			entries = append(entries, Entry(fmt.Sprintf("%s: %s", cl.name, ac.name), cl, ac))
		}
	}
	DescribeTable("each role gets exactly the actions its level allows",
		func(cl caller, ac actionCase) {
			res := ac.do(w, w.sessions[cl.name])
			if cl.level >= ac.minimum {
				expectSuccess(res, ac.key)
			} else {
				expectFailure(res, 403, "unauthorized_access")
			}
		},
		entries,
	)

	It("looks records up before checking permission: a missing record is 404 for everyone", func() {
		none := w.sessions["no role"]
		expectFailure(w.c.get("/api/users/99999", none.as()), 404, "record_not_found")
		expectFailure(w.c.del("/api/pipelines/nosuch", none.as()), 404, "record_not_found")
		expectFailure(w.c.get("/api/secrets/nosuch", none.as()), 404, "record_not_found")
		expectFailure(w.c.put("/api/pipeline_schedules/99999", body("pipeline_schedule", map[string]any{}), none.as()), 404, "record_not_found")
		expectFailure(w.c.get("/api/roles/9", none.as()), 404, "record_not_found")
	})

	DescribeTable("a non-owner writing an attribute outside the allow-list gets 403, and nothing changes",
		func(who, method, path string, payload map[string]any) {
			s := w.sessions[who] // "public" is the zero session: key, no token
			path = strings.NewReplacer("SELF", itoa(s.ID), "TARGET", itoa(w.target)).Replace(path)
			before := w.c.get(path, w.owner.as()).Raw
			expectFailure(w.c.do(method, path, payload, s.as()), 403, "unauthorized_access")
			if method == "PUT" {
				Expect(w.c.get(path, w.owner.as()).Raw).To(Equal(before))
			}
		},
		Entry("viewer sets owner on self", "viewer", "PUT", "/api/users/SELF", body("user", map[string]any{"owner": true})),
		Entry("admin writes password_hash", "admin", "PUT", "/api/users/TARGET", body("user", map[string]any{"password_hash": "x"})),
		Entry("viewer changes own roles", "viewer", "PUT", "/api/users/SELF", body("user", map[string]any{"roles_new": []int{1}})),
		Entry("editor creates a pipeline with execution_framework", "editor", "POST", "/api/pipelines", body("pipeline", map[string]any{"name": "ef", "execution_framework": "x"})),
		Entry("editor creates a pipeline with blocks", "editor", "POST", "/api/pipelines", body("pipeline", map[string]any{"name": "bl", "blocks": []any{}})),
		Entry("editor creates a secret with an entity", "editor", "POST", "/api/secrets", body("secret", map[string]any{"name": "e", "value": "v", "entity": "global"})),
		Entry("anonymous login with an extra attribute", "public", "POST", "/api/sessions", body("session", map[string]any{"email": "admin@admin.com", "password": "admin", "owner": true})),
	)

	DescribeTable("query parameters: non-owners need a rule, owners are not checked",
		func(who, path string, allowed bool, key string) {
			res := w.c.get(path, w.sessions[who].as())
			if allowed {
				expectSuccess(res, key)
			} else {
				expectFailure(res, 403, "unauthorized_access")
			}
		},
		Entry("admin, users?foo=bar", "admin", "/api/users?foo=bar", false, "users"),
		Entry("owner, users?foo=bar", "owner", "/api/users?foo=bar", true, "users"),
		Entry("viewer, pipelines?search=x", "viewer", "/api/pipelines?search=x", true, "pipelines"),
		Entry("viewer, pipelines?foo=1", "viewer", "/api/pipelines?foo=1", false, "pipelines"),
		Entry("viewer, pipeline detail?includes_content=1", "viewer", "/api/pipelines/policy_pipe?includes_content=1", true, "pipeline"),
		Entry("viewer, meta keys are never checked", "viewer", "/api/pipelines?_limit=1&_whatever=2", true, "pipelines"),
	)

	It("shows an admin only the users below admin", func() {
		list := items(w.c.get("/api/users?_limit=100", w.sessions["admin"].as()), "users")
		Expect(list).NotTo(BeEmpty())
		for _, u := range list {
			Expect(u).To(HaveKeyWithValue("project_access", BeElementOf(0.0, 4.0, 8.0)))
			Expect(u).To(HaveKeyWithValue("owner", false))
		}
		Expect(metadata(w.c.get("/api/users", w.sessions["admin"].as()))["count"]).To(BeNumerically("==", len(list)))
		Expect(len(items(w.c.get("/api/users?_limit=100", w.owner.as()), "users"))).To(BeNumerically(">", len(list)))
	})

	It("keeps admins from editing owners or admins and from granting admin", func() {
		a := w.sessions["admin"]
		expectFailure(w.c.put("/api/users/1", body("user", map[string]any{"first_name": "X"}), a.as()), 400, "record_invalid")
		expectFailure(w.c.put("/api/users/"+itoa(w.sessions["legacy admin"].ID), body("user", map[string]any{"first_name": "X"}), a.as()), 400, "record_invalid")
		expectFailure(w.c.put("/api/users/"+itoa(w.target), body("user", map[string]any{"roles_new": []int{2}}), a.as()), 400, "record_invalid")
		user := object(w.c.put("/api/users/"+itoa(w.target), body("user", map[string]any{"roles_new": []int{3}}), a.as()), "user")
		Expect(user).To(HaveKeyWithValue("roles_display", "Editor"))
	})
})
