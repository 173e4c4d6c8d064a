// Package store is the reference server's in-memory data. Every read and write
// goes through Store.Read / Store.Write, which hold one lock, so a request sees
// and changes a consistent state.
package store

import "slices"

// Table keeps rows with integer ids, handed out in increasing order, so the id
// order is insertion order and a page of a list is a slice, not a sort.
type Table[T any] struct {
	rows map[int]T
	ids  []int // ascending
	last int
}

func newTable[T any]() Table[T] { return Table[T]{rows: map[int]T{}} }

// Insert stores the row built for the next id and returns it.
func (t *Table[T]) Insert(build func(id int) T) T {
	t.last++
	row := build(t.last)
	t.rows[t.last] = row
	t.ids = append(t.ids, t.last)
	return row
}

// Get returns the row with id.
func (t *Table[T]) Get(id int) (T, bool) {
	row, ok := t.rows[id]
	return row, ok
}

// Replace overwrites an existing row; it reports false when id is absent.
func (t *Table[T]) Replace(id int, row T) bool {
	if _, ok := t.rows[id]; !ok {
		return false
	}
	t.rows[id] = row
	return true
}

// Delete removes the row with id.
func (t *Table[T]) Delete(id int) {
	if _, ok := t.rows[id]; !ok {
		return
	}
	delete(t.rows, id)
	if i, found := slices.BinarySearch(t.ids, id); found {
		t.ids = slices.Delete(t.ids, i, i+1)
	}
}

// Len is the number of rows.
func (t *Table[T]) Len() int { return len(t.ids) }

// Page returns up to limit rows from offset, in id order.
func (t *Table[T]) Page(offset, limit int) []T {
	if offset >= len(t.ids) {
		return nil
	}
	end := len(t.ids)
	if limit < end-offset { // not offset+limit, which can overflow
		end = offset + limit
	}
	out := make([]T, 0, end-offset)
	for _, id := range t.ids[offset:end] {
		out = append(out, t.rows[id])
	}
	return out
}

// All returns every row in id order, for filtered lists.
func (t *Table[T]) All() []T { return t.Page(0, len(t.ids)) }
