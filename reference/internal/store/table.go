// Package store is the reference server's in-memory data. Every read and write
// goes through Store.Read / Store.Write, which hold one lock, so a request sees
// and changes a consistent state.
package store

import (
	"cmp"
	"slices"
)

// Table keeps rows by a unique key, int or string, in one slice sorted by key: a page of a
// list is a sub-slice, not a sort, and a lookup is a binary search. The same type holds the
// records and the secondary unique indexes (a Table[string, int] from a name to an id).
type Table[K cmp.Ordered, T any] struct {
	rows []row[K, T] // ascending key
}

type row[K cmp.Ordered, T any] struct {
	key   K
	value T
}

func (t *Table[K, T]) find(key K) (int, bool) {
	return slices.BinarySearchFunc(t.rows, key, func(r row[K, T], key K) int { return cmp.Compare(r.key, key) })
}

// Get returns the row with key.
func (t *Table[K, T]) Get(key K) (T, bool) {
	if i, ok := t.find(key); ok {
		return t.rows[i].value, true
	}
	var zero T
	return zero, false
}

// Put stores value under key, replacing the row there or inserting one in key order.
func (t *Table[K, T]) Put(key K, value T) {
	if n := len(t.rows); n == 0 || t.rows[n-1].key < key { // the usual case: a new highest key
		t.rows = append(t.rows, row[K, T]{key, value})
		return
	}
	i, ok := t.find(key)
	if ok {
		t.rows[i].value = value
		return
	}
	t.rows = slices.Insert(t.rows, i, row[K, T]{key, value})
}

// Replace overwrites an existing row; it reports false when key is absent.
func (t *Table[K, T]) Replace(key K, value T) bool {
	i, ok := t.find(key)
	if ok {
		t.rows[i].value = value
	}
	return ok
}

// Delete removes the row with key.
func (t *Table[K, T]) Delete(key K) {
	if i, ok := t.find(key); ok {
		t.rows = slices.Delete(t.rows, i, i+1)
	}
}

// Len is the number of rows.
func (t *Table[K, T]) Len() int { return len(t.rows) }

// Page returns up to limit rows from offset, in key order.
func (t *Table[K, T]) Page(offset, limit int) []T {
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

// All returns every row in key order, for filtered lists.
func (t *Table[K, T]) All() []T { return t.Page(0, len(t.rows)) }

// IDTable is a Table keyed by integer ids it hands out itself, in increasing order, so new
// rows are appended.
type IDTable[T any] struct {
	Table[int, T]
	last int
	// reuse: the next id is the highest in use plus one, as with SQLite's rowid (Options.ReuseIDs).
	reuse bool
}

func newIDTable[T any](reuse bool) IDTable[T] { return IDTable[T]{reuse: reuse} }

// Insert stores the row built for the next id and returns it.
func (t *IDTable[T]) Insert(build func(id int) T) T {
	if t.reuse {
		t.last = 0
		if n := len(t.rows); n > 0 {
			t.last = t.rows[n-1].key
		}
	}
	t.last++
	value := build(t.last)
	t.Put(t.last, value)
	return value
}
