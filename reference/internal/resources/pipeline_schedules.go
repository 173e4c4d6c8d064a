package resources

import (
	"crypto/rand"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// PipelineSchedules are created under a pipeline and then reached by their
// integer id, nested or not.
func PipelineSchedules() api.Logic {
	return api.Logic{
		Plural: "pipeline_schedules", Singular: "pipeline_schedule", IntPK: true,
		Attributes: ScheduleAttributes, ModelCreate: true,
		Children: map[string]bool{"pipeline_runs": true, "backfills": true, "logs": true},
		Actions: map[api.Action]api.Run{api.ActionList: listSchedules, api.ActionDetail: found,
			api.ActionCreate: createSchedule, api.ActionUpdate: updateSchedule, api.ActionDelete: deleteSchedule},
		Lookup: lookupSchedule,
	}
}

// parentUUID is the pipeline of a nested route, "" for a top-level one.
func parentUUID(op *api.Op) string {
	if p, ok := op.ParentRecord.(store.Pipeline); ok {
		return p.UUID
	}
	return ""
}

func lookupSchedule(op *api.Op) (any, error) {
	var s store.Schedule
	var ok bool
	op.Env.Store.Read(func(d *store.Data) { s, ok = d.Schedules.Get(atoi(op.PK)) })
	foreign := parentUUID(op) != "" && s.PipelineUUID != parentUUID(op) && !op.Env.Compat.Has(compat.ScheduleParentIgnored)
	if !ok || foreign {
		return nil, apierr.NotFound("Record not found.")
	}
	return s, nil
}

func listSchedules(op *api.Op, _ any) (any, error) {
	parent := parentUUID(op)
	statuses, types := op.Query["status[]"], op.Query["schedule_type[]"]
	var page api.Page
	var err error
	op.Env.Store.Read(func(d *store.Data) {
		if parent == "" && len(statuses) == 0 && len(types) == 0 {
			// The common case pages the id-ordered table directly.
			var p paging
			if p, err = parsePaging(op, DefaultPageSize); err != nil {
				return
			}
			page = tablePage(op, p, &d.Schedules.Table)
			return
		}
		var rows []store.Schedule
		for _, s := range d.Schedules.All() {
			if (parent == "" || s.PipelineUUID == parent) &&
				(len(statuses) == 0 || slices.Contains(statuses, s.Attrs["status"].(string))) &&
				(len(types) == 0 || slices.Contains(types, scheduleType(s))) {
				rows = append(rows, s)
			}
		}
		page, err = databasePage(op, rows)
	})
	return page, err
}

// scheduleType is a schedule's type, "" while it has none (compat.ScheduleDefaults).
func scheduleType(s store.Schedule) string {
	t, _ := s.Attrs["schedule_type"].(string)
	return t
}

func newScheduleToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func createSchedule(op *api.Op, _ any) (any, error) {
	parent := parentUUID(op)
	if parent == "" {
		return nil, apierr.Invalid("Create pipeline schedules under /api/pipelines/{uuid}/pipeline_schedules.").
			InMage(compat.ScheduleWithoutParent500, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'pipeline'"))
	}
	attrs := map[string]any{"name": "", "schedule_type": "time", "schedule_interval": nil,
		"start_time": nil, "status": "inactive", "variables": map[string]any{}, "sla": nil,
		"settings": map[string]any{}, "tags": []string{}, "description": nil,
		"token": newScheduleToken(), "last_enabled_at": nil, "global_data_product_uuid": nil}
	if op.Env.Compat.Has(compat.ScheduleDefaults) {
		attrs["schedule_type"], attrs["settings"], attrs["variables"] = nil, nil, nil // Mage's columns default to NULL
	}
	if err := applyScheduleAttrs(op, attrs, op.Attrs); err != nil {
		return nil, err
	}
	now := op.Now()
	if attrs["status"] == "active" {
		attrs["last_enabled_at"] = api.Datetime(now)
	}
	var created store.Schedule
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Pipeline(parent); !ok {
			return errPipelineMissing(parent)
		}
		created = d.Schedules.Insert(func(id int) store.Schedule {
			return store.Schedule{ID: id, PipelineUUID: parent, Attrs: attrs, CreatedAt: now, UpdatedAt: now}
		})
		return nil
	})
	return created, err
}

func updateSchedule(op *api.Op, record any) (any, error) {
	id := record.(store.Schedule).ID
	var updated store.Schedule
	err := op.Env.Store.Write(func(d *store.Data) error {
		s, ok := d.Schedules.Get(id)
		if !ok {
			return apierr.NotFound("Record not found.")
		}
		attrs := maps.Clone(s.Attrs)
		if err := applyScheduleAttrs(op, attrs, op.Attrs); err != nil {
			return err
		}
		if attrs["status"] == "active" && s.Attrs["status"] != "active" {
			attrs["last_enabled_at"] = api.Datetime(op.Now())
		}
		s.Attrs, s.UpdatedAt = attrs, op.Now()
		d.Schedules.Replace(id, s)
		updated = s
		return nil
	})
	return updated, err
}

func deleteSchedule(op *api.Op, record any) (any, error) {
	s := record.(store.Schedule)
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Schedules.Get(s.ID); !ok {
			return apierr.NotFound("Record not found.")
		}
		d.DeleteRunsOfSchedule(s.ID)
		d.Schedules.Delete(s.ID)
		return nil
	})
	return s, err
}

// setScheduleStatus is a pipeline update's "status": every schedule of the
// pipeline takes it.
func setScheduleStatus(op *api.Op, d *store.Data, uuid, status string) {
	for _, s := range d.Schedules.All() {
		if s.PipelineUUID != uuid || s.Attrs["status"] == status {
			continue
		}
		s.Attrs = maps.Clone(s.Attrs)
		s.Attrs["status"] = status
		if status == "active" {
			s.Attrs["last_enabled_at"] = api.Datetime(op.Now())
		}
		s.UpdatedAt = op.Now()
		d.Schedules.Replace(s.ID, s)
	}
}
