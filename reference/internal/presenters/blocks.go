package presenters

import (
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// blockFormats are the block presenter's formats (resources.BlockAttributes); a pipeline's
// blocks are shown as a block list shows them.
var blockFormats = resources.BlockAttributes.Formats()

// blockInPipelineMage is what Mage adds to each block of a pipeline's detail
// (compat.PipelineBlockDetails): keys of a nested object, not a block format.
var blockInPipelineMage = []string{"callback_blocks", "conditional_blocks", "content", "metadata", "outputs", "tags"}

// Blocks shows a pipeline's blocks.
func Blocks() api.Presenter {
	return api.Presenter{
		Formats: blockFormats,
		Present: func(_ *api.Op, record any) map[string]any {
			r := record.(resources.BlockRecord)
			return blockValues(r.Block, r.All)
		},
	}
}

// blockValues are every attribute of block b of a pipeline whose blocks are all.
func blockValues(b store.Block, all []store.Block) map[string]any {
	executed := true
	for _, u := range b.Upstream {
		i := slices.IndexFunc(all, func(x store.Block) bool { return x.UUID == u })
		executed = executed && i >= 0 && all[i].Status == "executed"
	}
	var color, timeout, retry any
	if b.Color != nil {
		color = *b.Color
	}
	if b.Timeout != nil {
		timeout = *b.Timeout
	}
	if b.RetryConfig != nil {
		retry = b.RetryConfig
	}
	return map[string]any{
		"all_upstream_blocks_executed": executed, "color": color, "configuration": b.Configuration,
		"downstream_blocks": store.Downstream(all, b.UUID), "executor_config": nil, "executor_type": b.ExecutorType,
		"has_callback": b.HasCallback, "language": b.Language, "name": b.Name, "retry_config": retry,
		"status": b.Status, "timeout": timeout, "type": b.Type, "upstream_blocks": append([]string{}, b.Upstream...),
		"uuid": b.UUID, "content": b.Content, "outputs": []any{},
		"callback_blocks": []any{}, "conditional_blocks": []any{}, "metadata": map[string]any{}, "tags": []any{},
	}
}

// pipelineBlocks is a pipeline's "blocks" as its answers show them: each block as a block
// list shows it; in Mage's pipeline detail with more (compat.PipelineBlockDetails).
func pipelineBlocks(op *api.Op, p store.Pipeline) []any {
	all := store.BlocksOf(p)
	keys := blockFormats["list"]
	if op.Action == api.ActionDetail && op.Env.Compat.Has(compat.PipelineBlockDetails) {
		keys = withAttributes(keys, blockInPipelineMage...)
	}
	out := make([]any, 0, len(all))
	for _, b := range all {
		values := blockValues(b, all)
		shown := make(map[string]any, len(keys))
		for _, k := range keys {
			shown[k] = values[k]
		}
		out = append(out, shown)
	}
	return out
}
