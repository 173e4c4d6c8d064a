package presenters

import (
	"maps"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Pipelines shows the default attributes in lists; the member actions and
// create add callbacks, conditionals, extensions and the pipeline's schedules
// (resources.PipelineAttributes).
// Mage's presenter shows what Pipeline.to_dict gives (compat.PipelineFormats):
// callbacks and conditionals everywhere, extensions on detail and update, the
// schedules only with include_schedules, and variables only once set.
func Pipelines() api.Presenter {
	formats := resources.PipelineAttributes.Formats()
	mage := withAttributes(formats["default"], "callbacks", "conditionals", "schedules")
	mageMember := withAttributes(mage, "extensions")
	return api.Presenter{
		Formats: formats,
		InMage: map[compat.ID]map[string][]string{compat.PipelineFormats: {
			"default": mage, "detail": mageMember, "update": mageMember,
		}},
		Present: presentPipeline,
	}
}

func presentPipeline(op *api.Op, record any) map[string]any {
	p := record.(store.Pipeline)
	out := maps.Clone(p.Attrs)
	out["uuid"], out["name"] = p.UUID, p.Name
	out["created_at"], out["updated_at"] = api.Datetime(p.CreatedAt), api.Datetime(p.UpdatedAt)
	out["blocks"] = pipelineBlocks(op, p)
	if op.Env.Compat.Has(compat.PipelineVariablesDir) {
		out["variables_dir"] = VariablesDir
	}
	if op.Action == api.ActionDelete && op.Env.Compat.Has(compat.DeletedPipelineUpdatedAt) {
		out["updated_at"] = nil
	}
	if op.Env.Compat.Has(compat.PipelineFormats) {
		if v, isMap := out["variables"].(map[string]any); out["variables"] == nil || (isMap && v == nil) {
			out["variables"] = api.Absent
		}
		if !api.Truthy(op.Query["include_schedules"]) {
			out["schedules"] = api.Absent
			return out
		}
	}
	if op.Action != api.ActionList || op.Env.Compat.Has(compat.PipelineFormats) {
		// Only member formats show schedules, so lists skip the scan.
		var schedules []any
		op.Env.Store.Read(func(d *store.Data) {
			for _, s := range d.Schedules.All() {
				if s.PipelineUUID == p.UUID {
					schedules = append(schedules, presentSchedule(s))
				}
			}
		})
		out["schedules"] = append([]any{}, schedules...)
	}
	return out
}
