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

// deletedDetailInvalid remembers every path deleted through it and answers later details of
// those paths with E(400, record_invalid) instead of record_not_found.
func deletedDetailInvalid(h http.Handler) http.Handler {
	var mu sync.Mutex
	deleted := map[string]bool{}
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
			deleted[r.URL.Path] = true
		case r.Method == http.MethodGet && deleted[r.URL.Path] && rp.errorType() == "record_not_found":
			body := rp.object()
			e := body["error"].(map[string]any)
			e["code"], e["type"] = json.Number("400"), "record_invalid"
			rp.setObject(body)
		}
		rp.write(w)
	})
}

// deletedDetailSuccess answers the detail of a record deleted through it with the record as
// the delete answered it.
func deletedDetailSuccess(h http.Handler) http.Handler {
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
		case r.Method == http.MethodGet && deleted[r.URL.Path] != nil && rp.errorType() == "record_not_found":
			rp = deleted[r.URL.Path]
		}
		rp.write(w)
	})
}
