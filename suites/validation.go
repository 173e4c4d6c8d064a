package suites

import (
	"slices"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// B5: invalid creates are refused with record_invalid and leave no trace, for every resource
// whose description names required attributes or invalid payloads.
var _ = Describe("B5 validation", func() {
	for _, res := range fixtures.All() {
		if len(res.Required) > 0 || len(res.Invalid) > 0 {
			describeValidation(res)
		}
	}
})

// invalidCase is one refused create of a resource: its rule, how strictly its typed error is
// held, and how the payload is spoiled.
type invalidCase struct {
	name     string
	rule     string
	typed    bool // the typed error is the rule's MUST; else a SHOULD with Mage's code-500 tolerated
	collides bool
	spoil    func(payload, taken map[string]any)
}

// invalidCases are a resource's missing-attribute cases (from Required) and its own.
func invalidCases(res fixtures.Resource) []invalidCase {
	var out []invalidCase
	if len(res.Required) > 0 {
		typed := res.RequiredMage == fixtures.MageTyped
		rule := "B5.missing-required"
		if !typed {
			rule = "B5.missing-required-intended"
		}
		out = append(out, invalidCase{name: "without any attribute", rule: rule, typed: typed,
			spoil: func(p, _ map[string]any) { clear(p) }})
		for _, a := range res.Required {
			out = append(out, invalidCase{name: "without " + a, rule: rule, typed: typed,
				spoil: func(p, _ map[string]any) { delete(p, a) }})
		}
	}
	for _, c := range res.Invalid {
		out = append(out, invalidCase{name: c.Name, rule: c.Rule, typed: c.Mage != fixtures.MageCode500, collides: c.Collides, spoil: c.Spoil})
	}
	return out
}

func describeValidation(res fixtures.Resource) {
	Describe(res.Plural, Ordered, ContinueOnFailure, Label("errors", resourceLabel(res), actionLabel(fixtures.Create)), func() {
		var taken record
		parentPK := ""
		applies := resourceGate(res.Plural)
		setupAll(func() {
			if !applies() {
				return
			}
			parentPK = newParent(res, "B4.create")
			var own map[string]any
			if res.CostlyCreate && res.Plural == accounts().Plural && env().owner != nil {
				own = ownAccount()
			}
			switch {
			case !slices.ContainsFunc(invalidCases(res), func(c invalidCase) bool { return c.collides }):
			case own != nil && collidesWith(res, own):
				// The owner's own account: a user of its own costs a password hash.
				taken = record{res: res, pk: strconv.Itoa(env().owner.UserID), written: own}
			default:
				// Under the same parent as the refused creates: a name is taken within its parent.
				taken = seedUnder(res, parentPK, 1, "B4.create", nil)[0]
			}
		})

		var entries []TableEntry
		for _, c := range invalidCases(res) {
			ids := []string{c.rule, "B5.refused-creates-nothing"}
			if c.typed {
				ids = append(ids, "B5.code-400")
			}
			entries = append(entries, Entry(c.name, rules(ids...), c))
		}
		DescribeTable("refuses a create of a "+res.Singular,
			func(c invalidCase) {
				payload := payloadFor(res)
				c.spoil(payload, taken.written)
				var after []harness.Option
				if c.collides && taken.created != nil {
					after = append(after, harness.DependsOn(taken.created.Exchange)) // for the sweeps' lines too
				}
				rec, _ := tryCreate(owner(), res, parentPK, payload, after...)
				resp := rec.created
				// A collision needs the record the setup made: its reproduce line makes it again
				// first (the run's records are gone when the line is pasted).
				collides := func() {
					if c.collides && taken.created != nil {
						harness.Precondition(taken.created.Exchange)
					}
				}
				// The rule's own check first: a failed MUST ends the spec, and the answer's kind
				// (typed or not) is what the rule is about.
				if c.typed {
					check(c.rule, func(g Gomega) {
						collides()
						g.Expect(resp).To(harness.HaveErrorType("record_invalid"))
					})
				} else {
					tolerateServerError(resp)
					check(c.rule, func(g Gomega) { g.Expect(resp).To(harness.BeErrorEnvelope(400, "record_invalid")) })
				}
				check("B5.refused-creates-nothing", func(g Gomega) {
					collides()
					_, isErr := resp.Error()
					g.Expect(isErr).To(BeTrue(), "want an error envelope, got %s", describe(resp))
				})
				if c.typed {
					check("B5.code-400", func(g Gomega) {
						collides()
						e, isErr := resp.Error()
						g.Expect(isErr).To(BeTrue(), "want an error envelope, got %s", describe(resp))
						g.Expect(e.Code).To(Equal(400), "error.code")
					})
				}
				if attr, want := traceOf(res, payload, taken.written); attr != "" {
					found, _ := findWhere(owner(), res.ListPath(parentPK), res, func(item map[string]any) bool {
						return item[attr] == want
					})
					check("B5.refused-creates-nothing", func(g Gomega) {
						g.Expect(found).To(BeNil(), "a refused create must not leave a %s with %s %v", res.Singular, attr, want)
					})
				}
			},
			entries,
		)
	})
}

// ownAccount is the owner's account as its detail shows it (a login's answer may leave the
// email out, as Mage's does); nil when it cannot be read.
func ownAccount() map[string]any {
	return owner().Housekeeping().Get(ownDetail(env().owner)).Object(accounts().Singular)
}

// collidesWith says whether every colliding case of res takes a value from the existing record
// obj that can collide (a non-empty string): an owner without a username cannot stand in for
// a taken one.
func collidesWith(res fixtures.Resource, obj map[string]any) bool {
	for _, c := range invalidCases(res) {
		if !c.collides {
			continue
		}
		spoiled := map[string]any{}
		c.spoil(spoiled, obj)
		for _, v := range spoiled {
			if s, ok := v.(string); !ok || s == "" {
				return false
			}
		}
		if len(spoiled) == 0 {
			return false
		}
	}
	return true
}

// traceOf is the attribute and value that would find a record the refused payload left behind:
// the first compared attribute the payload still has as a string, that a list shows and that
// is not the value it collides with (which the record made first has).
func traceOf(res fixtures.Resource, payload, taken map[string]any) (string, any) {
	for _, a := range res.Compare {
		if v, ok := payload[a].(string); ok && v != "" && slices.Contains(res.ListKeys, res.ListedName(a)) && v != taken[a] {
			return res.ListedName(a), v
		}
	}
	return "", nil
}

// Malformed input: Mage answers both with its code-500 body (Part C §2, §10), so SHOULD.
var _ = Describe("B5 malformed input", Label("errors", resourceLabel(accounts())), func() {
	It("refuses a create whose body is not JSON", Label(actionLabel("create")), rules("B5.malformed-input"), func() {
		skipUnlessApplicable(accounts().Plural)
		users := accounts()
		email := fac().Name() + "@example.com"
		password, _ := fac().User()["password"].(string)
		harness.RememberSecret(password, harness.VarUserPassword) // sent, so never shown in clear
		broken := `{"user": {"email": "` + email + `", "password": "` + password + `", "password_confirmation": "` + password + `"`
		resp := owner().Post(users.CollectionPath(""), harness.WithRawBody("application/json", []byte(broken)))
		adopt(users, "", nil, resp)
		tolerateServerError(resp)
		check("B5.malformed-input", func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(400, "record_invalid"))
		})
	})

	It("refuses a non-integer _limit", Label(actionLabel("list")), rules("B5.malformed-input"), func() {
		skipUnlessApplicable(accounts().Plural)
		resp := owner().Get(accounts().CollectionPath(""), harness.WithQuery("_limit", "abc"))
		tolerateServerError(resp)
		check("B5.malformed-input", func(g Gomega) {
			g.Expect(resp).To(harness.BeErrorEnvelope(400, "record_invalid"))
		})
	})
})
