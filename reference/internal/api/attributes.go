package api

import (
	"fmt"
	"maps"
)

// Attribute is one attribute of a resource, declared once, in the resource's
// internal/resources/<plural>_attributes.go: the type a client writes, who may write it on
// which action, which formats show it, and whether it must never be shown. The operation's
// field vocabulary, the policy's write allow-lists and the presenter's formats are all read
// from these declarations, so they cannot disagree.
type Attribute struct {
	Name string
	// Kind is the JSON type a client writes. KindReadOnly (the zero value) marks one the
	// reference never takes from a client: a write of it is dropped when a format shows it
	// (a client may send back what it received), else refused as unknown.
	Kind Kind
	// Write are the actions on which a non-owner may send it, each with the condition under
	// which they may (nil: whoever the action rule admits). Owners and servers without user
	// authentication skip this check.
	Write Writers
	// Shown are the formats that show it: "default", an action, or a _format value.
	Shown []string
	// Sensitive attributes are never shown (A7); Declare refuses one with a format.
	Sensitive bool
}

// Writers are the actions on which non-owners may write an attribute, with their conditions.
type Writers map[Action]Condition

// WrittenOn lets callers meeting cond write the attribute on the given actions.
func WrittenOn(cond Condition, actions ...Action) Writers { return Writers{}.And(cond, actions...) }

// And is w with cond on the given actions too.
func (w Writers) And(cond Condition, actions ...Action) Writers {
	out := maps.Clone(w)
	for _, a := range actions {
		out[a] = cond
	}
	return out
}

// Attributes are a resource's declared attributes, with what is read from them built once.
type Attributes struct {
	byName  map[string]Attribute
	formats map[string][]string // format name -> the attributes it shows, in declaration order
}

// Declare checks a resource's attributes and builds their formats. It panics on a name
// declared twice or a sensitive attribute with a format: a bug in the declaration, found when
// the package loads.
func Declare(list ...Attribute) *Attributes {
	a := &Attributes{byName: map[string]Attribute{}, formats: map[string][]string{}}
	for _, attr := range list {
		if _, dup := a.byName[attr.Name]; dup {
			panic(fmt.Sprintf("api: attribute %s declared twice", attr.Name))
		}
		if attr.Sensitive && len(attr.Shown) > 0 {
			panic(fmt.Sprintf("api: sensitive attribute %s is shown by %v", attr.Name, attr.Shown))
		}
		a.byName[attr.Name] = attr
		for _, f := range attr.Shown {
			a.formats[f] = append(a.formats[f], attr.Name)
		}
	}
	return a
}

// Declared reports whether name is one of the attributes; a nil Attributes has none.
func (a *Attributes) Declared(name string) (Attribute, bool) {
	if a == nil {
		return Attribute{}, false
	}
	attr, ok := a.byName[name]
	return attr, ok
}

// Kind is the type a client writes name with; false when it does not write it.
func (a *Attributes) Kind(name string) (Kind, bool) {
	attr, ok := a.Declared(name)
	return attr.Kind, ok && attr.Kind != KindReadOnly
}

// IsShown reports whether a format shows name.
func (a *Attributes) IsShown(name string) bool {
	attr, _ := a.Declared(name)
	return len(attr.Shown) > 0
}

// Writes is the policy's allow-list for action: what non-owners may write, with conditions.
func (a *Attributes) Writes(action Action) map[string]Condition {
	out := map[string]Condition{}
	if a == nil {
		return out
	}
	for name, attr := range a.byName {
		if cond, ok := attr.Write[action]; ok {
			out[name] = cond
		}
	}
	return out
}

// Formats are the presenter's formats: each format name with the attributes it shows. The
// lists are shared and must not be changed (withAttributes-style copies extend them).
func (a *Attributes) Formats() map[string][]string {
	if a == nil {
		return map[string][]string{}
	}
	return maps.Clone(a.formats)
}

// ShownOnly declares attributes no client writes, each shown by the given formats.
func ShownOnly(formats []string, names ...string) []Attribute {
	out := make([]Attribute, 0, len(names))
	for _, n := range names {
		out = append(out, Attribute{Name: n, Shown: formats})
	}
	return out
}
