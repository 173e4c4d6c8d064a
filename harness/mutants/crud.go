package mutants

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Faults in base CRUD (B4): answers that look right while the data says otherwise.
func crudMutants() []Mutant {
	return []Mutant{
		{
			Name:   "update-not-saved",
			Fault:  "Update answers success but the old values are put back.",
			Breaks: []string{"B4.update"},
			Labels: lifecycle(),
			Wrap:   updateNotSaved,
		},
		{
			Name:   "update-answer-stale",
			Fault:  "Update stores the change but answers with the record as it was before.",
			Breaks: []string{"B4.update"},
			Labels: lifecycle(),
			Wrap:   updateAnswerStale,
		},
		{
			Name:   "delete-not-deleted",
			Fault:  "Delete answers success but the record stays.",
			Breaks: []string{"B4.delete"},
			Labels: lifecycle(),
			Wrap:   deleteNotDeleted,
		},
		{
			Name:   "create-differs-from-detail",
			Fault:  "Create stores altered text but answers with what was sent.",
			Breaks: []string{"B4.detail"},
			Labels: lifecycle(),
			Wrap:   createDiffers,
		},
		{
			Name:   "create-answer-altered",
			Fault:  "Create stores what was sent but answers with altered text.",
			Breaks: []string{"B4.create"},
			Labels: lifecycle(),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if obj, ok := body[singular(resource(r))].(map[string]any); ok && r.Method == http.MethodPost && isCollection(r) && crudResource(r) {
					alterFreeText(resource(r), obj)
				}
			}),
		},
		{
			Name:   "list-omits-created",
			Fault:  "Lists leave out the records created through the server.",
			Breaks: []string{"B4.list"},
			Labels: lifecycle(),
			Wrap:   listOmitsCreated,
		},
		{
			Name:   "detail-alters-strings",
			Fault:  "Detail shows free-text attributes altered.",
			Breaks: []string{"B4.detail"},
			Labels: lifecycle(),
			Wrap:   detailAltersStrings,
		},
		{
			Name:   "uuid-not-derived",
			Fault:  "Pipeline uuids get a `v2_` prefix instead of Mage's clean_name.",
			Breaks: []string{"B4.derived-pk"},
			Labels: lifecycle("pipelines"),
			Wrap:   uuidNotDerived,
		},
		{
			Name:   "nested-list-empty",
			Fault:  "The nested list under a pipeline is always empty.",
			Breaks: []string{"B4.nested"},
			Labels: lifecycle("pipeline_schedules"),
			Wrap: editSuccess(func(r *http.Request, body map[string]any) {
				if len(segments(r)) == 3 && r.Method == http.MethodGet {
					body[resource(r)] = []any{}
					if meta, ok := body["metadata"].(map[string]any); ok {
						meta["count"], meta["next"] = 0, false
					}
				}
			}),
		},
		{
			Name:   "secret-detail-allowed",
			Fault:  "A secret's detail and update (disabled) answer success.",
			Breaks: []string{"B4.disabled-action"},
			Labels: lifecycle("secrets"),
			Wrap: rewrite(both(onResource("secrets"), isMember), func(r *http.Request, rp *reply) {
				if (r.Method == http.MethodGet || r.Method == http.MethodPut) && rp.errorType() == "unauthorized_access" {
					s := segments(r)
					rp.status = http.StatusOK
					rp.setObject(map[string]any{"secret": map[string]any{"name": s[len(s)-1]}, "metadata": nil})
				}
			}),
		},
	}
}

// lifecycle selects the whole B4 lifecycle of the given resources (all when none): its specs
// share one record through an ordered container, so the mutant meets them in the order and
// state of a full run rather than one spec at a time.
func lifecycle(resources ...string) string {
	if len(resources) == 0 {
		return "crud"
	}
	return "crud && (resource:" + strings.Join(resources, " || resource:") + ")"
}

// crudResource excludes the pseudo-resources whose PUT/POST are not record writes.
func crudResource(r *http.Request) bool {
	res := resource(r)
	return res != "" && res != "sessions" && res != "status" && res != "statuses"
}

// updateNotSaved lets the update happen, then quietly puts the old values back as the owner:
// the caller saw a normal success, every error path is untouched, and detail shows no change.
func updateNotSaved(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || !isMember(r) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		body := bufferBody(r)
		_, token, ok := ownerLogin(h)
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		key := singular(resource(r))
		before, _ := capture(h, ownerRequest(token, http.MethodGet, r.URL.EscapedPath(), nil)).object()[key].(map[string]any)
		rp := capture(h, r)
		if rp.isSuccess() && before != nil {
			written, _ := decodeObject(body)[key].(map[string]any)
			old := map[string]any{}
			for k := range written {
				if v, ok := before[k]; ok && isScalar(v) {
					old[k] = v
				}
			}
			capture(h, ownerRequest(token, http.MethodPut, r.URL.EscapedPath(), map[string]any{key: old}))
		}
		rp.write(w)
	})
}

// updateAnswerStale answers a successful update with the record read just before it.
func updateAnswerStale(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || !isMember(r) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		body := bufferBody(r)
		before := capture(h, probeAsCaller(r, body, http.MethodGet, r.URL.EscapedPath(), ""))
		rp := capture(h, r)
		if rp.isSuccess() && before.isSuccess() {
			rp.body = before.body
		}
		rp.write(w)
	})
}

// deleteNotDeleted answers a delete of an existing record with success and leaves it in place.
// A caller without the right to delete gets the same success (a side effect of faking it).
func deleteNotDeleted(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodDelete || !isMember(r) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		_, token, ok := ownerLogin(h)
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		found := capture(h, ownerRequest(token, http.MethodGet, r.URL.EscapedPath(), nil))
		if found.errorType() == "record_not_found" {
			h.ServeHTTP(w, r)
			return
		}
		key := singular(resource(r))
		record, _ := found.object()[key].(map[string]any)
		if record == nil {
			s := segments(r)
			record = map[string]any{"name": s[len(s)-1]}
		}
		rp := &reply{status: http.StatusOK, header: found.header}
		rp.setObject(map[string]any{key: record, "metadata": nil})
		rp.write(w)
	})
}

// createDiffers stores string attributes altered, but answers the create with what was sent:
// the create response looks right, detail shows something else.
func createDiffers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !isCollection(r) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		key := singular(resource(r))
		m := decodeObject(bufferBody(r))
		attrs, _ := m[key].(map[string]any)
		sent := map[string]any{}
		for k, v := range attrs {
			if s, ok := v.(string); ok && s != "" && isFreeText(resource(r), k) {
				sent[k] = s
				attrs[k] = s + "x"
			}
		}
		if len(sent) == 0 {
			h.ServeHTTP(w, r)
			return
		}
		r = r.Clone(r.Context())
		setJSONBody(r, m)
		rp := capture(h, r)
		if obj, ok := rp.object()[key].(map[string]any); ok {
			for k, v := range sent {
				if _, shown := obj[k]; shown {
					obj[k] = v
				}
			}
			rp.setObject(map[string]any{key: obj, "metadata": nil})
		}
		rp.write(w)
	})
}

// listOmitsCreated remembers every record created through it and leaves them out of lists.
func listOmitsCreated(h http.Handler) http.Handler {
	var mu sync.Mutex
	created := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !crudResource(r) || !isCollection(r) || (r.Method != http.MethodPost && r.Method != http.MethodGet) {
			h.ServeHTTP(w, r)
			return
		}
		rp := capture(h, r)
		body := rp.object()
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost {
			if obj, ok := body[singular(resource(r))].(map[string]any); ok {
				created[identity(resource(r), obj)] = true
			}
		} else if items, ok := body[resource(r)].([]any); ok {
			kept := []any{}
			for _, it := range items {
				if obj, ok := it.(map[string]any); !ok || !created[identity(resource(r), obj)] {
					kept = append(kept, it)
				}
			}
			body[resource(r)] = kept
			rp.setObject(body)
		}
		rp.write(w)
	})
}

// identity names a record by its resource and primary key (id, else uuid, else name).
func identity(res string, obj map[string]any) string {
	for _, k := range []string{"id", "uuid", "name"} {
		if v, ok := obj[k]; ok && v != nil {
			return fmt.Sprintf("%s/%v", res, v)
		}
	}
	return ""
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, json.Number, bool, nil:
		return true
	}
	return false
}

// ownerRequest is a side request made with the owner's token and the default key.
func ownerRequest(token, method, path string, payload map[string]any) *http.Request {
	body := ""
	if payload != nil {
		b, _ := json.Marshal(payload)
		body = string(b)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set(apiKeyHeader, defaultAPIKey)
	req.Header.Set(tokenHeader, token)
	req.Header.Set("Content-Type", "application/json")
	return req
}
