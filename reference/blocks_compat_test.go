package reference_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference/internal/compat"
)

// The battery's scenarios of a pipeline's blocks and variables and of the project, and the
// claims of their compat entries.

// withBlocks is steps after the owner gives the fixture's pipeline two blocks: load (with
// content) and then transform downstream of it. Those two answers are the same in every mode.
func withBlocks(steps ...step) []step {
	return append([]step{
		req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "load", "type": "data_loader", "content": "x = 1\n"}}`),
		req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "transform", "type": "transformer", "upstream_blocks": ["load", "ghost"]}}`),
	}, steps...)
}

// withVariable is steps after the owner sets the fixture's pipeline's variable env to "prod".
func withVariable(steps ...step) []step {
	return append([]step{req(asOwner, "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "env", "value": "prod"}}`)}, steps...)
}

// blocksListed is the owner's list of the pipeline's blocks, to show what a step changed.
var blocksListed = req(asOwner, "GET", "/api/pipelines/kept/blocks", "")

// variablesListed is the owner's list of the pipeline's variables.
var variablesListed = req(asOwner, "GET", "/api/pipelines/kept/variables", "")

var blockScenarios = []scenario{
	// Controls.
	{name: "block edges", steps: withBlocks(
		req(asViewer, "GET", "/api/pipelines/kept/blocks", "").
			expect(hasValues("blocks", map[string]any{"language": "python", "content": absent}),
				hasValues("blocks", map[string]any{"language": "python", "content": absent})),
		req(asViewer, "GET", "/api/pipelines/kept/blocks/load", "").
			expect(hasValues("block", map[string]any{"downstream_blocks": []any{"transform"}, "outputs": []any{}, "status": "updated"}),
				hasValues("block", map[string]any{"downstream_blocks": []any{"transform"}, "outputs": []any{}, "status": "updated"})))},
	{name: "block update", steps: withBlocks(
		req(asOwner, "PUT", "/api/pipelines/kept/blocks/transform", `{"block": {"upstream_blocks": [], "downstream_blocks": ["load"], "content": "ignored"}}`).
			expect(hasValues("block", map[string]any{"upstream_blocks": []any{}, "downstream_blocks": []any{"load"}}),
				hasValues("block", map[string]any{"upstream_blocks": []any{}, "downstream_blocks": []any{"load"}})),
		blocksListed)},
	{name: "viewer creates a block", steps: []step{req(asViewer, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "x", "type": "custom"}}`).
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access")), blocksListed}},
	{name: "leaf block delete", steps: withBlocks(req(asOwner, "DELETE", "/api/pipelines/kept/blocks/transform", "").
		expect(hasValues("block", map[string]any{"uuid": "transform"}), hasValues("block", map[string]any{"uuid": "transform"})), blocksListed)},
	{name: "forced block delete", steps: withBlocks(req(asOwner, "DELETE", "/api/pipelines/kept/blocks/load?force=true", "").
		expect(hasValues("block", map[string]any{"uuid": "load"}), hasValues("block", map[string]any{"uuid": "load"})), blocksListed)},
	{name: "triggered run of a pipeline with blocks", runs: true, steps: []step{
		req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "report", "type": "data_exporter", "upstream_blocks": ["transform"]}}`).
			expect(hasValues("block", map[string]any{"upstream_blocks": []any{"transform"}}), hasValues("block", map[string]any{"upstream_blocks": []any{"transform"}})),
		req(asNobody, "POST", "/api/pipeline_schedules/2/pipeline_runs/"+runToken, `{}`),
		req(asOwner, "GET", "/api/pipeline_runs/2", "").expect(hasBlockRuns("load", "transform", "report"), hasBlockRuns("load", "transform", "report"))}},

	// Deviations.
	{name: "missing block", steps: []step{
		req(asOwner, "GET", "/api/pipelines/kept/blocks/nosuch", "").expect(isFailure(404, "record_not_found"), isFailure(400, "record_invalid")),
		req(asOwner, "PUT", "/api/pipelines/kept/blocks/nosuch", `{"block": {"name": "x"}}`).expect(isFailure(404, "record_not_found"), isFailure(400, "record_invalid")),
		req(asViewer, "DELETE", "/api/pipelines/kept/blocks/nosuch", "").expect(isFailure(404, "record_not_found"), isFailure(400, "record_invalid"))}},
	{name: "duplicate block", steps: withBlocks(req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "load", "type": "transformer"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "blocks"))), blocksListed)},
	{name: "block renamed onto another", steps: withBlocks(req(asOwner, "PUT", "/api/pipelines/kept/blocks/transform", `{"block": {"name": "load"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "blocks", "child_pk", "transform"))), blocksListed)},
	{name: "block of an unknown type", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "weird", "type": "nosuchtype"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "blocks"))), blocksListed}},
	{name: "block in an unknown language", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "weird", "type": "custom", "language": "cobol"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "blocks"))), blocksListed}},
	{name: "unnamed block", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/blocks", `{"block": {"type": "custom"}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "blocks"))), blocksListed}},
	{name: "delete of a block with downstream blocks", steps: withBlocks(req(asOwner, "DELETE", "/api/pipelines/kept/blocks/load", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "blocks", "child_pk", "load"))), blocksListed)},
	{name: "block rename", steps: withBlocks(req(asOwner, "PUT", "/api/pipelines/kept/blocks/transform", `{"block": {"name": "clean up"}}`).
		expect(hasValues("block", map[string]any{"uuid": "clean_up", "configuration": map[string]any{}}),
			hasValues("block", map[string]any{"uuid": "clean_up", "configuration": map[string]any{
				"file_path": "transformers/clean_up.py", "file_source": map[string]any{"path": "transformers/clean_up.py"}}})),
		blocksListed)},
	{name: "blocks in the pipeline detail", steps: withBlocks(req(asViewer, "GET", "/api/pipelines/kept", "").
		expect(hasValues("pipeline.blocks", map[string]any{"content": absent, "upstream_blocks": Not(BeNil())}),
			hasValues("pipeline.blocks", map[string]any{"content": Not(BeNil()), "tags": []any{}, "outputs": []any{}})))},
	{name: "blocks of a missing pipeline", steps: []step{req(asOwner, "GET", "/api/pipelines/nosuch/blocks", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch", "child", "blocks")))}},

	// Variables.
	{name: "variable upsert", steps: withVariable(
		req(asOwner, "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "env", "value": {"a": [1, 2]}}}`).
			expect(hasValues("variable", map[string]any{"name": "env", "variables": []any{"env"}, "block": map[string]any{"uuid": "global"}}),
				hasValues("variable", map[string]any{"name": "env", "variables": []any{"env"}, "block": map[string]any{"uuid": "global"}})),
		req(asViewer, "GET", "/api/pipelines/kept/variables?global_only=true", "").
			expect(hasValues("variables", map[string]any{"name": nil, "pipeline": map[string]any{"uuid": "kept"}}),
				hasValues("variables", map[string]any{"name": nil, "pipeline": map[string]any{"uuid": "kept"}})))},
	{name: "variable detail", steps: withVariable(req(asOwner, "GET", "/api/pipelines/kept/variables/env", "").
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access")))},
	{name: "viewer sets a variable", steps: []step{req(asViewer, "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "env", "value": 1}}`).
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access")), variablesListed}},
	{name: "variable with an invalid name", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "1bad", "value": 1}}`).
		expect(isFailure(400, "record_invalid"), isFailure(400, "record_invalid")), variablesListed}},
	{name: "variable without a value", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "env", "value": null}}`).
		expect(isFailure(400, "record_invalid"), isFailure(400, "record_invalid")), variablesListed}},
	{name: "unnamed variable", steps: []step{req(asOwner, "POST", "/api/pipelines/kept/variables", `{"variable": {"value": 1}}`).
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "pipelines", "pk", "kept", "child", "variables"))), variablesListed}},
	{name: "variable update without a name", steps: withVariable(req(asOwner, "PUT", "/api/pipelines/kept/variables/env", `{"variable": {"value": "dev"}}`).
		expect(hasValues("variable", map[string]any{"name": "env", "value": "dev"}),
			isFault(url("resource", "pipelines", "pk", "kept", "child", "variables", "child_pk", "env"))), variablesListed)},
	{name: "variable update by another name", steps: withVariable(req(asOwner, "PUT", "/api/pipelines/kept/variables/env", `{"variable": {"name": "stage", "value": "dev"}}`).
		expect(hasValues("variable", map[string]any{"name": "stage", "variables": []any{"stage"}}),
			hasValues("variable", map[string]any{"name": "stage", "variables": []any{"env", "stage"}})), variablesListed)},
	{name: "variable update of a missing variable", steps: []step{req(asOwner, "PUT", "/api/pipelines/kept/variables/nosuch", `{"variable": {"name": "nosuch", "value": 1}}`).
		expect(isFailure(404, "record_not_found"), hasValues("variable", map[string]any{"name": "nosuch"})), variablesListed}},
	{name: "variable delete", steps: withVariable(req(asOwner, "DELETE", "/api/pipelines/kept/variables/env", "").
		expect(hasValues("variable", map[string]any{"name": "env", "value": "prod", "variables": []any{}}),
			hasValues("variable", map[string]any{"name": "env", "value": nil, "block": nil, "variables": nil})), variablesListed)},
	{name: "delete of a missing variable", steps: []step{
		req(asOwner, "DELETE", "/api/pipelines/kept/variables/nosuch", "").
			expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "kept", "child", "variables", "child_pk", "nosuch"))),
		req(asViewer, "DELETE", "/api/pipelines/kept/variables/nosuch", "").
			expect(isFailure(404, "record_not_found"), isFailure(403, "unauthorized_access"))}},
	{name: "variables outside a pipeline", steps: []step{req(asOwner, "GET", "/api/variables", "").
		expect(isFailure(400, "record_invalid"), isFault(url("resource", "variables")))}},
	{name: "variables of a missing pipeline", steps: []step{req(asOwner, "GET", "/api/pipelines/nosuch/variables", "").
		expect(isFailure(404, "record_not_found"), isFault(url("resource", "pipelines", "pk", "nosuch", "child", "variables")))}},

	// The project.
	{name: "project with a session", steps: []step{req(asViewer, "GET", "/api/projects", "").
		expect(hasValues("projects", map[string]any{"version": "0.9.79+mageconform.1", "features": HaveKey("polars")}),
			hasValues("projects", map[string]any{"version": "0.9.79", "features": HaveKey("polars")}))}},
	{name: "project with the key alone", steps: []step{req(asKey, "GET", "/api/projects", "").
		expect(hasValues("projects", map[string]any{"version": absent, "features": HaveKey("polars")}),
			hasValues("projects", map[string]any{"version": absent, "features": HaveKey("polars")}))}},
	{name: "project detail", steps: []step{req(asOwner, "GET", "/api/projects/1", "").
		expect(isFailure(403, "unauthorized_access"), isFailure(403, "unauthorized_access"))}},
}

// blockClaims are the claims of this part's entries.
var blockClaims = map[compat.ID][]string{
	compat.MissingBlock400:             {"missing block"},
	compat.DuplicateBlock500:           {"duplicate block", "block renamed onto another"},
	compat.UnknownBlockType500:         {"block of an unknown type", "block in an unknown language"},
	compat.UnnamedBlock500:             {"unnamed block"},
	compat.BlockDeleteDownstream500:    {"delete of a block with downstream blocks"},
	compat.BlockRenameFilePath:         {"block rename"},
	compat.PipelineBlockDetails:        {"blocks in the pipeline detail"},
	compat.VariablesWithoutPipeline500: {"variables outside a pipeline"},
	compat.UnnamedVariable500:          {"unnamed variable", "variable update without a name"},
	compat.VariableUpdateByName:        {"variable update by another name", "variable update of a missing variable"},
	compat.MissingVariableDelete500:    {"delete of a missing variable"},
	compat.VariableDeleteNulls:         {"variable delete"},
	compat.ProjectMageVersion:          {"project with a session"},
}

// blockClaimsOfOthers are the scenarios of this part that entries outside it change.
var blockClaimsOfOthers = map[compat.ID][]string{
	compat.MissingPipeline500:    {"blocks of a missing pipeline", "variables of a missing pipeline"},
	compat.PipelineFormats:       {"blocks in the pipeline detail"},
	compat.PipelineVariablesDir:  {"blocks in the pipeline detail"},
	compat.TriggerLegacyEnvelope: {"triggered run of a pipeline with blocks"},
}

// hasBlockRuns is a run's detail with one initial block run per block named, in that order.
func hasBlockRuns(blocks ...string) check {
	return func(_ *fixture, res response) {
		GinkgoHelper()
		run := object(res, "pipeline_run")
		list, _ := run["block_runs"].([]any)
		var got []string
		for _, b := range list {
			Expect(b).To(HaveKeyWithValue("status", "initial"))
			got = append(got, b.(map[string]any)["block_uuid"].(string))
		}
		Expect(got).To(Equal(blocks), "body %s", res.Raw)
	}
}

var _ = func() bool {
	scenarios = append(scenarios, blockScenarios...)
	for id, names := range blockClaims {
		claims[id] = append(claims[id], names...)
	}
	for id, names := range blockClaimsOfOthers {
		claims[id] = append(claims[id], names...)
	}
	return true
}()
