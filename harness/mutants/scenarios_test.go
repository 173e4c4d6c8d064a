package mutants

import "fmt"

// Scenarios shared by several probes: each runs on a fresh server and describes what it saw.

func noKey(c client) string { return c.do("GET", "/api/users", nil).outcome() }

func ownerMissingUser(query string) func(c client) string {
	return func(c client) string {
		return c.do("GET", "/api/users/999999"+query, nil, c.owner().auth()...).outcome()
	}
}

func ownerKeys(path string) func(c client) string {
	return func(c client) string { return c.do("GET", path, nil, c.owner().auth()...).keys() }
}

// tokenPlacements reads the owner's own record with the key in the header and the token in
// each of the three placements.
func tokenPlacements(c client) string {
	o := c.owner()
	path := "/api/users/" + o.id
	return fmt.Sprintf("oauth:%s bearer:%s cookie:%s",
		c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, tokenHeader, o.token).outcome(),
		c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, "Authorization", "Bearer "+o.token).outcome(),
		c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, "Cookie", tokenCookie+"="+o.jwt).outcome())
}

// keyPlacements does the same with the token in OAUTH-TOKEN and the key in each placement
// (the body key on a create the owner may try: an empty user, refused as invalid).
func keyPlacements(c client) string {
	o := c.owner()
	path := "/api/users/" + o.id
	return fmt.Sprintf("header:%s query:%s body:%s",
		c.do("GET", path, nil, apiKeyHeader, defaultAPIKey, tokenHeader, o.token).outcome(),
		c.do("GET", path+"?api_key="+defaultAPIKey, nil, tokenHeader, o.token).outcome(),
		c.do("POST", "/api/users", map[string]any{"api_key": defaultAPIKey, "user": map[string]any{}}, tokenHeader, o.token).outcome())
}

func logoutThenUse(c client) string {
	o := c.owner()
	logout := c.do("PUT", "/api/sessions/1", nil, o.auth()...).outcome()
	return fmt.Sprintf("logout:%s after:%s", logout, c.do("GET", "/api/users/"+o.id, nil, o.auth()...).outcome())
}

func badLogin(c client) string {
	return c.do("POST", "/api/sessions", map[string]any{"session": map[string]any{"email": ownerEmail, "password": "wrong-password"}}, apiKeyHeader, defaultAPIKey).outcome()
}

func emptyUser(c client) string {
	return c.do("POST", "/api/users", map[string]any{"user": map[string]any{}}, c.owner().auth()...).outcome()
}

func createUserWith(password, confirmation string) func(c client) string {
	return func(c client) string {
		u := map[string]any{"email": "new@example.com", "password": password, "password_confirmation": confirmation}
		return c.do("POST", "/api/users", map[string]any{"user": u}, c.owner().auth()...).outcome()
	}
}

// deleteThenDetail deletes a user and reads it again; a never-existing id is read too.
func deleteThenDetail(c client) string {
	o := c.owner()
	id := c.createUser(o, "gone@example.com", 4, nil)
	del := c.do("DELETE", "/api/users/"+id, nil, o.auth()...).outcome()
	return fmt.Sprintf("delete:%s detail:%s never:%s", del,
		c.do("GET", "/api/users/"+id, nil, o.auth()...).outcome(),
		c.do("GET", "/api/users/999999", nil, o.auth()...).outcome())
}

// updateThenDetail changes a username and reads it back from the update's answer and detail.
func updateThenDetail(c client) string {
	o := c.owner()
	id := c.createUser(o, "upd@example.com", 4, map[string]any{"username": "before"})
	upd := c.do("PUT", "/api/users/"+id, map[string]any{"user": map[string]any{"username": "after"}}, o.auth()...)
	after := c.do("GET", "/api/users/"+id, nil, o.auth()...).object("user")["username"]
	return fmt.Sprintf("update:%s answered:%v detail:%v", upd.outcome(), upd.object("user")["username"], after)
}

// createThenDetail creates a user and compares the create's answer with detail.
func createThenDetail(c client) string {
	o := c.owner()
	u := map[string]any{"email": "ada@example.com", "first_name": "Ada", "password": "password1", "password_confirmation": "password1"}
	created := c.do("POST", "/api/users", map[string]any{"user": u}, o.auth()...).object("user")
	detail := c.do("GET", fmt.Sprint("/api/users/", created["id"]), nil, o.auth()...).object("user")
	return fmt.Sprintf("create:%v detail:%v", created["first_name"], detail["first_name"])
}

// page lists users one at a time at an offset, with three users present.
func page(offset int) func(c client) string {
	return func(c client) string {
		o := c.owner()
		c.createUser(o, "two@example.com", 4, nil)
		c.createUser(o, "three@example.com", 4, nil)
		r := c.do("GET", fmt.Sprintf("/api/users?_limit=1&_offset=%d", offset), nil, o.auth()...)
		items, _ := r.body["users"].([]any)
		first := ""
		if len(items) > 0 {
			first = fmt.Sprint(items[0].(map[string]any)["email"])
		}
		meta, _ := r.body["metadata"].(map[string]any)
		return fmt.Sprintf("items:%d first:%s count:%v next:%v", len(items), first, meta["count"], meta["next"])
	}
}

func statusHeader(name string) func(c client) string {
	return func(c client) string { return name + ":" + c.do("GET", "/api/status", nil).header.Get(name) }
}

// viewer is a logged-in user with the Viewer role.
func viewer(c client) session {
	c.createUser(c.owner(), "viewer@example.com", 4, nil)
	return c.login("viewer@example.com", "password1")
}
