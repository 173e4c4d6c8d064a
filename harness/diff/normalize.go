package diff

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// prefixPattern is the run prefix every name a run creates starts with (factory.RunPrefix:
// "mc", six base-36 characters, the process number, "_"); namePattern is a whole such name
// (the factory's names and the pipeline uuids derived from them are word characters).
var (
	prefixPattern = regexp.MustCompile(`mc[0-9a-z]{6}[0-9]+_`)
	namePattern   = regexp.MustCompile(`mc[0-9a-z]{6}[0-9]+_[0-9A-Za-z_]*`)
	digits        = regexp.MustCompile(`^[0-9]+$`)
)

// Placeholders of normalised values.
const (
	nameHolder   = "{name}"
	idHolder     = "{id}"
	numberHolder = "{n}"
)

// requestOf is what pairs two exchanges: the method, the path with names and ids replaced,
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

// identity is what names a listed record across two servers: its uuid, email or name. A
// record whose identity is one of a run's names is the run's; "" when it has none.
func identity(item any) string {
	obj, ok := item.(map[string]any)
	if !ok {
		return ""
	}
	for _, k := range []string{"uuid", "email", "name"} {
		if s, ok := obj[k].(string); ok && s != "" {
			if prefixPattern.MatchString(s) {
				return ""
			}
			return k + "=" + s
		}
	}
	return ""
}

// notePreexisting remembers the records a list answer shows that no run created: what the
// server held before the run (Mage's example_pipeline, the owner, the default roles).
func (r *Run) notePreexisting(e Exchange) {
	resource, action := route(requestOf(e))
	if action != "list" {
		return
	}
	v, ok := decode(e.RespBody)
	obj, _ := v.(map[string]any)
	items, _ := obj[resource].([]any)
	if !ok || len(items) == 0 {
		return
	}
	if r.pre[resource] == nil {
		r.pre[resource] = map[string]bool{}
	}
	for _, item := range items {
		if id := identity(item); id != "" {
			r.pre[resource][id] = true
		}
	}
}

// setAside finds the records one run's server held before the run and the other's did not:
// state, not behaviour. Lists are compared without them (view).
func setAside(a, b *Run) {
	for _, pair := range [][2]*Run{{a, b}, {b, a}} {
		run, other := pair[0], pair[1]
		run.aside = map[string]map[string]bool{}
		for resource, ids := range run.pre {
			for id := range ids {
				if !other.pre[resource][id] {
					if run.aside[resource] == nil {
						run.aside[resource] = map[string]bool{}
					}
					run.aside[resource][id] = true
				}
			}
		}
	}
}

// SetAside lists the records set aside from this run's lists, as "resource: identity".
func (r *Run) SetAside() []string {
	var out []string
	for _, resource := range sortedKeys(r.aside) {
		for _, id := range sortedKeys(r.aside[resource]) {
			out = append(out, resource+": "+id)
		}
	}
	return out
}

// view is an answer as the diff compares it: list items that are another run's records or
// were set aside are taken out (at any depth), and the metadata of the resource's own list
// counts without them.
func (r *Run) view(v any, resource string) any {
	obj, ok := v.(map[string]any)
	if !ok {
		return r.prune(v)
	}
	out := make(map[string]any, len(obj))
	dropped := 0
	for k, fv := range obj {
		if items, isList := fv.([]any); isList && k == resource {
			kept := r.prune(items).([]any)
			dropped = len(items) - len(kept)
			out[k] = kept
			continue
		}
		out[k] = r.prune(fv)
	}
	aside := len(r.aside[resource])
	if meta, ok := out["metadata"].(map[string]any); ok && (aside > 0 || dropped > 0) {
		meta = maps.Clone(meta)
		less(meta, "count", aside)
		less(meta, "results", dropped)
		out["metadata"] = meta
	}
	return out
}

// prune copies v without the list items that are not this server's behaviour.
func (r *Run) prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, fv := range x {
			out[k] = r.prune(fv)
		}
		return out
	case []any:
		out := []any{}
		for _, item := range x {
			if r.foreign(compact(item)) || r.isAside(item) {
				continue
			}
			out = append(out, r.prune(item))
		}
		return out
	}
	return v
}

func (r *Run) isAside(item any) bool {
	id := identity(item)
	if id == "" {
		return false
	}
	for _, ids := range r.aside {
		if ids[id] {
			return true
		}
	}
	return false
}

// less lowers an integer metadata value by n.
func less(meta map[string]any, key string, n int) {
	num, ok := meta[key].(json.Number)
	if !ok || n == 0 {
		return
	}
	if v, err := num.Int64(); err == nil {
		meta[key] = json.Number(strconv.FormatInt(v-int64(n), 10))
	}
}
