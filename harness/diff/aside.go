package diff

import (
	"encoding/json"
	"maps"
	"strconv"
	"strings"
)

// What a list shows that is not the server's behaviour: records of other runs sharing the
// server (Run.foreign) and records only one of the two servers held before the run.

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
// counts without them. A list of every record of the resource (whole: a top-level list that is
// only paged, ordered or formatted) counts without every record set aside, wherever it sorts;
// a nested or filtered one without those it holds, since a record set aside need not match
// its filter.
func (r *Run) view(v any, resource string, whole bool) any {
	obj, ok := v.(map[string]any)
	if !ok {
		return r.prune(v)
	}
	out := make(map[string]any, len(obj))
	dropped, asideHere := 0, 0
	for k, fv := range obj {
		if items, isList := fv.([]any); isList && k == resource {
			kept := r.prune(items).([]any)
			dropped = len(items) - len(kept)
			for _, item := range items {
				if r.isAside(item) {
					asideHere++
				}
			}
			out[k] = kept
			continue
		}
		out[k] = r.prune(fv)
	}
	aside := asideHere
	if whole {
		aside = len(r.aside[resource])
	}
	if meta, ok := out["metadata"].(map[string]any); ok && (aside > 0 || dropped > 0) {
		meta = maps.Clone(meta)
		less(meta, "count", aside)
		less(meta, "results", dropped)
		out["metadata"] = meta
	}
	return out
}

// wholeList reports whether a request lists every record of its resource, a page at a time: a
// top-level list (/api/<resource>) whose query only pages, orders, formats or authenticates it
// (_limit, _offset, _order_by[], _format, api_key, include_*).
func wholeList(e Exchange) bool {
	path, query, _ := strings.Cut(strings.TrimPrefix(e.URL, baseOf(e.URL)), "?")
	if len(strings.Split(strings.Trim(path, "/"), "/")) != 2 {
		return false
	}
	for _, p := range strings.Split(query, "&") {
		k, _, _ := strings.Cut(p, "=")
		if k != "" && !strings.HasPrefix(k, "_") && k != "api_key" && !strings.HasPrefix(k, "include_") {
			return false
		}
	}
	return true
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
