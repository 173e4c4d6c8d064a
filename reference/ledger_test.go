package reference_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The concurrency workload: clients doing mixed CRUD at once, each keeping a ledger of what
// its successful requests did, so that the server's final state can be compared with the
// ledgers exactly. Each client works on records of its own, and all of them fight over a few
// shared secret names, of which at most one create can win at a time; for those the ledger
// counts wins (+1) and deletes (-1), which sum to whether the secret exists.

// sendFunc sends one request as the owner and returns the decoded answer.
type sendFunc func(method, path string, body any) (status int, decoded map[string]any)

// ledger is what the clients' successful requests add up to.
type ledger struct {
	mu        sync.Mutex
	secrets   map[string]int    // name -> creates minus deletes
	pipelines map[string]string // uuid -> description
	schedules map[int]string    // id -> pipeline uuid + "/" + name
	users     map[string]string // email -> first name
}

func newLedger() *ledger {
	return &ledger{secrets: map[string]int{}, pipelines: map[string]string{}, schedules: map[int]string{}, users: map[string]string{}}
}

// workloadResult is what a run did.
type workloadResult struct {
	requests int
	refused  int // answers that were errors: contention on shared names, and nothing else
	problems []string
}

// runWorkload runs clients × ops requests through send and returns the ledger.
func runWorkload(send sendFunc, clients, ops int, seed uint64) (*ledger, workloadResult) {
	l := newLedger()
	var mu sync.Mutex
	var total workloadResult
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			r := runClient(send, l, c, ops, seed)
			mu.Lock()
			total.requests += r.requests
			total.refused += r.refused
			total.problems = append(total.problems, r.problems...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return l, total
}

func runClient(send sendFunc, l *ledger, c, ops int, seed uint64) workloadResult {
	r := rand.New(rand.NewPCG(seed, uint64(c)))
	var res workloadResult
	prefix := fmt.Sprintf("c%d_", c)
	var secrets, pipelines []string
	users := map[string]string{}  // email -> id
	schedules := map[int]string{} // id -> pipeline uuid
	n := 0
	fail := func(format string, args ...any) {
		res.problems = append(res.problems, fmt.Sprintf("client %d: ", c)+fmt.Sprintf(format, args...))
	}
	// do sends a request that must succeed and returns its object.
	do := func(method, path string, body any, key string) map[string]any {
		res.requests++
		status, decoded := send(method, path, body)
		obj, ok := decoded[key].(map[string]any)
		if status != 200 || !ok {
			fail("%s %s: %d %v", method, path, status, decoded)
			return nil
		}
		return obj
	}
	pick := func(list []string) (int, string) { i := r.IntN(len(list)); return i, list[i] }
	drop := func(list []string, i int) []string { return append(list[:i], list[i+1:]...) }
	for range ops {
		n++
		switch op := r.IntN(100); {
		case op < 15:
			name := fmt.Sprintf("%ss%d", prefix, n)
			if do("POST", "/api/secrets", body("secret", map[string]any{"name": name, "value": "v"}), "secret") != nil {
				secrets = append(secrets, name)
				l.add(func() { l.secrets[name]++ })
			}
		case op < 22 && len(secrets) > 0:
			i, name := pick(secrets)
			if do("DELETE", "/api/secrets/"+name, nil, "secret") != nil {
				secrets = drop(secrets, i)
				l.add(func() { l.secrets[name]-- })
			}
		case op < 32:
			// Contention: every client creates and deletes the same few names.
			name := fmt.Sprintf("shared_%d", r.IntN(4))
			method, path, b := "POST", "/api/secrets", any(body("secret", map[string]any{"name": name, "value": "v"}))
			delta := 1
			if r.IntN(2) == 0 {
				method, path, b, delta = "DELETE", "/api/secrets/"+name, nil, -1
			}
			res.requests++
			status, decoded := send(method, path, b)
			switch _, ok := decoded["secret"]; {
			case status == 200 && ok:
				l.add(func() { l.secrets[name] += delta })
			case status == 200 && decoded["error"] != nil:
				res.refused++ // taken, or already gone
			default:
				fail("%s %s: %d %v", method, path, status, decoded)
			}
		case op < 42:
			name := fmt.Sprintf("%sp%d", prefix, n)
			if obj := do("POST", "/api/pipelines", body("pipeline", map[string]any{"name": name, "description": "new"}), "pipeline"); obj != nil {
				uuid := obj["uuid"].(string)
				pipelines = append(pipelines, uuid)
				l.add(func() { l.pipelines[uuid] = "new" })
			}
		case op < 52 && len(pipelines) > 0:
			_, uuid := pick(pipelines)
			description := fmt.Sprintf("d%d", n)
			if do("PUT", "/api/pipelines/"+uuid, body("pipeline", map[string]any{"description": description}), "pipeline") != nil {
				l.add(func() { l.pipelines[uuid] = description })
			}
		case op < 56 && len(pipelines) > 0:
			i, uuid := pick(pipelines)
			if do("DELETE", "/api/pipelines/"+uuid, nil, "pipeline") != nil {
				pipelines = drop(pipelines, i)
				l.add(func() {
					delete(l.pipelines, uuid)
					for id, owner := range schedules { // its schedules go with it
						if owner == uuid {
							delete(l.schedules, id)
						}
					}
				})
				maps.DeleteFunc(schedules, func(_ int, owner string) bool { return owner == uuid })
			}
		case op < 66 && len(pipelines) > 0:
			_, uuid := pick(pipelines)
			name := fmt.Sprintf("t%d", n)
			if obj := do("POST", "/api/pipelines/"+uuid+"/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": name}), "pipeline_schedule"); obj != nil {
				id := int(obj["id"].(float64))
				schedules[id] = uuid
				l.add(func() { l.schedules[id] = uuid + "/" + name })
			}
		case op < 74 && len(schedules) > 0:
			id, uuid := anySchedule(r, schedules)
			name := fmt.Sprintf("u%d", n)
			if do("PUT", fmt.Sprintf("/api/pipeline_schedules/%d", id), body("pipeline_schedule", map[string]any{"name": name}), "pipeline_schedule") != nil {
				l.add(func() { l.schedules[id] = uuid + "/" + name })
			}
		case op < 78 && len(schedules) > 0:
			id, _ := anySchedule(r, schedules)
			if do("DELETE", fmt.Sprintf("/api/pipelines/%s/pipeline_schedules/%d", schedules[id], id), nil, "pipeline_schedule") != nil {
				delete(schedules, id)
				l.add(func() { delete(l.schedules, id) })
			}
		case op < 81:
			email := fmt.Sprintf("%su%d@example.com", prefix, n)
			if obj := do("POST", "/api/users", body("user", map[string]any{"email": email, "password": "password1",
				"password_confirmation": "password1", "first_name": "new", "roles_new": []int{3}}), "user"); obj != nil {
				users[email] = fmt.Sprint(int(obj["id"].(float64)))
				l.add(func() { l.users[email] = "new" })
			}
		case op < 84 && len(users) > 0:
			emails := slices.Sorted(maps.Keys(users))
			email := emails[r.IntN(len(emails))]
			id := users[email]
			if r.IntN(2) == 0 {
				first := fmt.Sprintf("f%d", n)
				if do("PUT", "/api/users/"+id, body("user", map[string]any{"first_name": first}), "user") != nil {
					l.add(func() { l.users[email] = first })
				}
			} else if do("DELETE", "/api/users/"+id, nil, "user") != nil {
				delete(users, email)
				l.add(func() { delete(l.users, email) })
			}
		default:
			// Reads, which must never fail whatever the others do meanwhile.
			path := []string{"/api/secrets?_limit=20", "/api/pipelines?_limit=10", "/api/pipeline_schedules", "/api/users?_limit=5"}[r.IntN(4)]
			res.requests++
			if status, decoded := send("GET", path, nil); status != 200 || decoded["metadata"] == nil {
				fail("GET %s: %d %v", path, status, decoded)
			}
		}
	}
	return res
}

func (l *ledger) add(change func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	change()
}

func anySchedule(r *rand.Rand, schedules map[int]string) (int, string) {
	ids := make([]int, 0, len(schedules))
	for id := range schedules {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	id := ids[r.IntN(len(ids))]
	return id, schedules[id]
}

// expected is the ledger as the lists should show it.
func (l *ledger) expected() map[string]map[string]string {
	out := map[string]map[string]string{"secrets": {}, "pipelines": {}, "pipeline_schedules": {}, "users": {}}
	for name, n := range l.secrets {
		if n != 0 {
			out["secrets"][name] = fmt.Sprint(n) // 1, or a count that shows the ledger went wrong
		}
	}
	for uuid, d := range l.pipelines {
		out["pipelines"][uuid] = d
	}
	for id, s := range l.schedules {
		out["pipeline_schedules"][fmt.Sprint(id)] = s
	}
	maps.Copy(out["users"], l.users)
	return out
}

// observed is the server's state as the owner lists it, in the ledger's terms.
func observed(send sendFunc) map[string]map[string]string {
	out := map[string]map[string]string{"secrets": {}, "pipelines": {}, "pipeline_schedules": {}, "users": {}}
	list := func(path, key string) []map[string]any {
		_, decoded := send("GET", path, nil)
		var items []map[string]any
		raw, _ := decoded[key].([]any)
		for _, item := range raw {
			items = append(items, item.(map[string]any))
		}
		return items
	}
	for _, s := range list("/api/secrets?_limit=100000", "secrets") {
		out["secrets"][s["name"].(string)] = "1"
	}
	for _, p := range list("/api/pipelines", "pipelines") {
		out["pipelines"][p["uuid"].(string)] = fmt.Sprint(p["description"])
	}
	for _, s := range list("/api/pipeline_schedules?_limit=100000", "pipeline_schedules") {
		out["pipeline_schedules"][fmt.Sprint(int(s["id"].(float64)))] = fmt.Sprint(s["pipeline_uuid"], "/", s["name"])
	}
	for _, u := range list("/api/users?_limit=100000", "users") {
		if email := u["email"].(string); email != "admin@admin.com" {
			out["users"][email] = fmt.Sprint(u["first_name"])
		}
	}
	return out
}

// ledgerDiff lists where the observed state and the ledger differ.
func ledgerDiff(got, want map[string]map[string]string) []string {
	var out []string
	for kind, records := range want {
		for k, v := range records {
			if g, ok := got[kind][k]; !ok || g != v {
				out = append(out, fmt.Sprintf("%s %s: ledger %q, server %q (present %v)", kind, k, v, g, ok))
			}
		}
		for k, g := range got[kind] {
			if _, ok := records[k]; !ok {
				out = append(out, fmt.Sprintf("%s %s: not in the ledger, server %q", kind, k, g))
			}
		}
	}
	sort.Strings(out)
	return out
}

// httpSender sends as the owner to a server at base through one shared client.
func httpSender(client *http.Client, base, token string) sendFunc {
	return func(method, path string, b any) (int, map[string]any) {
		var reader io.Reader
		if b != nil {
			data, _ := json.Marshal(b)
			reader = bytes.NewReader(data)
		}
		req, err := http.NewRequest(method, base+path, reader)
		if err != nil {
			return 0, map[string]any{"transport": err.Error()}
		}
		req.Header.Set("X-API-KEY", apiKey)
		req.Header.Set("OAUTH-TOKEN", token)
		res, err := client.Do(req)
		if err != nil {
			return 0, map[string]any{"transport": err.Error()}
		}
		defer res.Body.Close()
		var decoded map[string]any
		data, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(data, &decoded); err != nil {
			return res.StatusCode, map[string]any{"body": strings.TrimSpace(string(data))}
		}
		return res.StatusCode, decoded
	}
}
