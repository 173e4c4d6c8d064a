package mutants

import (
	"net/http"
	"strings"

	"github.com/mageconform/mageconform/fixtures"
)

// Faults in what detail shows and how records are named (B4).

// notFreeText are attributes the mutants never alter: identities, enumerations, timestamps
// and secrets, whose altering would make a create fail or break more than the one rule.
var notFreeText = map[string]bool{
	"id": true, "uuid": true, "pipeline_uuid": true, "token": true, "email": true, "type": true,
	"status": true, "schedule_type": true, "schedule_interval": true, "created_at": true,
	"updated_at": true, "roles_display": true, "repo_path": true, "password": true,
	"password_confirmation": true, "value": true,
}

// isFreeText reports an attribute a mutant may alter: not in notFreeText, and not the one the
// resource's pk comes from (the catalogue's PKSource: a pipeline's or a secret's name).
func isFreeText(res, key string) bool {
	if r, ok := fixtures.ByName(res); ok && r.PKSource == key {
		return false
	}
	return !notFreeText[key]
}

// detailAltersStrings shows every free-text attribute of a detail with an "x" appended.
func detailAltersStrings(h http.Handler) http.Handler {
	return editSuccess(func(r *http.Request, body map[string]any) {
		obj, ok := body[singular(resource(r))].(map[string]any)
		if !ok || r.Method != http.MethodGet || !isMember(r) {
			return
		}
		alterFreeText(resource(r), obj)
	})(h)
}

// alterFreeText appends "x" to every free-text attribute of a record.
func alterFreeText(res string, obj map[string]any) {
	for k, v := range obj {
		if s, ok := v.(string); ok && s != "" && isFreeText(res, k) {
			obj[k] = s + "x"
		}
	}
}

// uuidPrefix marks the pipeline uuids uuidNotDerived makes up.
const uuidPrefix = "v2_"

// uuidNotDerived names pipelines "v2_" + clean_name(name): a uuid scheme of its own, applied
// consistently (requests are translated back), so only the derivation itself is wrong.
func uuidNotDerived(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := segments(r); len(s) >= 2 && s[0] == "pipelines" {
			if strings.HasPrefix(s[1], uuidPrefix) {
				r = r.Clone(r.Context())
				s[1] = strings.TrimPrefix(s[1], uuidPrefix)
				r.URL.Path = "/api/" + strings.Join(s, "/")
				r.URL.RawPath = ""
			}
		}
		rp := capture(h, r)
		if body := rp.object(); body != nil {
			prefixUUIDs(body, false)
			rp.setObject(body)
		}
		rp.write(w)
	})
}

// prefixUUIDs renames pipeline uuids wherever a body shows them: `uuid` inside pipeline
// objects and `pipeline_uuid` anywhere.
func prefixUUIDs(v any, inPipeline bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && (k == "pipeline_uuid" || k == "uuid" && inPipeline) {
				x[k] = uuidPrefix + s
				continue
			}
			prefixUUIDs(e, k == "pipeline" || k == "pipelines")
		}
	case []any:
		for _, e := range x {
			prefixUUIDs(e, inPipeline)
		}
	}
}
