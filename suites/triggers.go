package suites

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// declareCredentials makes the credentials records show secrets of the run: trigger tokens, and
// the access tokens a list of the caller's own shows (Owned), each a bearer credential.
func declareCredentials() {
	declareTriggerTokens()
	for _, res := range fixtures.Catalogue() {
		if res.Owned != nil {
			harness.CredentialAttribute(res.Singular, res.Plural, res.Owned.Credential, harness.VarAccessToken)
		}
	}
}

// declareTriggerTokens makes trigger tokens secrets of the run. A trigger token is a credential
// on its own (whoever holds it creates records with no key and no session): every one an answer
// shows, of the run's parents and of other clients' alike, is a secret, which transcripts, curl
// lines and reports never show in clear. The parent's answers show it, and so do the triggered
// records' (Echo): a shared target lists other clients' runs with their tokens.
func declareTriggerTokens() {
	for _, res := range fixtures.All() {
		if res.Trigger == nil {
			continue
		}
		if parent, ok := fixtures.ByName(res.Parent.Resource); ok {
			harness.CredentialAttribute(parent.Singular, parent.Plural, res.Trigger.Token, harness.VarTriggerToken)
		}
		if res.Trigger.Echo != "" {
			harness.CredentialAttribute(res.Singular, res.Plural, res.Trigger.Echo, harness.VarTriggerToken)
		}
	}
}

// B3 triggers: for every resource with a trigger route, the parent's token is the only
// credential a create through it needs, and a refused trigger creates nothing.
var _ = Describe("B3 triggers", func() {
	for _, res := range fixtures.All() {
		if res.Trigger != nil {
			describeTrigger(res)
		}
	}
})

func describeTrigger(res fixtures.Resource) {
	t := res.Trigger
	Describe(res.Plural, Ordered, ContinueOnFailure, Label("auth", resourceLabel(res), actionLabel(fixtures.Create)), func() {
		var triggerable, plain record
		parent, _ := fixtures.ByName(res.Parent.Resource)
		applies := gateContainer(func() string {
			if why := notApplicable(res.Plural); why != "" {
				return why
			}
			return notApplicable(parent.Plural)
		})
		setupAll(func() {
			if !applies() {
				return
			}
			triggerable = seedWith(parent, t.Triggerable, "B3.trigger-token")
			plain = seed(parent, "B3.trigger-token")
		})

		for _, path := range t.Paths {
			It("creates a "+res.Singular+" with the parent's token alone through "+path, rules("B3.trigger-token"), func() {
				variables := map[string]any{"mc_trigger": fac().Name()}
				resp := trigger(res, path, triggerable.pk, tokenOf(triggerable, t.Token), variables)
				rec, _ := adopt(res, triggerable.pk, nil, resp)
				check("B3.trigger-token", func(g Gomega) {
					harness.Precondition(triggerable.created.Exchange) // pasted later, the parent must exist again
					obj := resp.Object(res.Singular)
					if obj == nil { // the failure's reproduce line is then the trigger itself
						harness.Reject(resp.Exchange, "the trigger created no "+res.Singular)
					}
					g.Expect(obj).NotTo(BeNil(), "want the created %s, got %s", res.Singular, describe(resp))
					g.Expect(obj).To(HaveKeyWithValue(res.Parent.Attribute, WithTransform(renderPK, Equal(triggerable.pk))))
					expectSame(g, obj, map[string]any{t.Variables: variables}, []string{t.Variables})
				})
				if rec.pk != "" && res.Has(fixtures.Detail) {
					detail := owner().Get(res.MemberPath(rec.pk))
					check("B3.trigger-token", func(g Gomega) {
						g.Expect(detail).To(harness.BeSuccess(res.Singular), "the triggered %s is not there", res.Singular)
					})
				}
			})
		}

		// What each refusal sends: the parent's pk and the token.
		type refusal struct{ pk, token string }
		DescribeTable("refuses a trigger and creates nothing",
			func(send func() refusal) {
				r := send()
				marker := fac().Name()
				resp := trigger(res, t.Paths[0], r.pk, r.token, map[string]any{"mc_trigger": marker})
				adopt(res, r.pk, nil, resp) // a server that creates one anyway: the ledger removes it
				tolerateServerError(resp)
				check("B3.trigger-typed", func(g Gomega) { g.Expect(resp).To(harness.BeTypedClientError()) })
				found, _ := findWhere(owner(), res.ListPath(r.pk), res, func(item map[string]any) bool {
					v, _ := item[t.Variables].(map[string]any)
					return v["mc_trigger"] == marker
				})
				check("B3.trigger-refused", func(g Gomega) {
					g.Expect(resp).To(harness.RefuseWithout(res.Singular))
					g.Expect(found).To(BeNil(), "a refused trigger left a %s behind", res.Singular)
				})
			},
			Entry("with a wrong token", rules("B3.trigger-refused", "B3.trigger-typed"), func() refusal {
				return refusal{triggerable.pk, wrongToken(tokenOf(triggerable, t.Token))}
			}),
			Entry("on a parent that cannot be triggered", rules("B3.trigger-refused", "B3.trigger-typed"), func() refusal {
				return refusal{plain.pk, tokenOf(plain, t.Token)}
			}),
			Entry("on a missing parent", rules("B3.trigger-refused", "B3.trigger-typed"), func() refusal {
				return refusal{parent.MissingPK(fac().Prefix()), tokenOf(triggerable, t.Token)}
			}),
		)
	})
}

// trigger sends a trigger request without API key or session: the token in the path, or as a
// bearer header where the path has no place for it.
func trigger(res fixtures.Resource, path, parentPK, token string, variables map[string]any) *harness.Response {
	opts := []harness.Option{harness.WithoutKey(), harness.WithJSON(res.Trigger.Body(variables))}
	if !strings.Contains(path, "{token}") {
		opts = append(opts, harness.WithHeader("Authorization", "Bearer "+token))
	}
	path = strings.NewReplacer("{parent}", parentPK, "{token}", token).Replace(path)
	return anon().Post(path, opts...)
}

// tokenOf is the trigger token the parent's create answer shows (a secret of the run since the
// client read that answer: see init).
func tokenOf(parent record, attribute string) string {
	s, _ := parent.created.Object(parent.res.Singular)[attribute].(string)
	return s
}

// wrongToken is a token of the same shape as the right one that is not it.
func wrongToken(right string) string {
	b := make([]byte, max(len(right)/2, 16))
	_, _ = rand.Read(b)
	if w := hex.EncodeToString(b); w != right {
		return w
	}
	return strings.Repeat("0", len(right))
}
