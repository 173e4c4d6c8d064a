package diff

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// prefixPattern is the run prefix every name a run creates starts with (factory.RunPrefix:
// "mc", six base-36 characters, the process number, "_"); namePattern is a whole such name
// (the factory's names and the pipeline uuids derived from them are word characters).
var (
	prefixPattern = regexp.MustCompile(`mc[0-9a-z]{6}[0-9]+_`)
	namePattern   = regexp.MustCompile(`mc[0-9a-z]{6}[0-9]+_[0-9A-Za-z_]*`)
	digits        = regexp.MustCompile(`^[0-9]+$`)
	// hexToken is a schedule's trigger token (uuid4().hex) in a trigger route's path.
	hexToken = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// Placeholders of normalised values.
const (
	nameHolder   = "{name}"
	idHolder     = "{id}"
	numberHolder = "{n}"
	tokenHolder  = "{token}"
)

// requestOf is what pairs two exchanges: the method, the path with names, ids and trigger
// tokens replaced,
// and the query with names replaced, its parameters sorted. Two runs of one scenario send
// the same requests in this form whatever their seeds, run prefixes and ids.
func requestOf(e Exchange) string {
	path, query, _ := strings.Cut(strings.TrimPrefix(e.URL, baseOf(e.URL)), "?")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if plain, err := url.PathUnescape(s); err == nil {
			s = plain
		}
		switch {
		case prefixPattern.MatchString(s):
			segs[i] = nameHolder
		case digits.MatchString(s):
			segs[i] = idHolder
		case hexToken.MatchString(s):
			segs[i] = tokenHolder
		}
	}
	out := e.Method + " " + strings.Join(segs, "/")
	if query == "" {
		return out
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		k, v, hasValue := strings.Cut(namePattern.ReplaceAllString(p, nameHolder), "=")
		if hasValue && digits.MatchString(v) {
			v = numberHolder // an id, or an offset the suite computed from a count
		}
		params[i] = k
		if hasValue {
			params[i] += "=" + v
		}
	}
	sort.Strings(params)
	return out + "?" + strings.Join(params, "&")
}

// route is the resource and action a request addresses, for grouping: /api/pipelines/{name}/
// pipeline_schedules is "pipeline_schedules" × "create" for a POST.
func route(request string) (resource, action string) {
	method, path, _ := strings.Cut(request, " ")
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 2 || segs[0] != "api" {
		return "(other)", strings.ToLower(method)
	}
	segs = segs[1:]
	member := len(segs)%2 == 0
	resource = segs[len(segs)-1]
	if member {
		resource = segs[len(segs)-2]
	}
	switch method {
	case http.MethodGet:
		action = "list"
		if member {
			action = "detail"
		}
	case http.MethodPost:
		action = "create"
	case http.MethodPut, http.MethodPatch:
		action = "update"
	case http.MethodDelete:
		action = "delete"
	default:
		action = strings.ToLower(method)
	}
	return resource, action
}

// normalKey replaces a generated name used as an object key, so keys named after the run's
// records compare equal across runs.
func normalKey(k string) string { return namePattern.ReplaceAllString(k, nameHolder) }

// foreign reports whether text names a record of another run: a name with a run prefix that
// this run never sent.
func (r *Run) foreign(text string) bool {
	for _, p := range prefixPattern.FindAllString(text, -1) {
		if !r.own[p] {
			return true
		}
	}
	return false
}
