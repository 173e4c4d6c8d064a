package resources

import (
	"cmp"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Backfills are created under a pipeline and then reached by their integer id, at the top
// level or under their pipeline.
func Backfills() api.Logic {
	return api.Logic{
		Plural: "backfills", Singular: "backfill", IntPK: true,
		Attributes: BackfillAttributes,
		Actions: map[api.Action]api.Run{api.ActionList: listBackfills, api.ActionDetail: detailBackfill,
			api.ActionCreate: createBackfill, api.ActionUpdate: updateBackfill, api.ActionDelete: deleteBackfill},
		Lookup:   lookupBackfill,
		Precheck: precheckBackfill,
	}
}

// precheckBackfill refuses a schedule parent, and, where Mage parses the datetimes before its
// policy (compat.BackfillDatetime500), datetimes that are not.
func precheckBackfill(op *api.Op) error {
	if _, ok := op.ParentRecord.(store.Schedule); ok {
		return apierr.Invalid("Backfills nest under /api/pipelines/{uuid}/backfills.").
			InMage(compat.BackfillWithoutPipeline500, apierr.Unhandled("AttributeError", "'PipelineSchedule' object has no attribute 'uuid'"))
	}
	if op.Env.Compat.Has(compat.BackfillDatetime500) && (op.Action == api.ActionCreate || op.Action == api.ActionUpdate) {
		for _, key := range []string{"start_datetime", "end_datetime"} {
			if v, ok := op.Attrs[key]; ok && v != nil {
				s, _ := v.(string)
				if _, err := backfillDatetime(op, key, &s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func errBackfillMissing() *apierr.Error { return apierr.NotFound("Record not found.") }

// errPoisoned is Mage loading a row whose interval_type is outside its enum.
func errPoisoned(b store.Backfill) error {
	return apierr.Unhandled("LookupError", "'%s' is not among the defined enum values. Enum name: intervaltype.", *b.IntervalType)
}

// poisoned: the row holds an interval_type Mage cannot load (only where it stores one).
func poisoned(b store.Backfill) bool {
	return b.IntervalType != nil && !slices.Contains(IntervalTypes, *b.IntervalType)
}

func lookupBackfill(op *api.Op) (any, error) {
	var b store.Backfill
	var ok bool
	op.Env.Store.Read(func(d *store.Data) { b, ok = d.Backfills.Get(atoi(op.PK)) })
	if p, nested := op.ParentRecord.(store.Pipeline); ok && nested && b.PipelineUUID != p.UUID &&
		!op.Env.Compat.Has(compat.BackfillParentIgnored) {
		ok = false
	}
	switch {
	case !ok:
		return nil, errBackfillMissing()
	case poisoned(b):
		return nil, errPoisoned(b)
	}
	return b, nil
}

// newestFirst is created_at, newest first, then id, highest first.
func newestFirst(a, b store.Backfill) int {
	if n := b.CreatedAt.Compare(a.CreatedAt); n != 0 {
		return n
	}
	return cmp.Compare(b.ID, a.ID)
}

func listBackfills(op *api.Op, _ any) (any, error) {
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	uuid := api.First(op.Query["pipeline_uuid"])
	parent := ""
	if pl, ok := op.ParentRecord.(store.Pipeline); ok && !op.Env.Compat.Has(compat.BackfillParentIgnored) {
		parent = pl.UUID
	}
	var page api.Page
	err = backfillRead(op, func(d *store.Data) error {
		var rows []store.Backfill
		for _, b := range d.Backfills.All() {
			if (uuid == "" || b.PipelineUUID == uuid) && (parent == "" || b.PipelineUUID == parent) {
				if poisoned(b) {
					return errPoisoned(b)
				}
				rows = append(rows, b)
			}
		}
		slices.SortStableFunc(rows, newestFirst)
		start, end := p.window(len(rows))
		items := make([]any, 0, end-start)
		for _, b := range rows[start:end] {
			rec, err := backfillRecord(op, d, b)
			if err != nil {
				return err
			}
			items = append(items, rec)
		}
		page = api.Page{Items: items, Metadata: map[string]any{"count": len(rows), "next": end < len(rows)}}
		return nil
	})
	return page, err
}

func detailBackfill(op *api.Op, record any) (any, error) {
	var rec store.BackfillRecord
	err := backfillRead(op, func(d *store.Data) error {
		b, ok := d.Backfills.Get(record.(store.Backfill).ID)
		if !ok {
			return errBackfillMissing()
		}
		var err error
		rec, err = backfillRecord(op, d, b)
		return err
	})
	return rec, err
}

// backfillRead reads the store; with --runs advance a read of a backfill is a read of its
// runs, so it moves them a step and the backfill's status with them.
func backfillRead(op *api.Op, read func(d *store.Data) error) error {
	if !op.Env.AdvanceRuns {
		var err error
		op.Env.Store.Read(func(d *store.Data) { err = read(d) })
		return err
	}
	return op.Env.Store.Write(read) // backfillRecord advances each backfill it shows
}

func deleteBackfill(op *api.Op, record any) (any, error) {
	b := record.(store.Backfill)
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Backfills.Get(b.ID); !ok {
			return errBackfillMissing()
		}
		d.DeleteBackfill(b.ID)
		return nil
	})
	return store.BackfillRecord{Backfill: b}, err
}
