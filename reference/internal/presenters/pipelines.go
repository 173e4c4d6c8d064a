package presenters

import (
	"maps"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// PipelineDefaultAttributes is PipelinePresenter.default_attributes (C §8);
// the pipelines policy lets editors write all of them on update.
var PipelineDefaultAttributes = []string{"blocks", "cache_block_output_in_memory", "concurrency_config",
	"created_at", "data_integration", "description", "executor_config", "executor_count", "executor_type",
	"name", "notification_config", "remote_variables_dir", "retry_config", "run_pipeline_in_one_process",
	"settings", "spark_config", "tags", "type", "updated_at", "uuid", "variables", "variables_dir", "widgets"}

// Pipelines shows the default attributes in lists; the member actions and
// create add callbacks, conditionals, extensions and the pipeline's schedules.
func Pipelines() api.Presenter {
	member := withAttributes(PipelineDefaultAttributes, "callbacks", "conditionals", "extensions", "schedules")
	return api.Presenter{
		Formats: map[string][]string{
			"default": PipelineDefaultAttributes, "list": PipelineDefaultAttributes,
			"detail": member, "create": member, "update": member, "delete": member,
		},
		Present: presentPipeline,
	}
}

func presentPipeline(op *api.Op, record any) map[string]any {
	p := record.(store.Pipeline)
	out := maps.Clone(p.Attrs)
	out["uuid"], out["name"] = p.UUID, p.Name
	out["created_at"], out["updated_at"] = api.Datetime(p.CreatedAt), api.Datetime(p.UpdatedAt)
	if op.Action != api.ActionList {
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
