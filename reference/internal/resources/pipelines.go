package resources

import (
	"fmt"
	"maps"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// Pipelines are keyed by a uuid derived from the name (CleanName); schedules
// nest under them.
func Pipelines() api.Logic {
	return api.Logic{
		Plural: "pipelines", Singular: "pipeline",
		Attributes: PipelineAttributes,
		Children:   map[string]bool{"pipeline_schedules": true, "pipeline_runs": true, "blocks": true, "variables": true, "backfills": true, "logs": true},
		Actions: map[api.Action]api.Run{api.ActionList: listPipelines, api.ActionDetail: found,
			api.ActionCreate: createPipeline, api.ActionUpdate: updatePipeline, api.ActionDelete: deletePipeline},
		Lookup: func(op *api.Op) (any, error) {
			var p store.Pipeline
			var ok bool
			op.Env.Store.Read(func(d *store.Data) { p, ok = d.Pipeline(op.PK) })
			if !ok {
				return nil, errPipelineMissing(op.PK)
			}
			return p, nil
		},
	}
}

// The refusals Mage raises as plain exceptions (C §8), answered with its code-500 body.

func errPipelineMissing(uuid string) *apierr.Error {
	return apierr.NotFound("Pipeline not found.").
		InMage(compat.MissingPipeline500, apierr.Unhandled("Exception", "Pipeline %s does not exist.", uuid))
}

func errPipelineTaken(name string) *apierr.Error {
	return apierr.Invalid("A pipeline with this name already exists.").
		InMage(compat.DuplicatePipeline500, apierr.Unhandled("Exception", "Pipeline %s already exists.", name))
}

func errEmptyUUID(name string) *apierr.Error {
	return apierr.Invalid("The pipeline name gives an empty uuid.").
		InMage(compat.UnnamedPipeline500, apierr.Unhandled("Exception", "Pipeline %s already exists.", name))
}

// checkPipelineValues validates values whose type alone is not enough.
func checkPipelineValues(attrs map[string]any) error {
	if t, ok := str(attrs, "type"); ok && !slices.Contains(PipelineTypes, t) {
		return apierr.Invalid("Unknown pipeline type.").WithErrors(map[string]any{"attribute": "type", "allowed": PipelineTypes})
	}
	if s, ok := str(attrs, "status"); ok && s != "active" && s != "inactive" {
		return apierr.Invalid("A pipeline status is active or inactive.")
	}
	return nil
}

// storedAttrs copies the stored attributes present in attrs over base.
func storedAttrs(base, attrs map[string]any) map[string]any {
	out := maps.Clone(base)
	for k, v := range attrs {
		if pipelineStored[k] {
			out[k] = v
		}
	}
	return out
}

func createPipeline(op *api.Op, _ any) (any, error) {
	if err := checkPipelineValues(op.Attrs); err != nil {
		return nil, err
	}
	if err := checkNames(op, nameShown, "name"); err != nil {
		return nil, err
	}
	now := op.Now()
	var created store.Pipeline
	err := op.Env.Store.Write(func(d *store.Data) error {
		base := pipelineDefaults(op)
		if src, ok := str(op.Attrs, "clone_pipeline_uuid"); ok {
			source, found := d.Pipeline(src)
			if !found {
				return apierr.NotFound("The pipeline to clone does not exist.").InMage(compat.MissingPipeline500,
					apierr.Unhandled("Exception", "Pipeline %s does not exist.", src))
			}
			base = maps.Clone(source.Attrs)
		}
		name, ok := str(op.Attrs, "name")
		if !ok {
			if op.Env.Compat.Has(compat.UnnamedPipeline500) {
				// Mage cleans the missing name: None.replace.
				return apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'replace'")
			}
			name = untitledName(d)
		}
		uuid := CleanName(name)
		if uuid == "" {
			return errEmptyUUID(name)
		}
		if _, taken := d.Pipeline(uuid); taken {
			return errPipelineTaken(name)
		}
		created = store.Pipeline{UUID: uuid, Name: name, Attrs: storedAttrs(base, op.Attrs),
			CreatedAt: now, UpdatedAt: now}
		d.PutPipeline("", created)
		return nil
	})
	return created, err
}

// untitledName names a pipeline created without a name (the documented
// example posts "pipeline": {}), as Mage's UI does with generated names.
func untitledName(d *store.Data) string {
	for n := 1; ; n++ {
		name := fmt.Sprintf("untitled pipeline %d", n)
		if _, taken := d.Pipeline(CleanName(name)); !taken {
			return name
		}
	}
}

func updatePipeline(op *api.Op, record any) (any, error) {
	if err := checkPipelineValues(op.Attrs); err != nil {
		return nil, err
	}
	if err := checkNames(op, nameShown, "name"); err != nil {
		return nil, err
	}
	uuid := record.(store.Pipeline).UUID
	var updated store.Pipeline
	err := op.Env.Store.Write(func(d *store.Data) error {
		p, ok := d.Pipeline(uuid)
		if !ok {
			return errPipelineMissing(uuid)
		}
		if name, ok := str(op.Attrs, "name"); ok && name != p.Name {
			// Renaming moves the pipeline to the uuid of its new name, as in Mage.
			newUUID := CleanName(name)
			if newUUID == "" {
				return errEmptyUUID(name)
			}
			if _, taken := d.Pipeline(newUUID); taken && newUUID != p.UUID {
				return errPipelineTaken(name)
			}
			p.Name, p.UUID = name, newUUID
		}
		p.Attrs = storedAttrs(p.Attrs, op.Attrs)
		p.UpdatedAt = op.Now()
		d.PutPipeline(uuid, p)
		if status, ok := str(op.Attrs, "status"); ok {
			setScheduleStatus(op, d, p.UUID, status)
		}
		updated = p
		return nil
	})
	return updated, err
}

func deletePipeline(op *api.Op, record any) (any, error) {
	p := record.(store.Pipeline)
	err := op.Env.Store.Write(func(d *store.Data) error {
		if _, ok := d.Pipeline(p.UUID); !ok {
			return errPipelineMissing(p.UUID)
		}
		d.DeletePipeline(p.UUID)
		return nil
	})
	return p, err
}
