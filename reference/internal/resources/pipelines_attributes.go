package resources

import (
	"maps"
	"strings"
	"unicode"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
)

// pipelineDefaults are the stored attributes of a new pipeline besides uuid,
// name and the timestamps (PipelinePresenter.default_attributes, C §8). A new
// pipeline of Mage has no variables and settings {"triggers": null}
// (compat.PipelineFormats).
func pipelineDefaults(op *api.Op) map[string]any {
	d := pipelineBase()
	if op.Env.Compat.Has(compat.PipelineFormats) {
		d["variables"], d["settings"] = nil, map[string]any{"triggers": nil}
	}
	return d
}

func pipelineBase() map[string]any {
	return map[string]any{
		"blocks": []any{}, "cache_block_output_in_memory": false, "concurrency_config": map[string]any{},
		"data_integration": nil, "description": nil, "executor_config": map[string]any{},
		"executor_count": 1, "executor_type": nil, "notification_config": map[string]any{},
		"remote_variables_dir": nil, "retry_config": map[string]any{}, "run_pipeline_in_one_process": false,
		"settings": map[string]any{}, "spark_config": map[string]any{}, "tags": []string{}, "type": "python",
		"variables": map[string]any{}, "variables_dir": nil, "widgets": []any{},
		"callbacks": []any{}, "conditionals": []any{}, "extensions": map[string]any{},
	}
}

// pipelineStored are the written attributes kept on the pipeline.
var pipelineStored = map[string]api.Kind{
	"blocks": api.KindArray, "cache_block_output_in_memory": api.KindBool, "concurrency_config": api.KindObject,
	"data_integration": api.KindNullObject, "description": api.KindNullString, "executor_config": api.KindObject,
	"executor_count": api.KindInt, "executor_type": api.KindNullString, "notification_config": api.KindObject,
	"remote_variables_dir": api.KindNullString, "retry_config": api.KindObject, "run_pipeline_in_one_process": api.KindBool,
	"settings": api.KindObject, "spark_config": api.KindObject, "tags": api.KindStringList, "type": api.KindString,
	"variables": api.KindNullObject, "variables_dir": api.KindNullString, "widgets": api.KindArray,
	"callbacks": api.KindArray, "conditionals": api.KindArray, "extensions": api.KindObject,
}

// pipelineActionFields are written attributes that steer an action instead
// of being stored. The reference models clone_pipeline_uuid and status; the
// others (LLM generation, templates, block wiring, runs) are accepted with
// their types checked and have no effect.
var pipelineActionFields = map[string]api.Kind{
	"name": api.KindString, "clone_pipeline_uuid": api.KindString, "custom_template_uuid": api.KindString,
	"llm": api.KindObject, "add_upstream_for_block_uuid": api.KindString, "schedules": api.KindArray,
	"pipeline_runs": api.KindArray, "pipeline_schedule_id": api.KindInt, "status": api.KindString,
}

// PipelineTypes are the pipeline types Mage knows.
var PipelineTypes = []string{"python", "pyspark", "streaming", "integration", "databricks"}

func pipelineFields() map[string]api.Kind {
	return merge2(pipelineStored, pipelineActionFields)
}

func merge2(a, b map[string]api.Kind) map[string]api.Kind {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

// CleanName derives a pipeline uuid from its name like Mage's clean_name:
// drop '"', '$', tabs and newlines, turn every non-word character into '_',
// prefix a leading digit with "letter_", lower-case.
func CleanName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '"' || r == '$' || r == '\t' || r == '\n':
		case r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out != "" && unicode.IsDigit([]rune(out)[0]) {
		out = "letter_" + out
	}
	return strings.ToLower(out)
}
