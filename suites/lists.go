package suites

import (
	"slices"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// minPage is small so three records of our own already span two pages.
const minPage = 2

// pageCap is a page size many servers cap _limit at silently; capPage pages just past it.
const (
	pageCap  = 100
	capPage  = pageCap + 1
	capFill  = capPage + 1 // records that span two pages of capPage
	capLimit = "101"
)

// pageSizeFor keeps a walk through a large list to about ten pages, and a walk through two
// records to two pages of one.
func pageSizeFor(total int) int {
	if total <= minPage {
		return 1
	}
	return max(minPage, (total+9)/10)
}

// maxWalk bounds a walk through a list whose pages never run empty (a server that ignores
// _offset): twice the pages count promises, and a few more.
func maxWalk(total, pageSize int) int { return 2*max(total, 0)/pageSize + 3 }

// B8: paging per listed resource. Serial, because counts must not move while a spec pages.
var _ = Describe("B8 lists", Serial, Label("lists"), func() {
	for _, res := range fixtures.All() {
		if res.Has(fixtures.List) && !res.Unpaged {
			describePaging(res)
		}
	}
})

// page is one list answer, decoded.
type page struct {
	resp  *harness.Response
	pks   []string
	count int // -1 when metadata.count is missing or not an integer
	next  *bool
}

func listPage(res fixtures.Resource, parentPK string, query ...string) page {
	var opts []harness.Option
	for i := 0; i+1 < len(query); i += 2 {
		opts = append(opts, harness.WithQuery(query[i], query[i+1]))
	}
	resp := owner().Get(res.ListPath(parentPK), opts...)
	p := page{resp: resp, count: -1}
	for _, item := range listed(res, resp) {
		p.pks = append(p.pks, listedPK(res, item))
	}
	meta, _ := resp.Metadata()
	p.count = intOf(meta, "count")
	if b, ok := meta["next"].(bool); ok {
		p.next = &b
	}
	return p
}

// walkTries is how many walks a list rule takes to find two that agree before it gives up.
const walkTries = 4

// notJudgedChanging is how a list rule ends when the list never held still: another run (or
// another client) sharing the target changed it during every walk. It is not a failure.
const notJudgedChanging = "not judged: the target changed during the walk (another client is writing to it)"

// walkList pages through the list until an empty page (not until metadata.count: the records
// really there are then known apart from what count claims, and each rule judged on its own).
func walkList(res fixtures.Resource, parentPK string, pageSize, total int) []page {
	var walk []page
	for offset := 0; len(walk) <= maxWalk(total, pageSize); offset += pageSize {
		p := listPage(res, parentPK, "_limit", strconv.Itoa(pageSize), "_offset", strconv.Itoa(offset))
		walk = append(walk, p)
		if len(p.pks) == 0 {
			break
		}
	}
	return walk
}

// stableWalk walks the list until two walks in a row agree page for page, so the rules judge
// one consistent view: a server that shares its data with other runs changes between walks,
// a broken server gives the same wrong pages every time. It skips the spec, as not judged,
// when no two walks in a row agree.
func stableWalk(res fixtures.Resource, parentPK string, total int) ([]page, int) {
	GinkgoHelper()
	pageSize := pageSizeFor(total)
	var prev []page
	for range walkTries {
		walk := walkList(res, parentPK, pageSize, total)
		if prev != nil && sameWalk(prev, walk) {
			return walk, pageSize
		}
		prev = walk
		if n := walk[0].count; n >= 0 && pageSizeFor(n) != pageSize {
			// The list grew or shrank past a page size: compare walks of the new size.
			total, pageSize, prev = n, pageSizeFor(n), nil
		}
	}
	Skip(notJudgedChanging)
	return nil, 0
}

// stableBeyondEnd reads the count, asks for a page beyond the end, and reads the count again,
// until the count held still around and in the request (see stableWalk).
func stableBeyondEnd(res fixtures.Resource, parentPK string) (int, page) {
	GinkgoHelper()
	for try := 1; try <= walkTries; try++ {
		before := listPage(res, parentPK, "_limit", strconv.Itoa(minPage)).count
		p := listPage(res, parentPK, "_limit", strconv.Itoa(minPage), "_offset", strconv.Itoa(before+10))
		// The page's own count too, but for the last try: another run may add a record and
		// remove one in between, while a server that miscounts there does so every time.
		if after := listPage(res, parentPK, "_limit", strconv.Itoa(minPage)).count; after == before && (p.count == before || try == walkTries) {
			return before, p
		}
	}
	Skip(notJudgedChanging)
	return 0, page{}
}

func sameWalk(a, b []page) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].count != b[i].count || !slices.Equal(a[i].pks, b[i].pks) || !sameNext(a[i].next, b[i].next) {
			return false
		}
	}
	return true
}

// countsAgree: every page of a walk gives the same count.
func countsAgree(walk []page) bool {
	for _, p := range walk {
		if p.count != walk[0].count {
			return false
		}
	}
	return true
}

func sameNext(a, b *bool) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// fillsDefaultPage reports whether res is the resource its default page size is proved on:
// the one paging past a cap is (fillsCap), when it pages so, since it holds more than a
// default page already; otherwise the first of the catalogue that pages so and whose creates
// are cheap.
func fillsDefaultPage(res fixtures.Resource) bool {
	for _, r := range fixtures.All() {
		if fillsCap(r) && r.DefaultPageSize == res.DefaultPageSize && notApplicable(r.Plural) == "" {
			return r.Plural == res.Plural
		}
	}
	for _, r := range fixtures.All() {
		if r.DefaultPageSize == res.DefaultPageSize && r.Has(fixtures.Create) && !r.CostlyCreate && notApplicable(r.Plural) == "" {
			return r.Plural == res.Plural
		}
	}
	return false
}

// fillsCap reports whether res is the resource paging past a page-size cap is proved on: the
// first of the catalogue whose list is database-backed (it has a default page) and whose creates
// are cheap and need no parent (a hundred creates, a few seconds on a real Mage). Its records
// are made once for the whole container, so its other list specs page over them too. (It
// decides the spec tree, so it cannot ask the profile what applies.)
func fillsCap(res fixtures.Resource) bool {
	for _, r := range fixtures.All() {
		if r.DefaultPageSize > 0 && !r.Unpaged && r.Has(fixtures.Create) && !r.CostlyCreate && r.Parent == nil {
			return r.Plural == res.Plural
		}
	}
	return false
}

func describePaging(res fixtures.Resource) {
	Describe(res.Plural, Ordered, ContinueOnFailure, Label(resourceLabel(res), actionLabel(fixtures.List)), func() {
		var mine []string
		var parentPK string // the records' parent, where the resource is listed only under one
		applies := resourceGate(res.Plural)
		setupAll(func() {
			if !applies() {
				return
			}
			need := minPage + 1
			if fillsCap(res) {
				need = capFill // of its own: another client's records on a shared target may go at any time
			}
			if res.CostlyCreate && !res.NestedOnly(fixtures.List) {
				// Records of its own cost a password hash each (a second on a real Mage): the
				// walk pages through those already there, in pages of one if need be (two
				// records span two pages of one).
				need = max(0, minPage-listPage(res, "", "_limit", "1").count)
			}
			for _, rec := range seedMany(res, need, "B4.create") {
				mine = append(mine, res.PKOf(rec.pk))
				parentPK = rec.parentPK
			}
		})

		It("pages through every record once with _limit and _offset", rules("B8.paging", "B8.count", "B8.next"), func() {
			first := listPage(res, parentPK, "_limit", strconv.Itoa(minPage))
			check("B2.list-envelope", func(g Gomega) { g.Expect(first.resp).To(harness.BeSuccess(res.Plural)) })
			walk, pageSize := stableWalk(res, parentPK, first.count)
			seen := map[string]int{}
			for _, p := range walk {
				for _, pk := range p.pks {
					seen[pk]++
				}
			}
			records, total := len(seen), walk[0].count
			// Paging first: a spec stops at its first failed check, and pages that repeat or
			// run short make every count look wrong.
			check("B8.paging", func(g Gomega) {
				for i, p := range walk {
					offset := i * pageSize
					g.Expect(len(p.pks)).To(Equal(min(pageSize, max(records-offset, 0))), "items at offset %d of %d records", offset, records)
				}
				for pk, n := range seen {
					g.Expect(n).To(Equal(1), "%s %s seen on %d pages", res.Singular, pk, n)
				}
				for _, pk := range mine {
					g.Expect(seen).To(HaveKey(pk), "our %s %s", res.Singular, pk)
				}
			})
			check("B8.count", func(g Gomega) {
				g.Expect(total).To(Equal(records), "metadata.count against the records the pages hold")
				for i, p := range walk {
					g.Expect(p.count).To(Equal(total), "count at offset %d", i*pageSize)
				}
			})
			check("B8.next", func(g Gomega) {
				for i, p := range walk {
					offset := i * pageSize
					g.Expect(p.next).NotTo(BeNil(), "metadata.next at offset %d", offset)
					g.Expect(*p.next).To(Equal(offset+pageSize < records), "next at offset %d of %d records", offset, records)
				}
			})
		})

		It("gives an empty page beyond the end", rules("B8.offset-beyond-end"), func() {
			total, p := stableBeyondEnd(res, parentPK)
			check("B8.offset-beyond-end", func(g Gomega) {
				g.Expect(p.resp).To(harness.BeSuccess(res.Plural))
				g.Expect(p.pks).To(BeEmpty())
				g.Expect(p.next).NotTo(BeNil(), "metadata.next")
				g.Expect(*p.next).To(BeFalse(), "next")
				g.Expect(p.count).To(Equal(total), "count")
			})
		})

		if fillsCap(res) {
			It("honours a _limit of "+capLimit+", past the "+strconv.Itoa(pageCap)+" many servers cap it at", rules("B8.beyond-cap"), func() {
				// Two walks in a row that agree page for page: another client writing to the
				// target moves records between pages (see stableWalk).
				first := listPage(res, parentPK, "_limit", "1")
				walk := walkList(res, parentPK, capPage, first.count)
				for try := 1; ; try++ {
					again := walkList(res, parentPK, capPage, first.count)
					if sameWalk(walk, again) && countsAgree(walk) {
						break
					}
					if try == walkTries {
						Skip(notJudgedChanging)
					}
					walk = again
				}
				first.count = walk[0].count
				seen := map[string]int{}
				for _, p := range walk {
					for _, pk := range p.pks {
						seen[pk]++
					}
				}
				check("B8.beyond-cap", func(g Gomega) {
					g.Expect(walk[0].resp).To(harness.BeSuccess(res.Plural))
					g.Expect(first.count).To(BeNumerically(">", capPage), "records listed")
					g.Expect(walk[0].pks).To(HaveLen(capPage), "items of the first page with _limit=%s", capLimit)
					g.Expect(seen).To(HaveLen(first.count), "records seen paging with _limit=%s", capLimit)
					for pk, n := range seen {
						g.Expect(n).To(Equal(1), "%s %s seen on %d pages", res.Singular, pk, n)
					}
				})
			})
		}

		if res.DefaultPageSize > 0 {
			It("gives at most "+strconv.Itoa(res.DefaultPageSize)+" items without _limit", rules("B8.default-page"), func() {
				// More records than one default page, or a server without one would pass. The
				// fill is made once per default page size, on the first resource of the catalogue
				// that pages so and whose creates are cheap (not users, whose creates hash a
				// password): forty creates and deletes per resource would double a run against a
				// real Mage. The other resources are judged on what they hold.
				if missing := res.DefaultPageSize + 1 - listPage(res, parentPK, "_limit", "1").count; missing > 0 && fillsDefaultPage(res) {
					seedUnder(res, parentPK, missing, "B4.create", nil) // under the parent the page lists
				}
				p := listPage(res, parentPK)
				check("B8.default-page", func(g Gomega) {
					g.Expect(p.resp).To(harness.BeSuccess(res.Plural))
					g.Expect(p.pks).To(HaveLen(min(p.count, res.DefaultPageSize)), "items of %d", p.count)
					g.Expect(p.next).NotTo(BeNil(), "metadata.next")
					g.Expect(*p.next).To(Equal(p.count > res.DefaultPageSize), "next")
				})
			})
		}
	})
}
