package resources

import (
	"strconv"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
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
// E(400, record_invalid) (Mage answers a server error).
func parsePaging(op *api.Op, defaultLimit int) (paging, error) {
	p := paging{Limit: defaultLimit}
	if v, ok := op.Meta["_limit"]; ok {
		n, err := strconv.Atoi(api.First(v))
		if err != nil || n < 0 {
			return p, apierr.Invalid("_limit must be a non-negative integer.")
		}
		p.Limit, p.HasLimit = n, true
	}
	if v, ok := op.Meta["_offset"]; ok {
		n, err := strconv.Atoi(api.First(v))
		if err != nil || n < 0 {
			return p, apierr.Invalid("_offset must be a non-negative integer.")
		}
		p.Offset = n
	}
	return p, nil
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
// roles lists: count and next, plus results when _limit was given.
func databaseMetadata(p paging, total, pageLen int) map[string]any {
	m := map[string]any{"count": total, "next": p.Offset+pageLen < total}
	if p.HasLimit {
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
	return api.Page{Items: items, Metadata: databaseMetadata(p, len(rows), len(items))}, nil
}

// tablePage pages a whole table, which is kept in id order: the page is a sub-slice, so its cost
// does not grow with the number of records. Call it inside a Store.Read.
func tablePage[T any](p paging, t *store.Table[T]) api.Page {
	rows := t.Page(p.Offset, p.Limit)
	items := make([]any, len(rows))
	for i, r := range rows {
		items[i] = r
	}
	return api.Page{Items: items, Metadata: databaseMetadata(p, t.Len(), len(items))}
}
