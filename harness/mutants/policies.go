package mutants

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Faults in policies (B6): refusals that do not happen, or happen in the wrong order.
func policyMutants() []Mutant {
	return []Mutant{
		{
			Name:   "non-owner-writes-as-owner",
			Fault:  "A write refused to a non-owner is carried out as the owner.",
			Breaks: []string{"B6.forbidden"},
			Labels: ruleLabels("B6.forbidden"),
			Wrap: replayAsOwnerWhen(func(r *http.Request, rp *reply) bool {
				return isWrite(r) && crudResource(r) && hasToken(r) && rp.errorType() == "unauthorized_access"
			}),
		},
		{
			Name:   "forbidden-write-done-anyway",
			Fault:  "A write refused to a non-owner is answered 403 but carried out all the same.",
			Breaks: []string{"B6.forbidden"},
			Labels: ruleLabels("B6.forbidden"),
			Wrap:   forbiddenWriteDoneAnyway,
		},
		{
			Name:   "forbidden-attribute-dropped",
			Fault:  "A forbidden written attribute is dropped silently instead of 403.",
			Breaks: []string{"B6.forbidden-attribute"},
			Labels: ruleLabels("B6.forbidden-attribute"),
			Wrap:   forbiddenAttributeDropped,
		},
		{
			Name:   "non-owner-lists-refused",
			Fault:  "Lists are refused to every logged-in non-owner.",
			Breaks: []string{"B6.allowed"},
			Labels: ruleLabels("B6.allowed"),
			Wrap: refuseWhen(func(h http.Handler, r *http.Request, body []byte, _ *reply) bool {
				return r.Method == http.MethodGet && isCollection(r) && crudResource(r) && hasToken(r) && !callerIsOwner(h, r, body)
			}),
		},
		{
			Name:   "non-owner-creates-refused",
			Fault:  "Creates are refused to every logged-in non-owner.",
			Breaks: []string{"B6.allowed"},
			Labels: ruleLabels("B6.allowed"),
			Wrap: refuseBefore(func(h http.Handler, r *http.Request, body []byte) bool {
				return r.Method == http.MethodPost && isCollection(r) && crudResource(r) && hasToken(r) && !callerIsOwner(h, r, body)
			}),
		},
		{
			Name:   "own-record-refused",
			Fault:  "Users below admin cannot read or update their own record.",
			Breaks: []string{"B6.own-record"},
			Labels: ruleLabels("B6.own-record"),
			Wrap: refuseWhen(func(h http.Handler, r *http.Request, body []byte, rp *reply) bool {
				return resource(r) == "users" && isMember(r) && rp.isSuccess() && (r.Method == http.MethodGet || r.Method == http.MethodPut) &&
					capture(h, probeAsCaller(r, body, http.MethodGet, "/api/users", "")).errorType() == "unauthorized_access"
			}),
		},
		{
			// The common lenient server: query parameters it has no use for are ignored.
			Name:   "unknown-query-ignored",
			Fault:  "Query parameters outside the allow-list are ignored instead of 403 for non-owners.",
			Breaks: []string{"B6.forbidden-query"},
			Labels: ruleLabels("B6.forbidden-query"),
			Wrap: alter(func(r *http.Request) {
				q := r.URL.Query()
				for k := range q {
					if !strings.HasPrefix(k, "_") && k != apiKeyArgument {
						q.Del(k)
					}
				}
				r.URL.RawQuery = q.Encode()
			}),
		},
		{
			Name:   "permission-before-existence",
			Fault:  "A missing record is 403 instead of 404 for non-owners.",
			Breaks: []string{"B6.existence-first"},
			Labels: ruleLabels("B6.existence-first"),
			Wrap:   permissionBeforeExistence,
		},
	}
}

// forbiddenWriteDoneAnyway replays a refused write as the owner behind the caller's back and
// still answers with the refusal.
func forbiddenWriteDoneAnyway(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := bufferBody(r)
		rp := capture(h, r)
		if isWrite(r) && crudResource(r) && hasToken(r) && rp.errorType() == "unauthorized_access" {
			if _, token, ok := ownerLogin(h); ok {
				again := r.Clone(r.Context())
				setBody(again, body)
				asOwner(again, token)
				capture(h, again)
			}
		}
		rp.write(w)
	})
}

func isWrite(r *http.Request) bool {
	return r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodDelete
}

// forbiddenAttributeDropped retries a refused write without one attribute at a time and answers
// with the first retry that succeeds: the forbidden attribute is silently dropped, not refused.
// A refused action stays refused whatever the payload, so those 403s are unchanged.
func forbiddenAttributeDropped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodPost && r.Method != http.MethodPut) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		body := bufferBody(r)
		rp := capture(h, r)
		key := singular(resource(r))
		m := decodeObject(body)
		attrs, _ := m[key].(map[string]any)
		if rp.errorType() == "unauthorized_access" && len(attrs) > 0 {
			names := make([]string, 0, len(attrs))
			for k := range attrs {
				names = append(names, k)
			}
			slices.Sort(names)
			for _, k := range names {
				without := decodeObject(body)
				delete(without[key].(map[string]any), k)
				again := r.Clone(r.Context())
				setJSONBody(again, without)
				if retry := capture(h, again); retry.isSuccess() {
					rp = retry
					break
				}
			}
		}
		rp.write(w)
	})
}

// permissionBeforeExistence turns record_not_found on a member route into
// E(403, unauthorized_access) for every caller who is not an owner.
func permissionBeforeExistence(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isMember(r) || !crudResource(r) {
			h.ServeHTTP(w, r)
			return
		}
		body := bufferBody(r)
		rp := capture(h, r)
		if rp.errorType() == "record_not_found" && !callerIsOwner(h, r, body) {
			m := rp.object()
			e := m["error"].(map[string]any)
			e["code"], e["type"] = json.Number("403"), "unauthorized_access"
			if httpErrorCodes(r) {
				rp.status, m["status"] = http.StatusForbidden, json.Number("403")
			}
			rp.setObject(m)
		}
		rp.write(w)
	})
}

// callerIsOwner asks the inner handler on the caller's behalf for something only an owner may
// try: creating an empty user. An owner gets a validation error (nothing is stored), anyone
// else a 403.
func callerIsOwner(h http.Handler, r *http.Request, body []byte) bool {
	probe := probeAsCaller(r, body, http.MethodPost, "/api/users", `{"user": {}}`)
	return capture(h, probe).errorType() != "unauthorized_access"
}

// refuseBefore answers E(403, unauthorized_access) where refuse says so, without letting the
// request reach the reference: for writes, whose refusal must leave nothing behind.
func refuseBefore(refuse func(h http.Handler, r *http.Request, body []byte) bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if refuse(h, r, bufferBody(r)) {
				errorReply(r, 403, "unauthorized_access", "Unauthorized access.").write(w)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
}

// refuseWhen answers E(403, unauthorized_access) where refuse says so, given the request and
// the reference's answer. Nothing is undone: a refused update that the reference carried out
// stays done, which only makes the fault harder to see.
func refuseWhen(refuse func(h http.Handler, r *http.Request, body []byte, rp *reply) bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body := bufferBody(r)
			rp := capture(h, r)
			if refuse(h, r, body, rp) {
				rp = errorReply(r, 403, "unauthorized_access", "Unauthorized access.")
			}
			rp.write(w)
		})
	}
}
