package resources

import (
	"slices"
	"strings"
	"unicode"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
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

// PipelineAttributes are PipelinePresenter.default_attributes (C §8), which every answer shows
// and editors may write (or send back) on update, as in Mage, and what else a client writes.
// The member actions and create also show callbacks, conditionals, extensions and schedules.
var PipelineAttributes = api.Declare(slices.Concat(pipelineKept, pipelineSteering, pipelineKeys)...)

// pipelineStored are the names of the written attributes kept on the pipeline.
var pipelineStored = func() map[string]bool {
	out := map[string]bool{}
	for _, a := range pipelineKept {
		out[a.Name] = true
	}
	return out
}()

// Shorthands of the declarations below: editors write on create, update or both; the formats
// of every answer, and of the member actions and create.
var (
	pipelineEditor   = api.AtLeast(role.Editor)
	pipelineOnCreate = api.WrittenOn(pipelineEditor, api.ActionCreate)
	pipelineOnUpdate = api.WrittenOn(pipelineEditor, api.ActionUpdate)
	pipelineOnBoth   = api.WrittenOn(pipelineEditor, api.ActionCreate, api.ActionUpdate)
	pipelineAll      = []string{"default", "list", "detail", "create", "update", "delete"}
	pipelineMember   = []string{"detail", "create", "update", "delete"}
)

// pipelineKept are the written attributes the pipeline keeps (in Attrs).
var pipelineKept = []api.Attribute{
	{Name: "blocks", Kind: api.KindArray, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "cache_block_output_in_memory", Kind: api.KindBool, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "concurrency_config", Kind: api.KindObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "data_integration", Kind: api.KindNullObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "description", Kind: api.KindNullString, Write: pipelineOnBoth, Shown: pipelineAll},
	{Name: "executor_config", Kind: api.KindObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "executor_count", Kind: api.KindInt, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "executor_type", Kind: api.KindNullString, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "notification_config", Kind: api.KindObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "remote_variables_dir", Kind: api.KindNullString, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "retry_config", Kind: api.KindObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "run_pipeline_in_one_process", Kind: api.KindBool, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "settings", Kind: api.KindObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "spark_config", Kind: api.KindObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "tags", Kind: api.KindStringList, Write: pipelineOnBoth, Shown: pipelineAll},
	{Name: "type", Kind: api.KindString, Write: pipelineOnBoth, Shown: pipelineAll},
	{Name: "variables", Kind: api.KindNullObject, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "variables_dir", Kind: api.KindNullString, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "widgets", Kind: api.KindArray, Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "callbacks", Kind: api.KindArray, Write: pipelineOnBoth, Shown: pipelineMember},
	{Name: "conditionals", Kind: api.KindArray, Write: pipelineOnBoth, Shown: pipelineMember},
	{Name: "extensions", Kind: api.KindObject, Write: pipelineOnBoth, Shown: pipelineMember},
}

// pipelineSteering are written attributes that steer an action instead of being kept. The
// reference models name, clone_pipeline_uuid and status; the others (LLM generation,
// templates, block wiring, runs) are accepted with their types checked and have no effect.
var pipelineSteering = []api.Attribute{
	{Name: "name", Kind: api.KindString, Write: pipelineOnBoth, Shown: pipelineAll},
	{Name: "clone_pipeline_uuid", Kind: api.KindString, Write: pipelineOnCreate},
	{Name: "custom_template_uuid", Kind: api.KindString, Write: pipelineOnCreate},
	{Name: "llm", Kind: api.KindObject, Write: pipelineOnBoth},
	{Name: "add_upstream_for_block_uuid", Kind: api.KindString, Write: pipelineOnUpdate},
	{Name: "schedules", Kind: api.KindArray, Write: pipelineOnUpdate, Shown: pipelineMember},
	{Name: "pipeline_runs", Kind: api.KindArray, Write: pipelineOnUpdate},
	{Name: "pipeline_schedule_id", Kind: api.KindInt, Write: pipelineOnUpdate},
	{Name: "status", Kind: api.KindString, Write: pipelineOnUpdate},
}

// pipelineKeys are the uuid and timestamps: shown, and sent back on update without effect.
var pipelineKeys = []api.Attribute{
	{Name: "uuid", Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "created_at", Write: pipelineOnUpdate, Shown: pipelineAll},
	{Name: "updated_at", Write: pipelineOnUpdate, Shown: pipelineAll},
}

// PipelineTypes are the pipeline types Mage knows.
var PipelineTypes = []string{"python", "pyspark", "streaming", "integration", "databricks"}

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
