package resources

import (
	"slices"
	"strconv"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// backfillDatetime reads a written start_datetime or end_datetime (nil is null). A zone offset
// is converted to UTC, or dropped where Mage drops it (compat.SQLiteDatetimes).
func backfillDatetime(op *api.Op, key string, s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, ok := parseStartTime(*s)
	if !ok {
		return nil, apierr.Invalid(key+" is not a datetime.").WithErrors(map[string]any{"attribute": key, "error": "must be a datetime"}).
			InMage(compat.BackfillDatetime500, apierr.Unhandled("ParserError", "Unknown string format: %s", *s))
	}
	if op.Env.Compat.Has(compat.SQLiteDatetimes) {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	t = t.UTC()
	return &t, nil
}

// applyBackfillValues checks the written keys Mage keeps and sets them on b (a copy). Where
// Mage stores a bad interval_type or interval_units (compat.BackfillBadValuesStored) they are
// set, and a bad interval_type then fails the answer.
func applyBackfillValues(op *api.Op, b *store.Backfill) error {
	stored := op.Env.Compat.Has(compat.BackfillBadValuesStored)
	var poison error
	for key, value := range op.Attrs {
		switch key {
		case "name":
			b.Name = value.(*string)
		case "block_uuid":
			b.BlockUUID = value.(*string)
		case "settings", "variables":
			m := value.(map[string]any)
			if key == "settings" {
				b.Settings = m
			} else {
				b.Variables = m
			}
		case "start_datetime", "end_datetime":
			t, err := backfillDatetime(op, key, value.(*string))
			if err != nil {
				return err
			}
			if key == "start_datetime" {
				b.StartDatetime = t
			} else {
				b.EndDatetime = t
			}
		case "interval_type":
			t := value.(*string)
			if t != nil && !slices.Contains(IntervalTypes, *t) {
				if !stored {
					return apierr.Invalid("Unknown interval_type.").WithErrors(map[string]any{"attribute": key, "allowed": IntervalTypes})
				}
				poison = apierr.Unhandled("LookupError", "'%s' is not among the defined enum values. Enum name: intervaltype.", *t)
			}
			b.IntervalType = t
		case "interval_units":
			units, ok := intervalUnits(value)
			switch {
			case ok:
				b.IntervalUnits = units
			case value == nil:
				b.IntervalUnits = nil
			case !stored:
				return apierr.Invalid("interval_units must be an integer of at least 1.").
					WithErrors(map[string]any{"attribute": key, "error": "must be a positive integer"})
			default:
				b.IntervalUnits = sqliteInteger(value)
			}
		}
	}
	return poison
}

// intervalUnits is a written interval_units that steps forward: an integer of at least 1.
func intervalUnits(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) || f < 1 || f > 1<<31 {
		return 0, false
	}
	return int(f), true
}

// sqliteInteger is a value as SQLite's INTEGER column keeps it: a whole number or a string
// that reads as one becomes an integer, anything else stays as it is.
func sqliteInteger(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int(x)) {
			return int(x)
		}
	case string:
		if n, err := strconv.Atoi(x); err == nil {
			return n
		}
	}
	return v
}

func createBackfill(op *api.Op, _ any) (any, error) {
	p, ok := op.ParentRecord.(store.Pipeline)
	if !ok {
		return nil, apierr.Invalid("Create backfills under /api/pipelines/{uuid}/backfills.").
			InMage(compat.BackfillWithoutPipeline500, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'uuid'"))
	}
	now := op.Now()
	b := store.Backfill{PipelineUUID: p.UUID, CreatedAt: now, UpdatedAt: now}
	delete(op.Attrs, "status") // a status changes only through an update
	applied := applyBackfillValues(op, &b)
	if _, isFault := applied.(*apierr.Fault); applied != nil && !isFault {
		return nil, applied
	}
	var created store.Backfill
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Pipeline(p.UUID); !ok {
			return errPipelineMissing(p.UUID)
		}
		created = d.Backfills.Insert(func(id int) store.Backfill { b.ID = id; return b })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return store.BackfillRecord{Backfill: created}, applied
}

// updateBackfill: a status that differs from the backfill's starts it (initial) or cancels it
// (cancelled), and the request's other keys are ignored; any other status is ignored and the
// other keys are applied.
func updateBackfill(op *api.Op, record any) (any, error) {
	id := record.(store.Backfill).ID
	status, _ := op.Attrs["status"].(*string)
	delete(op.Attrs, "status")
	now := op.Now()
	var out store.Backfill
	var answer error
	err := op.Env.Store.Write(func(d *store.Data) error {
		b, ok := d.Backfills.Get(id)
		if !ok {
			return errBackfillMissing()
		}
		switch {
		case status != nil && *status != b.Status && *status == store.RunInitial:
			var err error
			if b, err = startBackfill(op, d, b, now); err != nil {
				return err
			}
		case status != nil && *status != b.Status && *status == store.RunCancelled:
			b, answer = cancelBackfill(op, d, b, now)
		default:
			answer = applyBackfillValues(op, &b)
			if _, isFault := answer.(*apierr.Fault); answer != nil && !isFault {
				return answer
			}
		}
		b.UpdatedAt = now
		d.Backfills.Replace(b.ID, b)
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return store.BackfillRecord{Backfill: out}, answer
}
