// Package store is the reference server's in-memory data. Every read and write
// goes through Store.Read / Store.Write, which hold one lock, so a request sees
// and changes a consistent state.
package store

import (
	"cmp"
	"slices"
)

// Table keeps rows with integer ids, handed out in increasing order, in one
// slice sorted by id: a page of a list is a sub-slice, not a sort, and a
// lookup is a binary search.
type Table[T any] struct {
	rows []row[T] // ascending id
	last int
	// reuse: the next id is the highest in use plus one, as with SQLite's rowid (Options.ReuseIDs).
	reuse bool
}

type row[T any] struct {
	id    int
	value T
}

func newTable[T any](reuse bool) Table[T] { return Table[T]{reuse: reuse} }

func (t *Table[T]) find(id int) (int, bool) {
	return slices.BinarySearchFunc(t.rows, id, func(r row[T], id int) int { return cmp.Compare(r.id, id) })
}

// Insert stores the row built for the next id and returns it.
func (t *Table[T]) Insert(build func(id int) T) T {
	if t.reuse {
		t.last = 0
		if n := len(t.rows); n > 0 {
			t.last = t.rows[n-1].id
		}
	}
	t.last++
	value := build(t.last)
	t.rows = append(t.rows, row[T]{id: t.last, value: value})
	return value
}

// Get returns the row with id.
func (t *Table[T]) Get(id int) (T, bool) {
	if i, ok := t.find(id); ok {
		return t.rows[i].value, true
	}
	var zero T
	return zero, false
}

// Replace overwrites an existing row; it reports false when id is absent.
func (t *Table[T]) Replace(id int, value T) bool {
	i, ok := t.find(id)
	if ok {
		t.rows[i].value = value
	}
	return ok
}

// Delete removes the row with id.
func (t *Table[T]) Delete(id int) {
	if i, ok := t.find(id); ok {
		t.rows = slices.Delete(t.rows, i, i+1)
	}
}

// Len is the number of rows.
func (t *Table[T]) Len() int { return len(t.rows) }

// Page returns up to limit rows from offset, in id order.
func (t *Table[T]) Page(offset, limit int) []T {
	if offset >= len(t.rows) {
		return nil
	}
	end := len(t.rows)
	if limit < end-offset { // not offset+limit, which can overflow
		end = offset + limit
	}
	out := make([]T, 0, end-offset)
	for _, r := range t.rows[offset:end] {
		out = append(out, r.value)
	}
	return out
}

// All returns every row in id order, for filtered lists.
func (t *Table[T]) All() []T { return t.Page(0, len(t.rows)) }
