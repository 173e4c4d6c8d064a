package suites

import (
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
)

// minPage is small so three records of our own already span two pages.
const minPage = 2

// pageSizeFor keeps a walk through a large list to about ten pages.
func pageSizeFor(total int) int { return max(minPage, (total+9)/10) }

// B8: paging per listed resource. Serial, because counts must not move while a spec pages.
var _ = Describe("B8 lists", Serial, Label("lists"), func() {
	for _, res := range fixtures.All() {
		if res.Has(fixtures.List) {
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

func listPage(res fixtures.Resource, query ...string) page {
	var opts []harness.Option
	for i := 0; i+1 < len(query); i += 2 {
		opts = append(opts, harness.WithQuery(query[i], query[i+1]))
	}
	resp := owner().Get(res.CollectionPath(""), opts...)
	p := page{resp: resp, count: -1}
	for _, item := range resp.Items(res.Plural) {
		p.pks = append(p.pks, pkOf(res, item))
	}
	meta, _ := resp.Metadata()
	p.count = intOf(meta, "count")
	if b, ok := meta["next"].(bool); ok {
		p.next = &b
	}
	return p
}

func describePaging(res fixtures.Resource) {
	Describe(res.Plural, Ordered, ContinueOnFailure, Label("resource:"+res.Plural, actionLabel(fixtures.List)), func() {
		var mine []string
		applies := resourceGate(res.Plural)
		BeforeAll(func() {
			if !applies() {
				return
			}
			for _, rec := range seedMany(res, minPage+1, "B4.create") {
				mine = append(mine, rec.pk)
			}
		})

		It("pages through every record once with _limit and _offset", rules("B8.paging", "B8.count", "B8.next"), func() {
			first := listPage(res, "_limit", strconv.Itoa(minPage))
			check("B2.list-envelope", func(g Gomega) { g.Expect(first.resp).To(harness.BeSuccess(res.Plural)) })
			total := first.count
			pageSize := pageSizeFor(total)
			check("B8.count", func(g Gomega) {
				g.Expect(total).To(BeNumerically(">=", len(mine)), "metadata.count with %d records of our own", len(mine))
			})
			seen := map[string]int{}
			for offset := 0; offset <= total; offset += pageSize {
				p := listPage(res, "_limit", strconv.Itoa(pageSize), "_offset", strconv.Itoa(offset))
				check("B8.paging", func(g Gomega) {
					g.Expect(len(p.pks)).To(BeNumerically("<=", pageSize), "items at offset %d", offset)
					g.Expect(len(p.pks)).To(Equal(min(pageSize, max(total-offset, 0))), "items at offset %d of %d", offset, total)
				})
				check("B8.count", func(g Gomega) { g.Expect(p.count).To(Equal(total), "count at offset %d", offset) })
				check("B8.next", func(g Gomega) {
					g.Expect(p.next).NotTo(BeNil(), "metadata.next at offset %d", offset)
					g.Expect(*p.next).To(Equal(offset+pageSize < total), "next at offset %d of %d", offset, total)
				})
				for _, pk := range p.pks {
					seen[pk]++
				}
			}
			check("B8.paging", func(g Gomega) {
				for pk, n := range seen {
					g.Expect(n).To(Equal(1), "%s %s seen on %d pages", res.Singular, pk, n)
				}
				g.Expect(seen).To(HaveLen(total), "records visited")
				for _, pk := range mine {
					g.Expect(seen).To(HaveKey(pk), "our %s %s", res.Singular, pk)
				}
			})
		})

		It("gives an empty page beyond the end", rules("B8.offset-beyond-end"), func() {
			total := listPage(res, "_limit", strconv.Itoa(minPage)).count
			p := listPage(res, "_limit", strconv.Itoa(minPage), "_offset", strconv.Itoa(total+10))
			check("B8.offset-beyond-end", func(g Gomega) {
				g.Expect(p.resp).To(harness.BeSuccess(res.Plural))
				g.Expect(p.pks).To(BeEmpty())
				g.Expect(p.next).NotTo(BeNil(), "metadata.next")
				g.Expect(*p.next).To(BeFalse(), "next")
				g.Expect(p.count).To(Equal(total), "count")
			})
		})

		if res.DefaultPageSize > 0 {
			It("gives at most "+strconv.Itoa(res.DefaultPageSize)+" items without _limit", rules("B8.default-page"), func() {
				// More records than one default page, or a server without one would pass.
				if missing := res.DefaultPageSize + 1 - listPage(res, "_limit", "1").count; missing > 0 {
					seedMany(res, missing, "B4.create")
				}
				p := listPage(res)
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
