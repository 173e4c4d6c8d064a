package resources

import (
	"cmp"
	"slices"
	"strings"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// pipelineSortKeys are the _order_by[] keys the reference sorts on.
var pipelineSortKeys = map[string]func(p store.Pipeline) string{
	"uuid":       func(p store.Pipeline) string { return p.UUID },
	"name":       func(p store.Pipeline) string { return p.Name },
	"type":       func(p store.Pipeline) string { s, _ := p.Attrs["type"].(string); return s },
	"created_at": func(p store.Pipeline) string { return api.Datetime(p.CreatedAt) },
	"updated_at": func(p store.Pipeline) string { return api.Datetime(p.UpdatedAt) },
	"description": func(p store.Pipeline) string {
		if s, ok := p.Attrs["description"].(*string); ok && s != nil {
			return *s
		}
		return ""
	},
}

// listPipelines: filtered, ordered by uuid unless _order_by[] says otherwise,
// no default limit; metadata {count, results, next} with next null without _limit.
func listPipelines(op *api.Op, _ any) (any, error) {
	p, err := parsePaging(op, -1)
	if err != nil {
		return nil, err
	}
	less, err := pipelineOrder(op, op.Meta["_order_by[]"])
	if err != nil {
		return nil, err
	}
	var rows []store.Pipeline
	var statuses map[string]string
	total := -1
	op.Env.Store.Read(func(d *store.Data) {
		if less == nil && !filtered(op) {
			// Already in uuid order: page without copying the rest.
			total = d.PipelineCount()
			start, end := p.window(total)
			rows = d.PipelinePage(start, end-start)
			return
		}
		rows = d.Pipelines()
		if len(op.Query["status[]"]) > 0 {
			statuses = scheduleStatusByPipeline(d)
		}
	})
	start, end := 0, len(rows)
	if total < 0 {
		rows = slices.DeleteFunc(rows, func(pl store.Pipeline) bool { return !pipelineMatches(op, pl, statuses) })
		if less != nil {
			slices.SortStableFunc(rows, less)
		}
		total = len(rows)
		start, end = p.window(total)
	}
	items := make([]any, 0, end-start)
	for _, r := range rows[start:end] {
		items = append(items, r)
	}
	var next any
	if p.HasLimit {
		next = p.Offset+len(items) < total
	}
	return api.Page{Items: items, Metadata: map[string]any{"count": total, "results": len(items), "next": next}}, nil
}

// filtered: the request uses one of the list filters.
func filtered(op *api.Op) bool {
	for _, key := range []string{"search", "type[]", "tag[]", "status[]"} {
		if len(op.Query[key]) > 0 {
			return true
		}
	}
	return false
}

// pipelineOrder builds the comparison for _order_by[]; a leading "-" on the
// first key reverses the order, as in Mage. Mage sorts on any key, one the
// pipelines lack being equal for all of them (compat.OrderByAnyKey).
func pipelineOrder(op *api.Op, keys []string) (func(a, b store.Pipeline) int, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	reverse := strings.HasPrefix(keys[0], "-")
	var getters []func(store.Pipeline) string
	for _, k := range keys {
		get, ok := pipelineSortKeys[strings.TrimPrefix(k, "-")]
		if !ok && op.Env.Compat.Has(compat.OrderByAnyKey) {
			get, ok = func(store.Pipeline) string { return "" }, true
		}
		if !ok {
			return nil, apierr.Invalid("Unknown _order_by[] key.").WithErrors(map[string]any{"key": k})
		}
		getters = append(getters, get)
	}
	return func(a, b store.Pipeline) int {
		for _, get := range getters {
			if c := cmp.Compare(get(a), get(b)); c != 0 {
				if reverse {
					return -c
				}
				return c
			}
		}
		return 0
	}, nil
}

// pipelineMatches applies the search, type[], tag[] and status[] filters.
func pipelineMatches(op *api.Op, p store.Pipeline, statuses map[string]string) bool {
	q := op.Query
	if s := api.First(q["search"]); s != "" && !strings.Contains(p.UUID, s) {
		return false
	}
	if types := q["type[]"]; len(types) > 0 && !slices.Contains(types, p.Attrs["type"].(string)) {
		return false
	}
	if tags := q["tag[]"]; len(tags) > 0 {
		own, _ := p.Attrs["tags"].([]string)
		if !slices.ContainsFunc(tags, func(t string) bool { return slices.Contains(own, t) }) {
			return false
		}
	}
	if want := q["status[]"]; len(want) > 0 {
		status, ok := statuses[p.UUID]
		if !ok {
			status = "no_schedules"
		}
		return slices.Contains(want, status)
	}
	return true
}

// scheduleStatusByPipeline: "active" when any schedule is active, else "inactive".
func scheduleStatusByPipeline(d *store.Data) map[string]string {
	out := map[string]string{}
	for _, s := range d.Schedules.All() {
		if s.Attrs["status"] == "active" {
			out[s.PipelineUUID] = "active"
		} else if out[s.PipelineUUID] == "" {
			out[s.PipelineUUID] = "inactive"
		}
	}
	return out
}
