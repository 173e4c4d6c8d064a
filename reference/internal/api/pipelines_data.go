package api

import (
	"maps"
	"strings"
	"unicode"
)

// pipelineDefaults are the stored attributes of a new pipeline besides uuid,
// name and the timestamps (PipelinePresenter.default_attributes, C §8).
func pipelineDefaults() map[string]any {
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
var pipelineStored = map[string]Kind{
	"blocks": KindArray, "cache_block_output_in_memory": KindBool, "concurrency_config": KindObject,
	"data_integration": KindNullObject, "description": KindNullString, "executor_config": KindObject,
	"executor_count": KindInt, "executor_type": KindNullString, "notification_config": KindObject,
	"remote_variables_dir": KindNullString, "retry_config": KindObject, "run_pipeline_in_one_process": KindBool,
	"settings": KindObject, "spark_config": KindObject, "tags": KindStringList, "type": KindString,
	"variables": KindNullObject, "variables_dir": KindNullString, "widgets": KindArray,
	"callbacks": KindArray, "conditionals": KindArray, "extensions": KindObject,
}

// pipelineActionFields are written attributes that steer an action instead
// of being stored. The reference models clone_pipeline_uuid and status; the
// others (LLM generation, templates, block wiring, runs) are accepted with
// their types checked and have no effect.
var pipelineActionFields = map[string]Kind{
	"name": KindString, "clone_pipeline_uuid": KindString, "custom_template_uuid": KindString,
	"llm": KindObject, "add_upstream_for_block_uuid": KindString, "schedules": KindArray,
	"pipeline_runs": KindArray, "pipeline_schedule_id": KindInt, "status": KindString,
}

// PipelineTypes are the pipeline types Mage knows.
var PipelineTypes = []string{"python", "pyspark", "streaming", "integration", "databricks"}

func pipelineFields() map[string]Kind {
	return merge2(pipelineStored, pipelineActionFields)
}

func merge2(a, b map[string]Kind) map[string]Kind {
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
