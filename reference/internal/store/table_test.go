package store

import (
	"slices"
	"testing"
)

func TestTableKeepsIDOrderThroughDeletes(t *testing.T) {
	tbl := newIDTable[string](false)
	for _, v := range []string{"a", "b", "c", "d", "e"} {
		tbl.Insert(func(int) string { return v })
	}
	tbl.Delete(2)
	tbl.Delete(4)
	tbl.Delete(42) // absent: no effect
	if !tbl.Replace(3, "C") || tbl.Replace(2, "x") {
		t.Fatal("Replace must succeed for 3 and fail for the deleted 2")
	}
	f := tbl.Insert(func(id int) string { return "f" })
	if got := tbl.All(); !slices.Equal(got, []string{"a", "C", "e", "f"}) || f != "f" || tbl.Len() != 4 {
		t.Fatalf("All() = %v", got)
	}
	if _, ok := tbl.Get(2); ok {
		t.Fatal("Get(2) after delete")
	}
	if v, ok := tbl.Get(6); !ok || v != "f" {
		t.Fatalf("ids are never reused: Get(6) = %q, %v", v, ok)
	}
	for _, tc := range []struct {
		offset, limit int
		want          []string
	}{
		{0, 2, []string{"a", "C"}}, {1, 2, []string{"C", "e"}}, {3, 10, []string{"f"}},
		{4, 1, nil}, {0, 0, []string{}}, {2, int(^uint(0) >> 1), []string{"e", "f"}},
	} {
		if got := tbl.Page(tc.offset, tc.limit); !slices.Equal(got, tc.want) {
			t.Errorf("Page(%d, %d) = %v, want %v", tc.offset, tc.limit, got, tc.want)
		}
	}
}

// With reuse, as in SQLite, the id of a deleted newest row is handed out again; older gaps stay.
func TestTableReusesTheNewestIDWhenAsked(t *testing.T) {
	tbl := newIDTable[int](true)
	ids := func() []int {
		var out []int
		for _, id := range []int{1, 2, 3, 4} {
			if _, ok := tbl.Get(id); ok {
				out = append(out, id)
			}
		}
		return out
	}
	for range 3 {
		tbl.Insert(func(id int) int { return id })
	}
	tbl.Delete(3)
	tbl.Delete(1)
	if got := tbl.Insert(func(id int) int { return id }); got != 3 {
		t.Fatalf("after deleting the newest id 3, the next is %d, want 3", got)
	}
	tbl.Delete(3)
	tbl.Delete(2)
	if got := tbl.Insert(func(id int) int { return id }); got != 1 || !slices.Equal(ids(), []int{1}) {
		t.Fatalf("an empty table starts again at 1: got %d, ids %v", got, ids())
	}
}

// String keys are kept in order however they arrive; Put replaces a row with the same key.
func TestTableKeepsStringKeysInOrder(t *testing.T) {
	var tbl Table[string, int]
	for i, k := range []string{"m", "c", "x", "a", "c"} {
		tbl.Put(k, i)
	}
	tbl.Delete("x")
	tbl.Delete("zz") // absent: no effect
	if got := tbl.All(); !slices.Equal(got, []int{3, 4, 0}) || tbl.Len() != 3 {
		t.Fatalf("All() = %v, want the rows of a, c (replaced), m", got)
	}
	if got := tbl.Page(1, 5); !slices.Equal(got, []int{4, 0}) {
		t.Fatalf("Page(1, 5) = %v", got)
	}
	if v, ok := tbl.Get("c"); !ok || v != 4 {
		t.Fatalf("Get(c) = %d, %v", v, ok)
	}
}
