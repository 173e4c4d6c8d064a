package mutants

import (
	"net/http"
	"sync"
)

// Faults in presenters (B7): sensitive attributes that reach a response.
func presenterMutants() []Mutant {
	return []Mutant{
		{
			Name:   "detail-shows-other-session",
			Fault:  "A detail carries the token of another session the server has seen.",
			Breaks: []string{"B7.tokens-listed-only"},
			Labels: "policies", // the role users' sessions read details
			Wrap:   detailShowsOtherSession,
		},
		{
			Name:   "project-version-public",
			Fault:  "A caller with only the API key sees the project's version and repo path besides its features.",
			Breaks: []string{"B7.project-per-caller"},
			Labels: ruleLabels("B7.project-per-caller"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if resource(r) != "projects" {
					return
				}
				for _, item := range asList(body["projects"]) {
					if p, ok := item.(map[string]any); ok && p["version"] == nil {
						p["version"], p["repo_path"] = "0.9.79", "/home/src/default_repo"
					}
				}
			}),
		},
		{
			Name:   "user-detail-leaks-password-hash",
			Fault:  "User details carry `password_hash`.",
			Breaks: []string{"B7.no-sensitive"},
			Labels: ruleLabels("B7.no-sensitive"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if u, ok := body["user"].(map[string]any); ok && r.Method == http.MethodGet {
					u["password_hash"] = "$2a$04$KbQiB0Nq3JmT4mNd0D3M3uTjM6lXKXU3x4U0W0m7d8x2g4Yk3Hn5e"
				}
			}),
		},
		{
			// In the login answer, which only the B7 sweep over every exchange looks at.
			Name:   "session-leaks-password-salt",
			Fault:  "The login answer's user carries `password_salt`.",
			Breaks: []string{"B7.no-sensitive"},
			Labels: ruleLabels("B3.login"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if s, ok := body["session"].(map[string]any); ok && isLogin(r) {
					if u, ok := s["user"].(map[string]any); ok {
						u["password_salt"] = "$2a$04$KbQiB0Nq3JmT4mNd0D3M3u"
					}
				}
			}),
		},
		{
			Name:   "user-create-echoes-password",
			Fault:  "User create answers echo the password.",
			Breaks: []string{"B7.no-sensitive"},
			Labels: ruleLabels("B7.no-sensitive"),
			Wrap:   userCreateEchoesPassword,
		},
		{
			Name:   "user-list-shows-preferences",
			Fault:  "User list items carry `preferences`, outside the presenter.",
			Breaks: []string{"B7.list-keys"},
			Labels: ruleLabels("B7.list-keys"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if users, ok := body["users"].([]any); ok && r.Method == http.MethodGet {
					for _, u := range users {
						if m, ok := u.(map[string]any); ok {
							m["preferences"] = map[string]any{}
						}
					}
				}
			}),
		},
		{
			Name:   "user-detail-without-token",
			Fault:  "User details lack `token` and `permissions`.",
			Breaks: []string{"B7.detail-keys"},
			Labels: ruleLabels("B7.detail-keys"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if u, ok := body["user"].(map[string]any); ok && r.Method == http.MethodGet {
					delete(u, "token")
					delete(u, "permissions")
				}
			}),
		},
		{
			Name:   "secret-value-in-list",
			Fault:  "Secret lists show each secret's value.",
			Breaks: []string{"B7.no-sensitive"},
			Labels: ruleLabels("B7.no-sensitive"),
			Wrap:   secretValueInList,
		},
	}
}

func userCreateEchoesPassword(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isUserCreate(r) {
			h.ServeHTTP(w, r)
			return
		}
		sent, _ := decodeObject(bufferBody(r))["user"].(map[string]any)
		rp := capture(h, r)
		body := rp.object()
		if u, ok := body["user"].(map[string]any); ok && sent["password"] != nil {
			u["password"] = sent["password"]
			rp.setObject(body)
		}
		rp.write(w)
	})
}

// secretValueInList remembers each secret's value when it is created and shows it in lists.
func secretValueInList(h http.Handler) http.Handler {
	var mu sync.Mutex
	values := map[string]any{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if resource(r) != "secrets" || !isCollection(r) {
			h.ServeHTTP(w, r)
			return
		}
		sent, _ := decodeObject(bufferBody(r))["secret"].(map[string]any)
		rp := capture(h, r)
		body := rp.object()
		mu.Lock()
		defer mu.Unlock()
		if name, ok := sent["name"].(string); ok && r.Method == http.MethodPost && rp.isSuccess() {
			values[name] = sent["value"]
		}
		if items, ok := body["secrets"].([]any); ok && r.Method == http.MethodGet {
			for _, it := range items {
				if s, ok := it.(map[string]any); ok {
					if v, known := values[s["name"].(string)]; known {
						s["value"] = v
					}
				}
			}
			rp.setObject(body)
		}
		rp.write(w)
	})
}

// detailShowsOtherSession remembers the inner token of every session the server gives out
// (the login answer's JWT) and adds to every detail the latest one that is not the request's
// own.
func detailShowsOtherSession(h http.Handler) http.Handler {
	var mu sync.Mutex
	var issued []string
	return rewriteJSON(anyRequest, func(r *http.Request, _ *reply, body map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if s, ok := body["session"].(map[string]any); ok && r.Method == http.MethodPost {
			if jwtText, _ := s["token"].(string); innerToken(jwtText) != "" {
				issued = append(issued, innerToken(jwtText))
			}
		}
		own := headerToken(r)
		if c, err := r.Cookie(tokenCookie); err == nil {
			own = innerToken(c.Value)
		}
		obj, ok := body[singular(resource(r))].(map[string]any)
		if !ok || r.Method != http.MethodGet || !isMember(r) {
			return
		}
		for i := len(issued) - 1; i >= 0; i-- {
			if issued[i] != own {
				obj["last_session"] = issued[i]
				return
			}
		}
	})(h)
}
