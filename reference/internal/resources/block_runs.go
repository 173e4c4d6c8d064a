package resources

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// BlockRuns are listed, under their run or with ?pipeline_run_id=; the trigger and the run
// simulation create and change them. A detail or update is looked up and then refused, as Mage
// refuses them.
func BlockRuns() api.Logic {
	return api.Logic{
		Plural: "block_runs", Singular: "block_run", IntPK: true,
		Attributes: BlockRunAttributes,
		Children:   map[string]bool{"logs": true},
		Actions:    map[api.Action]api.Run{api.ActionList: listBlockRuns},
		Lookup:     lookupBlockRun,
		MissingParent: func(op *api.Op, err error) error {
			e, ok := err.(*apierr.Error)
			if ok && e.Type == apierr.TypeRecordNotFound && op.Action == api.ActionList &&
				op.Parent.Plural == "pipeline_runs" && op.Env.Compat.Has(compat.MissingRunParentListsAll) {
				return nil
			}
			return err
		},
	}
}

func lookupBlockRun(op *api.Op) (any, error) {
	var b store.BlockRun
	var ok bool
	op.Env.Store.Read(func(d *store.Data) { b, ok = d.BlockRuns.Get(atoi(op.PK)) })
	if rec, isRun := op.ParentRecord.(store.RunRecord); ok && isRun && b.RunID != rec.Run.ID {
		ok = false
	}
	if !ok {
		return nil, apierr.NotFound("Record not found.")
	}
	return store.BlockRunRecord{BlockRun: b}, nil
}

// blockRunColumns are the columns order_by may name.
var blockRunColumns = map[string]func(a, b store.BlockRunRecord) int{
	"id":              func(a, b store.BlockRunRecord) int { return cmp.Compare(a.ID, b.ID) },
	"pipeline_run_id": func(a, b store.BlockRunRecord) int { return cmp.Compare(a.RunID, b.RunID) },
	"block_uuid":      func(a, b store.BlockRunRecord) int { return cmp.Compare(a.BlockUUID, b.BlockUUID) },
	"status":          func(a, b store.BlockRunRecord) int { return cmp.Compare(a.Status, b.Status) },
	"created_at":      func(a, b store.BlockRunRecord) int { return a.CreatedAt.Compare(b.CreatedAt) },
	"updated_at":      func(a, b store.BlockRunRecord) int { return a.UpdatedAt.Compare(b.UpdatedAt) },
	"started_at":      func(a, b store.BlockRunRecord) int { return compareTimes(a.StartedAt, b.StartedAt) },
	"completed_at":    func(a, b store.BlockRunRecord) int { return compareTimes(a.CompletedAt, b.CompletedAt) },
}

// defaultBlockRunOrder is Mage's: started_at, created_at and completed_at, newest first
// (null last), then id.
func defaultBlockRunOrder(a, b store.BlockRunRecord) int {
	for _, c := range []string{"started_at", "created_at", "completed_at"} {
		if n := blockRunColumns[c](b, a); n != 0 {
			return n
		}
	}
	return cmp.Compare(a.ID, b.ID)
}

func listBlockRuns(op *api.Op, _ any) (any, error) {
	parent, nested := op.ParentRecord.(store.RunRecord)
	nested = nested || op.Parent != nil
	order := defaultBlockRunOrder
	if nested {
		order = blockRunColumns["id"] // the run's block runs, as stored
	}
	if values, ok := op.Query["order_by"]; ok && !nested {
		by, err := orderBy(values, blockRunColumns, "Block run sort column/query is invalid.")
		if err != nil {
			return nil, err
		}
		if by != nil {
			order = by
		}
	}
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	runID := -1
	if parent.Run.ID != 0 {
		runID = parent.Run.ID
	} else if n, err := strconv.Atoi(api.First(op.Query["pipeline_run_id"])); err == nil && !nested {
		runID = n // a value that is not an integer is ignored, as Mage ignores it
	}
	uuid, byUUID := op.Query["pipeline_uuid"]
	var page api.Page
	op.Env.Store.Read(func(d *store.Data) {
		var rows []store.BlockRunRecord
		for _, b := range d.BlockRuns.All() {
			if runID >= 0 && b.RunID != runID {
				continue
			}
			rec := store.BlockRunRecord{BlockRun: b, Nested: nested}
			if r, ok := d.Runs.Get(b.RunID); ok {
				if byUUID && !nested && r.PipelineUUID != api.First(uuid) {
					continue
				}
				rec.Schedule, rec.HasSchedule = d.Schedules.Get(r.ScheduleID)
			} else if byUUID && !nested {
				continue
			}
			rows = append(rows, rec)
		}
		slices.SortStableFunc(rows, order)
		start, end := p.window(len(rows))
		items := make([]any, 0, end-start)
		for _, r := range rows[start:end] {
			items = append(items, r)
		}
		page = api.Page{Items: items, Metadata: map[string]any{"count": len(rows), "next": end < len(rows)}}
	})
	return page, nil
}
