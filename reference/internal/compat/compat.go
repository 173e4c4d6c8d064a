// Package compat is the one table of the ways a released Mage answers differently from the
// contract as intended (spec Part A), and the modes built from it. A mode is a set of enabled
// deviations; the reference consults the set, through Set.Has, at the single place where each
// behaviour is decided. Nothing else in the reference knows which mode it runs in.
package compat

import (
	"fmt"
	"slices"
)

// ID names one deviation. Its text is stable: it appears in the README and in test names.
type ID string

// Deviation is one entry of the table: what Mage does, where the spec records it, and what
// the intended mode does instead.
type Deviation struct {
	ID       ID
	PartC    string // the sections of the spec's Part C that record the behaviour
	Mage     string // what Mage 0.9.79 does
	Intended string // what the reference does in the intended mode
}

// Table returns every deviation, in the order the README lists them.
func Table() []Deviation { return slices.Clone(table) }

// Lookup finds a deviation by id.
func Lookup(id ID) (Deviation, bool) {
	i := slices.IndexFunc(table, func(d Deviation) bool { return d.ID == id })
	if i < 0 {
		return Deviation{}, false
	}
	return table[i], true
}

// Set is a set of enabled deviations; the zero Set enables none, which is the intended mode.
type Set struct {
	on map[ID]bool
	// asked, when set (Traced), hears every id Has is asked about: a server whose answers never
	// ask about a deviation answers the same with it enabled, which lets a test skip proving so.
	asked func(ID)
}

// Traced is s telling asked of every deviation Has is asked about.
func (s Set) Traced(asked func(ID)) Set {
	s.asked = asked
	return s
}

// Of returns the set of the given deviations; an id that is not in the table is a bug in the
// caller, so it panics.
func Of(ids ...ID) Set {
	s := Set{on: make(map[ID]bool, len(ids))}
	for _, id := range ids {
		if _, ok := Lookup(id); !ok {
			panic(fmt.Sprintf("compat: no deviation %q", id))
		}
		s.on[id] = true
	}
	return s
}

// All enables every deviation of the table.
func All() Set {
	ids := make([]ID, 0, len(table))
	for _, d := range table {
		ids = append(ids, d.ID)
	}
	return Of(ids...)
}

// Has reports whether the deviation is enabled.
func (s Set) Has(id ID) bool {
	if s.asked != nil {
		s.asked(id)
	}
	return s.on[id]
}

// IDs lists the enabled deviations in table order.
func (s Set) IDs() []ID {
	var out []ID
	for _, d := range table {
		if s.on[d.ID] {
			out = append(out, d.ID)
		}
	}
	return out
}

// Mode names.
const (
	ModeIntended = "intended"
	ModeMage0979 = "mage-0.9.79"
)

// Mode returns the deviations a named mode enables: none for the intended contract, all of
// the table for Mage 0.9.79 (the release every entry was read from and checked against).
func Mode(name string) (Set, bool) {
	switch name {
	case ModeIntended, "":
		return Set{}, true
	case ModeMage0979:
		return All(), true
	}
	return Set{}, false
}
