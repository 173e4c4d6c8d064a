package mutants

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Faults in what a deleted or missing record looks like afterwards (B4, B6).
func deletedMutants() []Mutant {
	return []Mutant{
		{
			Name:   "deleted-detail-record-invalid",
			Fault:  "Detail of a deleted record is E(400, record_invalid).",
			Breaks: []string{"B4.deleted-not-found"},
			Labels: lifecycle(),
			Wrap:   deletedDetailInvalid,
		},
		{
			Name:   "deleted-detail-success",
			Fault:  "Detail of a deleted record still answers with the record.",
			Breaks: []string{"B4.deleted-is-error"},
			Labels: lifecycle(),
			Wrap:   deletedDetailSuccess,
		},
		{
			// Mage's own answer for a missing pipeline, with a type so the envelope holds.
			Name:   "missing-pipeline-500",
			Fault:  "A missing pipeline is E(500, server_error), as Mage answers it.",
			Breaks: []string{"B4.deleted-not-found-intended", "B6.existence-first-intended"},
			Labels: lifecycle("pipelines") + " || " + ruleLabels("B6.existence-first-intended"),
			Wrap: rewriteJSON(both(onResource("pipelines"), isMember), func(r *http.Request, rp *reply, body map[string]any) {
				if e, ok := body["error"].(map[string]any); ok && e["type"] == "record_not_found" {
					e["code"], e["type"] = json.Number("500"), "server_error"
					if httpErrorCodes(r) {
						rp.status, body["status"] = http.StatusInternalServerError, json.Number("500")
					}
				}
			}),
		},
	}
}

// deletedDetailInvalid answers later details of a record deleted through it with
// E(400, record_invalid) instead of record_not_found.
func deletedDetailInvalid(h http.Handler) http.Handler {
	return afterDelete(h, func(_, notFound *reply) *reply {
		body := notFound.object()
		e := body["error"].(map[string]any)
		e["code"], e["type"] = json.Number("400"), "record_invalid"
		notFound.setObject(body)
		return notFound
	})
}

// deletedDetailSuccess answers the detail of a record deleted through it with the record as
// the delete answered it.
func deletedDetailSuccess(h http.Handler) http.Handler {
	return afterDelete(h, func(deleted, _ *reply) *reply { return deleted })
}

// afterDelete remembers every record deleted through it (by path, with the delete's answer) and
// lets answer replace the record_not_found a later detail (or delete) of that path gets.
func afterDelete(h http.Handler, answer func(deleted, notFound *reply) *reply) http.Handler {
	var mu sync.Mutex
	deleted := map[string]*reply{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isMember(r) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		rp := capture(h, r)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Method == http.MethodDelete && rp.isSuccess():
			deleted[r.URL.Path] = rp
		case (r.Method == http.MethodGet || r.Method == http.MethodDelete) && deleted[r.URL.Path] != nil && rp.errorType() == "record_not_found":
			// a repeated delete asks too, for a resource whose detail is refused before any lookup
			rp = answer(deleted[r.URL.Path], rp)
		}
		rp.write(w)
	})
}
