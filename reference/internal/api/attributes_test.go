package api

import (
	"slices"
	"testing"
)

func TestAttributesGiveFieldsWritesAndFormats(t *testing.T) {
	editor := func(*Op, any) bool { return true }
	a := Declare(
		Attribute{Name: "id", Shown: []string{"default", "list"}},
		Attribute{Name: "name", Kind: KindString, Write: WrittenOn(editor, ActionCreate).And(nil, ActionUpdate), Shown: []string{"default"}},
		Attribute{Name: "password", Kind: KindString, Write: WrittenOn(nil, ActionCreate), Sensitive: true},
	)
	if k, ok := a.Kind("name"); !ok || k != KindString {
		t.Errorf("Kind(name) = %v, %v", k, ok)
	}
	if _, ok := a.Kind("id"); ok {
		t.Error("id is read-only, yet has a written type")
	}
	if !a.IsShown("id") || a.IsShown("password") || a.IsShown("color") {
		t.Error("IsShown: id shown, password and an undeclared color not")
	}
	create, update := a.Writes(ActionCreate), a.Writes(ActionUpdate)
	if len(create) != 2 || create["name"] == nil || create["password"] != nil || len(update) != 1 || update["name"] != nil {
		t.Errorf("Writes: create %v, update %v", create, update)
	}
	f := a.Formats()
	if !slices.Equal(f["default"], []string{"id", "name"}) || !slices.Equal(f["list"], []string{"id"}) || len(f) != 2 {
		t.Errorf("Formats() = %v", f)
	}
	var none *Attributes // a resource without attributes
	if _, ok := none.Kind("x"); ok || none.IsShown("x") || len(none.Writes(ActionCreate)) != 0 || len(none.Formats()) != 0 {
		t.Error("a nil Attributes must declare nothing")
	}
}

func TestDeclareRefusesABadDeclaration(t *testing.T) {
	for name, list := range map[string][]Attribute{
		"twice":           {{Name: "a"}, {Name: "a", Kind: KindString}},
		"sensitive shown": {{Name: "password", Sensitive: true, Shown: []string{"default"}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			Declare(list...)
		}()
	}
}
