package mutants

import (
	"net/http"

	"github.com/mageconform/mageconform/fixtures"
)

// Faults in required attributes (B5), on the resource whose missing attributes Mage answers
// with its code-500 body, so the generic B5 table is shown to judge more than users.
func requiredMutants() []Mutant {
	res := looselyRequired()
	loose := looselyInvalid()
	strict := strictlyInvalid()
	return []Mutant{
		{
			Name:   "invalid-create-claimed-" + strict.Singular,
			Fault:  "A " + strict.Singular + " create its server refuses as invalid is answered as created (with nothing stored).",
			Breaks: strictlyInvalidRules(strict),
			Labels: ruleLabels(strictlyInvalidRules(strict)...) + " && " + resourceLabel(strict),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					attrs, ok := createAttributes(strict, r)
					rp := capture(h, r)
					if ok && rp.errorType() == "record_invalid" {
						rp.setObject(map[string]any{strict.Singular: attrs, "metadata": nil})
					}
					rp.write(w)
				})
			},
		},
		{
			// What Mage does with a block's duplicate name or unknown type.
			Name:   "invalid-create-500-" + loose.Singular,
			Fault:  "A " + loose.Singular + " create its server refuses as invalid gives Mage's code-500 body.",
			Breaks: looselyInvalidRules(loose),
			Labels: ruleLabels(looselyInvalidRules(loose)...) + " && " + resourceLabel(loose),
			Wrap: rewrite(func(r *http.Request) bool {
				return r.Method == http.MethodPost && resource(r) == loose.Plural && isCollection(r)
			},
				func(r *http.Request, rp *reply) {
					if rp.errorType() == "record_invalid" {
						*rp = *mageServerError(r, "Exception: invalid block")
					}
				}),
		},
		{
			Name:   "missing-required-filled-" + res.Singular,
			Fault:  "A " + res.Singular + " create without a required attribute is completed with made-up values and stored.",
			Breaks: []string{"B5.refused-creates-nothing"},
			Labels: ruleLabels("B5.refused-creates-nothing") + " && " + resourceLabel(res),
			Wrap: editCreate(res, func(attrs map[string]any) {
				for _, a := range res.Required {
					if v, _ := attrs[a].(string); v == "" {
						attrs[a] = "filled" + randomHex()
					}
				}
			}),
		},
		{
			// What Mage does (Part C §8): the missing attribute surfaces as an unhandled exception.
			Name:   "missing-required-500-" + res.Singular,
			Fault:  "A " + res.Singular + " create without a required attribute gives Mage's code-500 body.",
			Breaks: []string{"B5.missing-required-intended"},
			Labels: ruleLabels("B5.missing-required-intended"),
			Wrap: func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if attrs, ok := createAttributes(res, r); ok && lacksRequired(res, attrs) {
						mageServerError(r, "KeyError: '"+res.Required[0]+"'").write(w)
						return
					}
					h.ServeHTTP(w, r)
				})
			},
		},
	}
}

// looselyRequired is the first resource of the catalogue with required attributes that Mage
// refuses untyped, created at the top level (so the mutant and its probe need no parent).
func looselyRequired() fixtures.Resource {
	for _, r := range fixtures.All() {
		if len(r.Required) > 0 && r.RequiredMage == fixtures.MageCode500 && r.Parent == nil {
			return r
		}
	}
	panic("mutants: no resource of the catalogue has required attributes Mage refuses untyped")
}

func lacksRequired(res fixtures.Resource, attrs map[string]any) bool {
	for _, a := range res.Required {
		if _, ok := attrs[a]; !ok {
			return true
		}
	}
	return false
}

// createAttributes reads the attributes of a create of res (nil body parts read as empty).
func createAttributes(res fixtures.Resource, r *http.Request) (map[string]any, bool) {
	if r.Method != http.MethodPost || !isCollection(r) || resource(r) != res.Plural {
		return nil, false
	}
	m := decodeObject(bufferBody(r))
	attrs, _ := m[res.Singular].(map[string]any)
	return attrs, attrs != nil
}

// editCreate edits the attributes of every create of res before the reference sees them.
func editCreate(res fixtures.Resource, edit func(attrs map[string]any)) func(http.Handler) http.Handler {
	return alter(func(r *http.Request) {
		if attrs, ok := createAttributes(res, r); ok {
			edit(attrs)
			setJSONBody(r, map[string]any{res.Singular: attrs})
		}
	})
}

func resourceLabel(res fixtures.Resource) string { return "resource:" + res.Plural }

// looselyInvalid is the first resource of the catalogue with invalid creates that Mage refuses
// with its code-500 body.
func looselyInvalid() fixtures.Resource {
	for _, r := range fixtures.All() {
		if len(looselyInvalidRules(r)) > 0 {
			return r
		}
	}
	panic("mutants: no resource of the catalogue has invalid creates Mage refuses untyped")
}

// strictlyInvalid is the first resource of the catalogue, besides the accounts (whose invalid
// creates have mutants of their own), with invalid creates that Mage refuses typed.
func strictlyInvalid() fixtures.Resource {
	for _, r := range fixtures.All() {
		if !r.Accounts && len(strictlyInvalidRules(r)) > 0 {
			return r
		}
	}
	panic("mutants: no resource of the catalogue besides the accounts has invalid creates Mage refuses typed")
}

func strictlyInvalidRules(r fixtures.Resource) []string {
	var out []string
	for _, c := range r.Invalid {
		if c.Mage != fixtures.MageCode500 {
			out = append(out, c.Rule)
		}
	}
	return out
}

func looselyInvalidRules(r fixtures.Resource) []string {
	var out []string
	for _, c := range r.Invalid {
		if c.Mage == fixtures.MageCode500 {
			out = append(out, c.Rule)
		}
	}
	return out
}
