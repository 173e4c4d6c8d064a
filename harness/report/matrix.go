package report

import "slices"

// matrix builds a grid from two label families; a cell is the worst of its specs' own states
// (see ownState). The preferred column values are always
// shown, so a reader sees an untested placement instead of a missing column; rows appear as
// specs name them. When withNone is set, specs carrying only one of the two labels land in a
// "none" row or column (a key placement tried without a token, say).
func matrix(title string, specs []labelled, rowPrefix, colPrefix string, rowOrder, colOrder []string, withNone bool) Matrix {
	const none = "none"
	type cell struct{ row, col string }
	cells := map[cell]State{}
	rows, cols := map[string]bool{}, map[string]bool{}
	for _, c := range colOrder {
		cols[c] = true
	}
	if withNone {
		for _, r := range rowOrder {
			rows[r] = true
		}
	}
	for _, sp := range specs {
		rs, cs := labelValues(sp.Labels, rowPrefix), labelValues(sp.Labels, colPrefix)
		if len(rs) == 0 && len(cs) == 0 {
			continue
		}
		if len(rs) == 0 || len(cs) == 0 {
			if !withNone {
				continue
			}
			if len(rs) == 0 {
				rs = []string{none}
			} else {
				cs = []string{none}
			}
		}
		state := ownState(sp)
		for _, r := range rs {
			for _, c := range cs {
				rows[r], cols[c] = true, true
				if k := (cell{r, c}); severity[state] > severity[cells[k]] {
					cells[k] = state
				}
			}
		}
	}
	m := Matrix{
		Title: title,
		Rows:  ordered(rows, append(slices.Clone(rowOrder), none)),
		Cols:  ordered(cols, append(slices.Clone(colOrder), none)),
	}
	for _, r := range m.Rows {
		line := make([]State, len(m.Cols))
		for j, c := range m.Cols {
			line[j] = cells[cell{r, c}]
			if line[j] == "" {
				line[j] = Untested
			}
		}
		m.Cells = append(m.Cells, line)
	}
	return m
}
