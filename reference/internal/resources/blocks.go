package resources

import (
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// BlockTypes are the block types the reference models, each with its template (the content
// of a block created without one). Mage knows more (callbacks, conditionals, charts, dbt,
// extensions, ...), which live elsewhere than in the pipeline's block list.
var BlockTypes = []string{"custom", "data_exporter", "data_loader", "markdown", "scratchpad", "sensor", "transformer"}

// BlockLanguages are the languages a block may be written in.
var BlockLanguages = []string{"markdown", "python", "r", "sql", "yaml"}

// blockTemplates are the reference's own starting contents, per type.
var blockTemplates = map[string]string{
	"custom":        "# A custom block: return what the blocks downstream receive.\ndef run(*args, **kwargs):\n    return None\n",
	"data_exporter": "# A data exporter: write what the upstream blocks return somewhere.\ndef export(data, *args, **kwargs):\n    pass\n",
	"data_loader":   "# A data loader: return the data this pipeline starts from.\ndef load(*args, **kwargs):\n    return None\n",
	"markdown":      "Notes about this pipeline.\n",
	"scratchpad":    "# A scratchpad: code that is never part of a run.\n",
	"sensor":        "# A sensor: return True once the pipeline may go on.\ndef check(*args, **kwargs):\n    return True\n",
	"transformer":   "# A transformer: return the upstream data, changed.\ndef transform(data, *args, **kwargs):\n    return data\n",
}

// BlockRecord is a block with the blocks of its pipeline, from which its downstream blocks
// are read.
type BlockRecord struct {
	Block        store.Block
	PipelineUUID string
	All          []store.Block
}

// Blocks are a pipeline's blocks, under /api/pipelines/{uuid}/blocks, keyed by uuid.
func Blocks() api.Logic {
	return api.Logic{
		Plural: "blocks", Singular: "block",
		Attributes: BlockAttributes,
		Actions: map[api.Action]api.Run{api.ActionList: listBlocks, api.ActionDetail: found,
			api.ActionCreate: createBlock, api.ActionUpdate: updateBlock, api.ActionDelete: deleteBlock},
		Lookup: lookupBlock,
	}
}

func errNoPipelineParent(what string) *apierr.Error {
	return apierr.Invalid(what + " are under /api/pipelines/{uuid}/" + what + ".")
}

func errBlockMissing(uuid, pipeline string) *apierr.Error {
	return apierr.NotFound("The pipeline has no such block.").
		InMage(compat.MissingBlock400, apierr.Invalid("Block "+uuid+" does not exist in pipeline "+pipeline+"."))
}

func errBlockTaken(uuid string) *apierr.Error {
	return apierr.Invalid("The pipeline already has a block with this uuid.").
		WithErrors(map[string]any{"attribute": "name", "uuid": uuid}).
		InMage(compat.DuplicateBlock500, apierr.Unhandled("Exception",
			"[ERR_BLOCK_EXISTS] Block %s already exists. Please use a different name.", uuid))
}

// parentPipeline is the route's pipeline, or the refusal of a route without one.
func parentPipeline(op *api.Op) (store.Pipeline, error) {
	p, ok := op.ParentRecord.(store.Pipeline)
	if !ok {
		return store.Pipeline{}, errNoPipelineParent("blocks")
	}
	return p, nil
}

func lookupBlock(op *api.Op) (any, error) {
	p, err := parentPipeline(op)
	if err != nil {
		return nil, err
	}
	all := store.BlocksOf(p)
	i := slices.IndexFunc(all, func(b store.Block) bool { return b.UUID == op.PK })
	if i < 0 {
		return nil, errBlockMissing(op.PK, p.UUID)
	}
	return BlockRecord{Block: all[i], PipelineUUID: p.UUID, All: all}, nil
}

// listBlocks lists every block in the pipeline's order (a _limit of 0, Mage's default, is all
// of them), or those block_uuid[] names.
func listBlocks(op *api.Op, _ any) (any, error) {
	p, err := parentPipeline(op)
	if err != nil {
		return nil, err
	}
	pg, err := parsePaging(op, 0)
	if err != nil {
		return nil, err
	}
	all := store.BlocksOf(p)
	rows := all
	if want := commaValues(op.Query["block_uuid[]"]); len(want) > 0 {
		rows = slices.DeleteFunc(slices.Clone(all), func(b store.Block) bool { return !slices.Contains(want, b.UUID) })
	}
	if pg.Limit == 0 {
		pg.Limit = -1
	}
	start, end := pg.window(len(rows))
	items := make([]any, 0, end-start)
	for _, b := range rows[start:end] {
		items = append(items, BlockRecord{Block: b, PipelineUUID: p.UUID, All: all})
	}
	return api.Page{Items: items, Metadata: map[string]any{"count": len(rows), "next": end < len(rows)}}, nil
}

// existing keeps the uuids of blocks the pipeline has, once each and never self: an unknown
// upstream or downstream block is dropped, as Mage drops it.
func existing(all []store.Block, uuids []string, self string) []string {
	out := []string{}
	for _, u := range uuids {
		if u != self && !slices.Contains(out, u) && slices.ContainsFunc(all, func(b store.Block) bool { return b.UUID == u }) {
			out = append(out, u)
		}
	}
	return out
}

// setDownstream makes uuid upstream of exactly the blocks in down (the others drop it).
func setDownstream(all []store.Block, uuid string, down []string) {
	for i := range all {
		has := slices.Contains(all[i].Upstream, uuid)
		switch want := slices.Contains(down, all[i].UUID); {
		case want && !has:
			all[i].Upstream = append(slices.Clone(all[i].Upstream), uuid)
		case !want && has:
			all[i].Upstream = slices.DeleteFunc(slices.Clone(all[i].Upstream), func(u string) bool { return u == uuid })
		}
	}
}

func checkBlockValues(op *api.Op) error {
	if t, ok := str(op.Attrs, "type"); ok && !slices.Contains(BlockTypes, t) {
		return apierr.Invalid("Unknown block type.").WithErrors(map[string]any{"attribute": "type", "allowed": BlockTypes}).
			InMage(compat.UnknownBlockType500, apierr.Unhandled("TypeError", "'NoneType' object is not callable"))
	}
	if l, ok := str(op.Attrs, "language"); ok && !slices.Contains(BlockLanguages, l) {
		return apierr.Invalid("Unknown block language.").WithErrors(map[string]any{"attribute": "language", "allowed": BlockLanguages}).
			InMage(compat.UnknownBlockType500, apierr.Unhandled("KeyError", "'%s'", l))
	}
	return checkNames(op, nameShown, "name")
}

// blockUUID is the uuid a block name gives: the pipeline-name rule (CleanName).
func blockUUID(name string) (string, error) {
	uuid := CleanName(name)
	if uuid == "" {
		return "", apierr.Invalid("The block name gives an empty uuid.").WithErrors(map[string]any{"attribute": "name"})
	}
	return uuid, nil
}

func createBlock(op *api.Op, _ any) (any, error) {
	if _, err := parentPipeline(op); err != nil {
		return nil, err
	}
	name, ok := str(op.Attrs, "name")
	if !ok {
		return nil, apierr.Invalid("A block needs a name.").WithErrors(map[string]any{"attribute": "name", "error": "required"}).
			InMage(compat.UnnamedBlock500, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'replace'"))
	}
	if err := checkBlockValues(op); err != nil {
		return nil, err
	}
	typ, ok := str(op.Attrs, "type")
	if !ok {
		return nil, apierr.Invalid("A block needs a type.").WithErrors(map[string]any{"attribute": "type", "allowed": BlockTypes}).
			InMage(compat.UnknownBlockType500, apierr.Unhandled("TypeError", "'NoneType' object is not callable"))
	}
	uuid, err := blockUUID(name)
	if err != nil {
		return nil, err
	}
	b := store.Block{UUID: uuid, Name: name, Type: typ, Language: "python", Status: "not_executed",
		Content: blockTemplates[typ], ExecutorType: "local_python", Configuration: map[string]any{}}
	if l, ok := str(op.Attrs, "language"); ok {
		b.Language = l
	}
	if c, ok := str(op.Attrs, "content"); ok {
		b.Content, b.Status = c, "updated"
	}
	setBlockOptions(op, &b)
	pipelineUUID := op.ParentRecord.(store.Pipeline).UUID
	var rec BlockRecord
	err = op.Env.Store.Write(func(d *store.Data) error {
		p, ok := d.Pipeline(pipelineUUID)
		if !ok {
			return errPipelineMissing(pipelineUUID)
		}
		all := store.BlocksOf(p)
		if slices.ContainsFunc(all, func(x store.Block) bool { return x.UUID == uuid }) {
			return errBlockTaken(uuid)
		}
		if ups, ok := op.Attrs["upstream_blocks"].([]string); ok {
			b.Upstream = existing(all, ups, uuid)
		}
		all = append(all, b)
		if down, ok := op.Attrs["downstream_blocks"].([]string); ok {
			setDownstream(all, uuid, existing(all, down, uuid))
		}
		p = p.WithBlocks(all)
		p.UpdatedAt = op.Now()
		d.PutPipeline("", p)
		rec = BlockRecord{Block: all[len(all)-1], PipelineUUID: p.UUID, All: all}
		return nil
	})
	return rec, err
}

// setBlockOptions copies the written attributes stored as they are.
func setBlockOptions(op *api.Op, b *store.Block) {
	if c, ok := nullStr(op.Attrs, "color"); ok {
		b.Color = c
	}
	if c, ok := op.Attrs["configuration"].(map[string]any); ok {
		b.Configuration = c
	}
	if h, ok := op.Attrs["has_callback"].(bool); ok {
		b.HasCallback = h
	}
	if e, ok := str(op.Attrs, "executor_type"); ok {
		b.ExecutorType = e
	}
	if r, ok := op.Attrs["retry_config"]; ok {
		b.RetryConfig, _ = r.(map[string]any)
	}
	if t, ok := op.Attrs["timeout"]; ok {
		b.Timeout, _ = t.(*int)
	}
}

// blockFilePath is where Mage keeps a block's code in its project: {type}s/{uuid}.{extension}.
func blockFilePath(b store.Block) string {
	ext := map[string]string{"markdown": "md", "python": "py", "r": "r", "sql": "sql", "yaml": "yaml"}[b.Language]
	if ext == "" {
		ext = "py"
	}
	return b.Type + "s/" + b.UUID + "." + ext
}

// updateBlock renames (the uuid follows the name, and the blocks that name it upstream follow
// the uuid), rewires upstream_blocks and downstream_blocks (each side of an edge is read from
// the one stored edge, so they always agree) and sets the other attributes. content and type
// are ignored, as Mage ignores them here.
func updateBlock(op *api.Op, record any) (any, error) {
	delete(op.Attrs, "type") // a block keeps its type, whatever is written (as in Mage)
	if err := checkBlockValues(op); err != nil {
		return nil, err
	}
	old := record.(BlockRecord)
	var rec BlockRecord
	err := op.Env.Store.Write(func(d *store.Data) error {
		p, all, i, err := blockIn(d, old)
		if err != nil {
			return err
		}
		b := all[i]
		if name, ok := str(op.Attrs, "name"); ok && name != b.Name {
			uuid, err := blockUUID(name)
			if err != nil {
				return err
			}
			if uuid != b.UUID && slices.ContainsFunc(all, func(x store.Block) bool { return x.UUID == uuid }) {
				return errBlockTaken(uuid)
			}
			for j := range all {
				if k := slices.Index(all[j].Upstream, b.UUID); k >= 0 {
					all[j].Upstream = slices.Clone(all[j].Upstream)
					all[j].Upstream[k] = uuid
				}
			}
			b.Name, b.UUID = name, uuid
			if op.Env.Compat.Has(compat.BlockRenameFilePath) {
				path := blockFilePath(b)
				conf := map[string]any{}
				for k, v := range b.Configuration {
					conf[k] = v
				}
				conf["file_path"], conf["file_source"] = path, map[string]any{"path": path}
				b.Configuration = conf
			}
		}
		if l, ok := str(op.Attrs, "language"); ok {
			b.Language = l
		}
		setBlockOptions(op, &b)
		if ups, ok := op.Attrs["upstream_blocks"].([]string); ok {
			b.Upstream = existing(all, ups, b.UUID)
		}
		all[i] = b
		if down, ok := op.Attrs["downstream_blocks"].([]string); ok {
			setDownstream(all, b.UUID, existing(all, down, b.UUID))
		}
		p = p.WithBlocks(all)
		p.UpdatedAt = op.Now()
		d.PutPipeline("", p)
		rec = BlockRecord{Block: all[i], PipelineUUID: p.UUID, All: all}
		return nil
	})
	return rec, err
}

// deleteBlock removes a block no other block has upstream. With force=true the blocks
// downstream of it take its upstream blocks in its place, as in Mage.
func deleteBlock(op *api.Op, record any) (any, error) {
	old := record.(BlockRecord)
	force := api.Truthy(op.Query["force"])
	err := op.Env.Store.Write(func(d *store.Data) error {
		p, all, i, err := blockIn(d, old)
		if err != nil {
			return err
		}
		b := all[i]
		down := store.Downstream(all, b.UUID)
		if len(down) > 0 && !force {
			return apierr.Invalid("Other blocks depend on this block: delete them first, or delete with force=true.").
				WithErrors(map[string]any{"downstream_blocks": down}).
				InMage(compat.BlockDeleteDownstream500, apierr.Unhandled("HasDownstreamDependencies",
					"Block(s) %s are depending on block %s. Please remove the downstream blocks first.", pyList(down), b.UUID))
		}
		all = slices.Delete(all, i, i+1)
		for j := range all {
			if k := slices.Index(all[j].Upstream, b.UUID); k >= 0 {
				ups := slices.Delete(slices.Clone(all[j].Upstream), k, k+1)
				for _, u := range b.Upstream {
					if !slices.Contains(ups, u) && u != all[j].UUID {
						ups = append(ups, u)
					}
				}
				all[j].Upstream = ups
			}
		}
		p = p.WithBlocks(all)
		p.UpdatedAt = op.Now()
		d.PutPipeline("", p)
		return nil
	})
	return old, err
}

// pyList is a list of strings as Python prints it: ['a', 'b'].
func pyList(items []string) string {
	out := "["
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += "'" + s + "'"
	}
	return out + "]"
}

// blockIn finds the looked-up block again inside the write: its pipeline, the pipeline's blocks
// and the block's index among them (either may be gone since the lookup).
func blockIn(d *store.Data, old BlockRecord) (store.Pipeline, []store.Block, int, error) {
	p, ok := d.Pipeline(old.PipelineUUID)
	if !ok {
		return p, nil, -1, errPipelineMissing(old.PipelineUUID)
	}
	all := store.BlocksOf(p)
	i := slices.IndexFunc(all, func(b store.Block) bool { return b.UUID == old.Block.UUID })
	if i < 0 {
		return p, nil, -1, errBlockMissing(old.Block.UUID, p.UUID)
	}
	return p, all, i, nil
}
