package store

import (
	"slices"
	"testing"
)

func TestTableKeepsIDOrderThroughDeletes(t *testing.T) {
	tbl := newTable[string]()
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
