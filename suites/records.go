package suites

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// record is one record a spec created, with what was written and the create answer.
type record struct {
	res      fixtures.Resource
	pk       string
	parentPK string
	written  map[string]any
	created  *harness.Response
	shown    map[string]any // a record the server made (Spawned): as its parent's list shows it
}

// object is the record as the server first showed it: its create answer, or for a record the
// server made, the list item it was found as.
func (r record) object() map[string]any {
	if r.shown != nil {
		return r.shown
	}
	return r.created.Object(r.res.Singular)
}

// wrap puts attributes under the resource's singular key, as Mage reads create and update bodies.
func wrap(res fixtures.Resource, attrs map[string]any) harness.Option {
	return harness.WithJSON(map[string]any{res.Singular: attrs})
}

// pkOf renders the record's primary key from a presented object.
func pkOf(res fixtures.Resource, obj map[string]any) string { return renderPK(obj[res.PK]) }

// listedPK renders the pk of a listed record (listed).
func listedPK(res fixtures.Resource, item map[string]any) string {
	return renderPK(item[res.ListedName(res.PK)])
}

// listed is what a list answer holds of res: its items, or the records they hold for a resource
// a list holds inside items of its own (Listed).
func listed(res fixtures.Resource, resp *harness.Response) []map[string]any {
	items := resp.Items(res.Plural)
	if res.Listed == nil {
		return items
	}
	var out []map[string]any
	for _, item := range items {
		held, _ := item[res.Listed.In].([]any)
		for _, v := range held {
			if m, ok := v.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// asListed renames the written attributes to the names a list shows them under (ListedName).
func asListed(res fixtures.Resource, written map[string]any) map[string]any {
	out := make(map[string]any, len(written))
	for k, v := range written {
		out[res.ListedName(k)] = v
	}
	return out
}

// expectListed is expectSame for a listed record.
func expectListed(g Gomega, res fixtures.Resource, item map[string]any, written map[string]any, attrs []string) {
	names := make([]string, 0, len(attrs))
	for _, a := range attrs {
		names = append(names, res.ListedName(a))
	}
	expectSame(g, item, asListed(res, written), names)
}

// renderPK renders a primary key as a URL shows it (a JSON number 12 as "12").
func renderPK(value any) string {
	switch v := value.(type) {
	case float64:
		return strconv.FormatInt(int64(v), 10)
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// sensitiveValues are the values of the payload's sensitive attributes (passwords, secret
// values). Each becomes a secret of the run: no transcript, curl line or report shows it.
func sensitiveValues(res fixtures.Resource, payload map[string]any) []string {
	var out []string
	for _, k := range res.Sensitive {
		if s, ok := payload[k].(string); ok && len(s) >= 8 {
			name := harness.VarSecret
			if strings.HasPrefix(k, "password") {
				name = harness.VarUserPassword
			}
			harness.RememberSecret(s, name)
			out = append(out, s)
		}
	}
	return out
}

// tryCreate sends a create as the given client (opts: key or token placements) and, when it
// succeeds, even where it should not have, schedules the record's deletion by the owner. Its
// sensitive values become forbidden in every answer. It asserts nothing about the answer.
func tryCreate(c *harness.Client, res fixtures.Resource, parentPK string, payload map[string]any, opts ...harness.Option) (record, bool) {
	values := sensitiveValues(res, payload)
	env().forbid(values...)
	done := records().creating()
	defer done()
	resp := c.Post(res.CreatePath(parentPK), append(opts, wrap(res, payload))...)
	env().wrote(resp.Exchange, values...)
	return adopt(res, parentPK, payload, resp)
}

// adopt hands whatever a create answer says it created to the ledger, which removes it at the
// end of the active scope (or at once when the run is already ending).
func adopt(res fixtures.Resource, parentPK string, payload map[string]any, resp *harness.Response) (record, bool) {
	rec := record{res: res, parentPK: parentPK, written: payload, created: resp}
	if _, isErr := resp.Error(); isErr || resp.Err != nil {
		return rec, false
	}
	if pk := pkOf(res, resp.Object(res.Singular)); pk != "" {
		rec.pk = res.Key(parentPK, pk)
	}
	if rec.pk != "" {
		records().keep(res, rec.pk)
		harness.NoteCreated(res.MemberPath(rec.pk))
	}
	return rec, rec.pk != ""
}

// seed creates a record as the owner with a factory payload (and its parent first, when it can
// only be created under one), failing the given rule when the server refuses.
func seed(res fixtures.Resource, ruleID string) record {
	GinkgoHelper()
	return seedMany(res, 1, ruleID)[0]
}

// seedMany creates n records as the owner, all under one new parent when they need one.
func seedMany(res fixtures.Resource, n int, ruleID string) []record {
	GinkgoHelper()
	if res.Spawned != nil {
		return seedSpawned(res, n, ruleID)
	}
	return seedUnder(res, newParent(res, ruleID), n, ruleID, nil)
}

// newParent is the pk of a new parent for records that can only be created under one ("" for
// the others).
func newParent(res fixtures.Resource, ruleID string) string {
	GinkgoHelper()
	if !res.NestedOnly(fixtures.Create) {
		return ""
	}
	parent, ok := fixtures.ByName(res.Parent.Resource)
	Expect(ok).To(BeTrue(), "parent %s is not described", res.Parent.Resource)
	return seed(parent, ruleID).pk
}

// seedUnder creates n records as the owner under the given parent ("" for none), with the
// overrides over the factory payload.
func seedUnder(res fixtures.Resource, parentPK string, n int, ruleID string, overrides map[string]any) []record {
	GinkgoHelper()
	var out []record
	for range n {
		payload := payloadFor(res)
		maps.Copy(payload, overrides)
		rec, ok := tryCreate(owner().Housekeeping(), res, parentPK, payload)
		if !ok {
			check(ruleID, func(g Gomega) {
				g.Expect(rec.created).To(harness.BeSuccess(res.Singular), "creating a %s as the owner", res.Singular)
				g.Expect(rec.pk).NotTo(BeEmpty(), "the created %s has no %s", res.Singular, res.PK)
			})
		}
		out = append(out, rec)
	}
	return out
}

// seedBeside creates a record under the same parent as rec: the parents a new one would need
// cost a create and a delete each. Records the server makes itself (Spawned) are seeded anew.
func seedBeside(res fixtures.Resource, rec record, ruleID string) record {
	GinkgoHelper()
	if res.Spawned != nil || rec.parentPK == "" {
		return seed(res, ruleID)
	}
	return seedUnder(res, rec.parentPK, 1, ruleID, nil)[0]
}

// seedWith is seed with some attributes over the factory payload (a triggerable parent).
func seedWith(res fixtures.Resource, overrides map[string]any, ruleID string) record {
	GinkgoHelper()
	return seedUnder(res, newParent(res, ruleID), 1, ruleID, overrides)[0]
}

// payloadFor is a factory create payload; a resource without a builder is a bug in the suites.
func payloadFor(res fixtures.Resource) map[string]any {
	GinkgoHelper()
	payload, err := fac().Payload(res)
	Expect(err).NotTo(HaveOccurred())
	return payload
}

// removeQuietly deletes a record as the owner, as housekeeping: the answer is not judged. A
// record that is already gone is fine, however the target says so: record_not_found, or the
// code-500 body Mage answers where the fixture's Missing answer is only a SHOULD (Part C §3.4).
func removeQuietly(res fixtures.Resource, pk string) {
	if harness.TargetStopped() {
		return // the run already gave up on the target: one more request only waits
	}
	resp := owner().Housekeeping().Delete(res.MemberPath(pk))
	if resp.Err != nil {
		fmt.Fprintf(GinkgoWriter, "cleanup: deleting %s %s: no answer: %v\n", res.Singular, pk, resp.Err)
		return
	}
	e, isErr := resp.Error()
	if !isErr || e.Type == "record_not_found" || !res.Missing.Typed() && e.Code == 500 {
		return
	}
	fmt.Fprintf(GinkgoWriter, "cleanup: deleting %s %s: %d %s\n", res.Singular, pk, e.Code, e.Type)
}

// findInList pages through a list until the record with pk shows up.
func findInList(c *harness.Client, path string, res fixtures.Resource, pk string) (map[string]any, *harness.Response) {
	return findWhere(c, path, res, func(item map[string]any) bool { return listedPK(res, item) == res.PKOf(pk) })
}

// findWhere pages through a list until an item matches. A walk of several pages that finds
// nothing is walked again a few times: another run deleting a record on a page already read
// shifts the rest one place down, so an item on the first place of the next page can slip past
// a single walk. A list that fits one page is one answer, read once.
func findWhere(c *harness.Client, path string, res fixtures.Resource, match func(map[string]any) bool) (map[string]any, *harness.Response) {
	const walks = 3
	var last *harness.Response
	for range walks {
		item, resp, pages := walkOnce(c, path, res, match)
		if last = resp; item != nil || last.Err != nil || pages == 1 {
			return item, last
		}
	}
	return nil, last
}

// walkOnce pages through the list once, until an item matches; pages is how many it read.
func walkOnce(c *harness.Client, path string, res fixtures.Resource, match func(map[string]any) bool) (item map[string]any, last *harness.Response, pages int) {
	const page = 50
	for offset := 0; offset < 100*page; offset += page {
		last = c.Get(path, harness.WithQuery("_limit", strconv.Itoa(page)), harness.WithQuery("_offset", strconv.Itoa(offset)))
		pages++
		items := listed(res, last)
		for _, item := range items {
			if match(item) {
				return item, last, pages
			}
		}
		meta, _ := last.Metadata()
		if next, _ := meta["next"].(bool); !next || len(items) == 0 {
			break
		}
	}
	return nil, last, pages
}

// expectSame asserts that obj shows every attribute as written. An object attribute is shown as
// written when it has every key written, with its value: a server may add keys of its own (a
// pipeline run's variables gain execution_partition).
func expectSame(g Gomega, obj map[string]any, written map[string]any, attrs []string) {
	for _, a := range attrs {
		want, ok := written[a]
		if !ok {
			continue
		}
		if m, isObject := want.(map[string]any); isObject {
			g.Expect(obj).To(HaveKey(a), "attribute %s", a)
			for k, v := range m {
				g.Expect(obj[a]).To(HaveKeyWithValue(k, BeEquivalentTo(v)), "attribute %s", a)
			}
			continue
		}
		g.Expect(obj).To(HaveKeyWithValue(a, BeEquivalentTo(want)), "attribute %s", a)
	}
}

// showsAsWritten is expectSame as a test: whether obj shows every attribute as written.
func showsAsWritten(obj map[string]any, written map[string]any, attrs []string) bool {
	failed := false
	expectSame(NewGomega(func(string, ...int) { failed = true }), obj, written, attrs)
	return !failed
}

// intOf reads an integral attribute; -1 when it is missing or not an integer.
func intOf(obj map[string]any, key string) int {
	if v, ok := harness.Int(obj, key); ok {
		return v
	}
	return -1
}

// someListPath is a path that lists res: the top level, or under a new parent for a resource
// listed only under one.
func someListPath(res fixtures.Resource) string {
	GinkgoHelper()
	if !res.NestedOnly(fixtures.List) {
		return res.CollectionPath("")
	}
	parent, _ := fixtures.ByName(res.Parent.Resource)
	return res.CollectionPath(seed(parent, "B4.create").pk)
}

// missingKey is the key of a record that does not exist: under a parent that does (a new one)
// for a resource addressed under its parent, so the answer is about the record.
func missingKey(res fixtures.Resource) string {
	GinkgoHelper()
	missing := res.MissingPK(fac().Prefix())
	if !res.NestedMembers() {
		return missing
	}
	parent, _ := fixtures.ByName(res.Parent.Resource)
	return res.Key(seed(parent, "B4.create").pk, missing)
}
