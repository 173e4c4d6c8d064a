package resources

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// DefaultPageSize is the page size of database-style lists without _limit.
const DefaultPageSize = 40

// paging is the parsed _limit/_offset of a list request.
type paging struct {
	Limit    int
	Offset   int
	HasLimit bool
}

// parsePaging reads _limit and _offset; anything but a non-negative integer is
// E(400, record_invalid). Mage passes them to int(), which raises on anything but an integer
// and on a repeated key, a list (compat.Paging500).
func parsePaging(op *api.Op, defaultLimit int) (paging, error) {
	p := paging{Limit: defaultLimit}
	var err error
	if v, ok := op.Meta["_limit"]; ok {
		p.Limit, err = pageNumber(op, "_limit", v)
		p.HasLimit = true
	}
	if v, ok := op.Meta["_offset"]; ok && err == nil {
		p.Offset, err = pageNumber(op, "_offset", v)
	}
	return p, err
}

func pageNumber(op *api.Op, key string, values []string) (int, error) {
	mage := op.Env.Compat.Has(compat.Paging500)
	if mage && len(values) > 1 {
		return 0, apierr.Unhandled("TypeError", "int() argument must be a string, a bytes-like object or a real number, not 'list'")
	}
	v := api.First(values)
	if mage {
		v = pythonInt(v)
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, apierr.Invalid(key+" must be a non-negative integer.").
			InMage(compat.Paging500, apierr.Unhandled("ValueError", "invalid literal for int() with base 10: '%s'", api.First(values)))
	case n < 0:
		// Mage pages oddly with a negative value; the reference refuses it in every mode.
		return 0, apierr.Invalid(key + " must be a non-negative integer.")
	}
	return n, nil
}

// pythonInt turns what Python's int() accepts beyond strconv.Atoi (surrounding white space,
// single underscores between digits) into what Atoi reads.
func pythonInt(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "__") || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") {
		return s
	}
	return strings.ReplaceAll(s, "_", "")
}

// window returns the [start, end) bounds of the page within total items.
func (p paging) window(total int) (int, int) {
	start := min(p.Offset, total)
	if p.Limit < 0 || p.Limit >= total-start { // not start+Limit, which can overflow
		return start, total
	}
	return start, start + p.Limit
}

// databaseMetadata is the metadata of users, pipeline_schedules, secrets and
// roles lists: count and next, plus results when _limit was given (never in
// Mage: compat.DatabaseListMetadata).
func databaseMetadata(op *api.Op, p paging, total, pageLen int) map[string]any {
	m := map[string]any{"count": total, "next": p.Offset+pageLen < total}
	if p.HasLimit && !op.Env.Compat.Has(compat.DatabaseListMetadata) {
		m["results"] = pageLen
	}
	return m
}

// databasePage pages a list already in id order.
func databasePage[T any](op *api.Op, rows []T) (api.Page, error) {
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return api.Page{}, err
	}
	start, end := p.window(len(rows))
	items := make([]any, 0, end-start)
	for _, r := range rows[start:end] {
		items = append(items, r)
	}
	return api.Page{Items: items, Metadata: databaseMetadata(op, p, len(rows), len(items))}, nil
}

// tablePage pages a whole table, which is kept in key order: the page is a sub-slice, so its
// cost does not grow with the number of records. Call it inside a Store.Read.
func tablePage[K cmp.Ordered, T any](op *api.Op, p paging, t *store.Table[K, T]) api.Page {
	rows := t.Page(p.Offset, p.Limit)
	items := make([]any, len(rows))
	for i, r := range rows {
		items[i] = r
	}
	return api.Page{Items: items, Metadata: databaseMetadata(op, p, t.Len(), len(items))}
}
