package reference_test

import (
	"fmt"
	"slices"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// A pipeline's blocks and variables, and the project.

// The keys each block answer shows.
var (
	blockKeys        = []string{"all_upstream_blocks_executed", "color", "configuration", "downstream_blocks", "executor_config", "executor_type", "has_callback", "language", "name", "retry_config", "status", "timeout", "type", "upstream_blocks", "uuid"}
	blockContentKeys = append(slices.Clone(blockKeys), "content")
	blockDetailKeys  = append(slices.Clone(blockContentKeys), "outputs")
	blockMageInPipe  = append(slices.Clone(blockDetailKeys), "callback_blocks", "conditional_blocks", "metadata", "tags")
	variableKeys     = []string{"block", "name", "pipeline", "value", "variables"}
	projectKeys      = []string{"emr_config", "features", "features_defined", "features_override", "help_improve_mage", "latest_version", "name", "openai_api_key", "pipelines", "platform_settings", "project_uuid", "projects", "remote_variables_dir", "repo_path", "root_project", "settings", "spark_config", "version", "workspace_config_defaults"}
)

// blockWorld is a server with a pipeline "etl" and an editor and a viewer besides the owner.
type blockWorld struct {
	c                     *client
	owner, editor, viewer session
}

func newBlockWorld(mode reference.Compat) *blockWorld {
	cfg := reference.DefaultConfig()
	cfg.Compat = mode
	w := &blockWorld{c: newClient(cfg)}
	w.owner = w.c.loginOwner()
	w.editor = w.c.newUser(w.owner, "editor@example.com", map[string]any{"roles_new": []int{3}})
	w.viewer = w.c.newUser(w.owner, "viewer@example.com", map[string]any{"roles_new": []int{4}})
	object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "etl"}), w.owner.as()), "pipeline")
	return w
}

func (w *blockWorld) block(attrs map[string]any) map[string]any {
	GinkgoHelper()
	return object(w.c.post("/api/pipelines/etl/blocks", body("block", attrs), w.editor.as()), "block")
}

// edges are each block's uuid with its upstream and downstream blocks, as a list shows them.
func (w *blockWorld) edges() [][3]any {
	GinkgoHelper()
	var out [][3]any
	for _, item := range items(w.c.get("/api/pipelines/etl/blocks", w.viewer.as()), "blocks") {
		b := item.(map[string]any)
		out = append(out, [3]any{b["uuid"], b["upstream_blocks"], b["downstream_blocks"]})
	}
	return out
}

func list(s ...any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

var _ = Describe("Blocks of a pipeline", Label("blocks"), func() {
	for _, mode := range reference.Compats() {
		mage := mode == reference.CompatMage0979
		Context("in "+string(mode), func() {
			var w *blockWorld
			BeforeEach(func() { w = newBlockWorld(mode) })

			It("creates a block with the uuid of its name, its content or a template, and lists them in the pipeline's order", func() {
				load := w.block(map[string]any{"name": "Load one", "type": "data_loader", "language": "python", "content": "x = 1\n"})
				Expect(keysOf(load)).To(Equal(sortedKeys(blockContentKeys)))
				Expect(load).To(HaveKeyWithValue("uuid", "load_one"))
				Expect(load).To(HaveKeyWithValue("content", "x = 1\n"))
				Expect(load).To(HaveKeyWithValue("status", "updated"))
				t := w.block(map[string]any{"name": "2 clean", "type": "transformer"})
				Expect(t).To(HaveKeyWithValue("uuid", "letter_2_clean"))
				Expect(t).To(HaveKeyWithValue("language", "python"))
				Expect(t).To(HaveKeyWithValue("status", "not_executed"))
				Expect(t["content"]).To(ContainSubstring("def transform"))
				res := w.c.get("/api/pipelines/etl/blocks", w.viewer.as())
				Expect(metadata(res)).To(Equal(map[string]any{"count": 2.0, "next": false}))
				listed := items(res, "blocks")
				Expect(listed).To(HaveLen(2))
				for _, b := range listed {
					Expect(keysOf(b)).To(Equal(sortedKeys(blockKeys)))
				}
				Expect(listed[0]).To(HaveKeyWithValue("uuid", "load_one"))
				paged := w.c.get("/api/pipelines/etl/blocks?_limit=1", w.viewer.as())
				Expect(items(paged, "blocks")).To(HaveLen(1))
				Expect(metadata(paged)).To(Equal(map[string]any{"count": 2.0, "next": true}))
				Expect(items(w.c.get("/api/pipelines/etl/blocks?block_uuid[]=letter_2_clean", w.viewer.as()), "blocks")).To(HaveLen(1))
			})

			It("shows a block's detail with content and outputs, and the pipeline's detail its blocks and edges", func() {
				w.block(map[string]any{"name": "load", "type": "data_loader", "content": "x = 1\n"})
				w.block(map[string]any{"name": "clean", "type": "transformer", "upstream_blocks": []any{"load", "ghost", "clean"}})
				d := object(w.c.get("/api/pipelines/etl/blocks/load", w.viewer.as()), "block")
				Expect(keysOf(d)).To(Equal(sortedKeys(blockDetailKeys)))
				Expect(d).To(HaveKeyWithValue("outputs", list()))
				Expect(d).To(HaveKeyWithValue("downstream_blocks", list("clean")))
				Expect(w.edges()).To(Equal([][3]any{{"load", list(), list("clean")}, {"clean", list("load"), list()}}), "an unknown upstream is dropped")
				blocks := object(w.c.get("/api/pipelines/etl", w.viewer.as()), "pipeline")["blocks"].([]any)
				Expect(blocks).To(HaveLen(2))
				want := blockKeys
				if mage {
					want = blockMageInPipe
				}
				Expect(keysOf(blocks[0])).To(Equal(sortedKeys(want)))
				Expect(blocks[0]).To(HaveKeyWithValue("downstream_blocks", list("clean")))
				Expect(blocks[1]).To(HaveKeyWithValue("upstream_blocks", list("load")))
				listed := items(w.c.get("/api/pipelines", w.viewer.as()), "pipelines")
				Expect(listed[0].(map[string]any)["blocks"]).To(HaveLen(2))
			})

			It("renames a block, moving the edges to its new uuid, and ignores content", func() {
				w.block(map[string]any{"name": "load", "type": "data_loader"})
				w.block(map[string]any{"name": "clean", "type": "transformer", "upstream_blocks": []any{"load"}})
				res := w.c.put("/api/pipelines/etl/blocks/load", body("block", map[string]any{"name": "Load all", "content": "changed", "color": "teal", "type": "nosuchtype"}), w.editor.as())
				b := object(res, "block")
				Expect(keysOf(b)).To(Equal(sortedKeys(blockContentKeys)))
				Expect(b).To(HaveKeyWithValue("uuid", "load_all"))
				Expect(b).To(HaveKeyWithValue("color", "teal"))
				Expect(b).To(HaveKeyWithValue("type", "data_loader"), "type is ignored on update")
				Expect(b["content"]).To(ContainSubstring("def load"), "content is ignored on update")
				if mage {
					Expect(b["configuration"]).To(HaveKeyWithValue("file_path", "data_loaders/load_all.py"))
				} else {
					Expect(b["configuration"]).To(BeEmpty())
				}
				Expect(w.edges()).To(Equal([][3]any{{"load_all", list(), list("clean")}, {"clean", list("load_all"), list()}}))
				expectFailure(w.c.get("/api/pipelines/etl/blocks/load", w.viewer.as()), map[bool]int{true: 400, false: 404}[mage],
					map[bool]string{true: "record_invalid", false: "record_not_found"}[mage])
			})

			It("keeps upstream_blocks and the other blocks' downstream_blocks symmetric", func() {
				for _, n := range []string{"a", "b", "c"} {
					w.block(map[string]any{"name": n, "type": "custom"})
				}
				object(w.c.put("/api/pipelines/etl/blocks/c", body("block", map[string]any{"upstream_blocks": []any{"a", "b"}}), w.editor.as()), "block")
				Expect(w.edges()).To(Equal([][3]any{{"a", list(), list("c")}, {"b", list(), list("c")}, {"c", list("a", "b"), list()}}))
				object(w.c.put("/api/pipelines/etl/blocks/a", body("block", map[string]any{"downstream_blocks": []any{"b"}}), w.editor.as()), "block")
				Expect(w.edges()).To(Equal([][3]any{{"a", list(), list("b")}, {"b", list("a"), list("c")}, {"c", list("b"), list()}}))
				object(w.c.put("/api/pipelines/etl/blocks/b", body("block", map[string]any{"upstream_blocks": []any{}}), w.editor.as()), "block")
				Expect(w.edges()).To(Equal([][3]any{{"a", list(), list()}, {"b", list(), list("c")}, {"c", list("b"), list()}}))
			})

			It("deletes a leaf, refuses a block with downstream blocks, and with force=true passes its upstream on", func() {
				w.block(map[string]any{"name": "a", "type": "custom"})
				w.block(map[string]any{"name": "b", "type": "custom", "upstream_blocks": []any{"a"}})
				w.block(map[string]any{"name": "c", "type": "custom", "upstream_blocks": []any{"b"}})
				w.block(map[string]any{"name": "d", "type": "custom", "upstream_blocks": []any{"a"}})
				before := w.edges()
				res := w.c.del("/api/pipelines/etl/blocks/a", w.editor.as())
				if mage {
					Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
					Expect(res.Body["error"]).To(HaveKeyWithValue("code", BeNumerically("==", 500)))
				} else {
					expectFailure(res, 400, "record_invalid")
					Expect(res.Body["error"]).To(HaveKeyWithValue("errors", map[string]any{"downstream_blocks": list("b", "d")}))
				}
				Expect(w.edges()).To(Equal(before), "a refused delete changes nothing")
				gone := object(w.c.del("/api/pipelines/etl/blocks/d", w.editor.as()), "block")
				Expect(keysOf(gone)).To(Equal(sortedKeys(blockKeys)))
				Expect(gone).To(HaveKeyWithValue("uuid", "d"))
				object(w.c.del("/api/pipelines/etl/blocks/b?force=true", w.editor.as()), "block")
				Expect(w.edges()).To(Equal([][3]any{{"a", list(), list("c")}, {"c", list("a"), list()}}))
			})

			DescribeTable("refuses a block create it cannot make, and creates nothing",
				func(attrs map[string]any) {
					w.block(map[string]any{"name": "load", "type": "data_loader"})
					before := w.edges()
					res := w.c.post("/api/pipelines/etl/blocks", body("block", attrs), w.editor.as())
					if mage && attrs["name"] != "$$" {
						Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
					} else {
						expectFailure(res, 400, "record_invalid")
					}
					Expect(w.edges()).To(Equal(before))
				},
				Entry("a duplicate name", map[string]any{"name": "Load", "type": "transformer"}),
				Entry("an unknown type", map[string]any{"name": "weird", "type": "nosuchtype"}),
				Entry("no type", map[string]any{"name": "weird"}),
				Entry("no name", map[string]any{"type": "custom"}),
				Entry("an unknown language", map[string]any{"name": "weird", "type": "custom", "language": "cobol"}),
				Entry("a name with no word character", map[string]any{"name": "$$", "type": "custom"}),
			)

			It("gives a triggered run one block run per block", func() {
				w.block(map[string]any{"name": "load", "type": "data_loader"})
				w.block(map[string]any{"name": "clean", "type": "transformer", "upstream_blocks": []any{"load"}})
				s := object(w.c.post("/api/pipelines/etl/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "hook", "schedule_type": "api"}), w.owner.as()), "pipeline_schedule")
				res := w.c.post("/api/pipeline_schedules/1/pipeline_runs/"+s["token"].(string), `{}`)
				Expect(res.Body).To(HaveKey("pipeline_run"), "body %s", res.Raw)
				run := object(w.c.get("/api/pipeline_runs/1", w.viewer.as()), "pipeline_run")
				var uuids []any
				for _, b := range run["block_runs"].([]any) {
					uuids = append(uuids, b.(map[string]any)["block_uuid"])
				}
				Expect(uuids).To(Equal([]any{"load", "clean"}))
			})

			DescribeTable("lets viewers read and editors write",
				func(who, method, path string, payload any, allowed bool) {
					w.block(map[string]any{"name": "load", "type": "data_loader"})
					w.block(map[string]any{"name": "leaf", "type": "custom", "upstream_blocks": []any{"load"}})
					as := map[string]session{"owner": w.owner, "editor": w.editor, "viewer": w.viewer}[who]
					res := w.c.do(method, path, payload, as.as())
					if allowed {
						Expect(res.Body).NotTo(HaveKey("error"), "body %s", res.Raw)
					} else {
						expectFailure(res, 403, "unauthorized_access")
					}
				},
				Entry(nil, "viewer", "GET", "/api/pipelines/etl/blocks", nil, true),
				Entry(nil, "viewer", "GET", "/api/pipelines/etl/blocks/load", nil, true),
				Entry(nil, "viewer", "GET", "/api/pipelines/etl/blocks?block_uuid[]=load", nil, true),
				Entry(nil, "viewer", "POST", "/api/pipelines/etl/blocks", body("block", map[string]any{"name": "x", "type": "custom"}), false),
				Entry(nil, "viewer", "PUT", "/api/pipelines/etl/blocks/load", body("block", map[string]any{"color": "teal"}), false),
				Entry(nil, "viewer", "DELETE", "/api/pipelines/etl/blocks/leaf", nil, false),
				Entry(nil, "editor", "POST", "/api/pipelines/etl/blocks", body("block", map[string]any{"name": "x", "type": "custom", "upstream_blocks": []any{"load"}}), true),
				Entry(nil, "editor", "PUT", "/api/pipelines/etl/blocks/load", body("block", map[string]any{"color": "teal", "upstream_blocks": []any{}}), true),
				Entry(nil, "editor", "DELETE", "/api/pipelines/etl/blocks/leaf?force=true", nil, true),
				Entry(nil, "editor", "PUT", "/api/pipelines/etl/blocks/load", body("block", map[string]any{"password": "x"}), false),
				Entry(nil, "viewer", "GET", "/api/pipelines/etl/blocks?force=true", nil, false),
			)
		})
	}
})

var _ = Describe("Blocks and variables edited at once", Label("blocks", "variables"), func() {
	It("keeps every write and the edges symmetric", func() {
		w := newBlockWorld(reference.CompatIntended)
		w.block(map[string]any{"name": "root", "type": "data_loader"})
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer GinkgoRecover()
				defer wg.Done()
				name := fmt.Sprintf("b%d", i)
				object(w.c.post("/api/pipelines/etl/blocks", body("block", map[string]any{"name": name, "type": "custom", "upstream_blocks": []any{"root"}}), w.editor.as()), "block")
				object(w.c.post("/api/pipelines/etl/variables", body("variable", map[string]any{"name": "v" + name, "value": i}), w.editor.as()), "variable")
				object(w.c.put("/api/pipelines/etl/blocks/"+name, body("block", map[string]any{"name": name + " x"}), w.editor.as()), "block")
				items(w.c.get("/api/pipelines/etl/blocks", w.viewer.as()), "blocks")
				object(w.c.get("/api/pipelines/etl", w.viewer.as()), "pipeline")
			}()
		}
		wg.Wait()
		edges := w.edges()
		Expect(edges).To(HaveLen(9))
		Expect(edges[0][2]).To(HaveLen(8), "root is upstream of every block")
		for _, e := range edges[1:] {
			Expect(e[0]).To(HaveSuffix("_x"))
			Expect(e[1]).To(Equal(list("root")))
		}
		Expect(items(w.c.get("/api/pipelines/etl/variables", w.viewer.as()), "variables")[0]).To(HaveKeyWithValue("variables", HaveLen(8)))
	})
})

var _ = Describe("Variables of a pipeline", Label("variables"), func() {
	for _, mode := range reference.Compats() {
		mage := mode == reference.CompatMage0979
		Context("in "+string(mode), func() {
			var w *blockWorld
			BeforeEach(func() { w = newBlockWorld(mode) })

			set := func(name string, value any) map[string]any {
				GinkgoHelper()
				return object(w.c.post("/api/pipelines/etl/variables", body("variable", map[string]any{"name": name, "value": value}), w.editor.as()), "variable")
			}
			pipelineVariables := func() any {
				GinkgoHelper()
				return object(w.c.get("/api/pipelines/etl", w.viewer.as()), "pipeline")["variables"]
			}

			It("creates (an upsert) and lists them, and the pipeline shows them", func() {
				v := set("env", "prod")
				Expect(keysOf(v)).To(Equal(sortedKeys(variableKeys)))
				Expect(v).To(Equal(map[string]any{"block": map[string]any{"uuid": "global"}, "name": "env",
					"pipeline": map[string]any{"uuid": "etl"}, "value": "prod", "variables": list("env")}))
				set("limits", map[string]any{"a": []any{1.0, 2.0}})
				Expect(set("env", "dev")).To(HaveKeyWithValue("variables", list("env", "limits")))
				res := w.c.get("/api/pipelines/etl/variables?global_only=true", w.viewer.as())
				Expect(metadata(res)).To(Equal(map[string]any{}))
				Expect(items(res, "variables")).To(Equal([]any{map[string]any{"block": map[string]any{"uuid": "global"}, "name": nil,
					"pipeline": map[string]any{"uuid": "etl"}, "value": nil, "variables": []any{
						map[string]any{"uuid": "env", "type": "<class 'str'>", "value": "dev"},
						map[string]any{"uuid": "limits", "type": "<class 'dict'>", "value": map[string]any{"a": []any{1.0, 2.0}}}}}}))
				Expect(pipelineVariables()).To(Equal(map[string]any{"env": "dev", "limits": map[string]any{"a": []any{1.0, 2.0}}}))
				Expect(set("zero", 0.0)).To(HaveKeyWithValue("value", 0.0))
				Expect(set("empty", "")).To(HaveKeyWithValue("value", ""))
			})

			It("updates a variable, and deletes it", func() {
				set("env", "prod")
				up := object(w.c.put("/api/pipelines/etl/variables/env", body("variable", map[string]any{"name": "env", "value": 3}), w.editor.as()), "variable")
				Expect(up).To(HaveKeyWithValue("value", 3.0))
				gone := object(w.c.del("/api/pipelines/etl/variables/env", w.editor.as()), "variable")
				Expect(keysOf(gone)).To(Equal(sortedKeys(variableKeys)))
				if mage {
					Expect(gone).To(Equal(map[string]any{"block": nil, "name": "env", "pipeline": nil, "value": nil, "variables": nil}))
				} else {
					Expect(gone).To(Equal(map[string]any{"block": map[string]any{"uuid": "global"}, "name": "env",
						"pipeline": map[string]any{"uuid": "etl"}, "value": 3.0, "variables": list()}))
				}
				Expect(pipelineVariables()).To(Equal(map[string]any{}))
				res := w.c.del("/api/pipelines/etl/variables/env", w.editor.as())
				if mage {
					Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
				} else {
					expectFailure(res, 404, "record_not_found")
				}
			})

			It("updates the variable its URL names, or, as Mage, the one its body names", func() {
				set("env", "prod")
				res := w.c.put("/api/pipelines/etl/variables/env", body("variable", map[string]any{"name": "stage", "value": "dev"}), w.editor.as())
				Expect(object(res, "variable")).To(HaveKeyWithValue("name", "stage"))
				if mage {
					Expect(pipelineVariables()).To(Equal(map[string]any{"env": "prod", "stage": "dev"}))
				} else {
					Expect(pipelineVariables()).To(Equal(map[string]any{"stage": "dev"}))
					set("env", "prod")
					expectFailure(w.c.put("/api/pipelines/etl/variables/env", body("variable", map[string]any{"name": "stage", "value": 1}), w.editor.as()), 400, "record_invalid")
					expectFailure(w.c.put("/api/pipelines/etl/variables/nosuch", body("variable", map[string]any{"value": 1}), w.editor.as()), 404, "record_not_found")
				}
			})

			DescribeTable("refuses what it cannot store, and changes nothing",
				func(method, path string, attrs map[string]any, intended, inMage verdict) {
					set("env", "prod")
					want := intended
					if mage {
						want = inMage
					}
					before := pipelineVariables()
					res := w.c.do(method, path, body("variable", attrs), w.editor.as())
					if want.fault {
						Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
					} else {
						expectFailure(res, want.code, want.typ)
					}
					Expect(pipelineVariables()).To(Equal(before))
				},
				Entry("a name that is not an identifier", "POST", "/api/pipelines/etl/variables", map[string]any{"name": "1bad", "value": 1}, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a name with a dash", "POST", "/api/pipelines/etl/variables", map[string]any{"name": "a-b", "value": 1}, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a null value", "POST", "/api/pipelines/etl/variables", map[string]any{"name": "env", "value": nil}, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("no value", "POST", "/api/pipelines/etl/variables", map[string]any{"name": "env"}, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("no name", "POST", "/api/pipelines/etl/variables", map[string]any{"value": 1}, refused(400, "record_invalid"), fault),
				Entry("an update without a value", "PUT", "/api/pipelines/etl/variables/env", map[string]any{"name": "env"}, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("an update to an invalid name", "PUT", "/api/pipelines/etl/variables/env", map[string]any{"name": "no way", "value": 1}, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a detail", "GET", "/api/pipelines/etl/variables/env", nil, refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
				Entry("a detail of a missing variable", "GET", "/api/pipelines/etl/variables/nosuch", nil, refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
			)

			DescribeTable("lets viewers list and editors write",
				func(who, method, path string, payload any, allowed bool) {
					set("env", "prod")
					as := map[string]session{"editor": w.editor, "viewer": w.viewer}[who]
					res := w.c.do(method, path, payload, as.as())
					if allowed {
						Expect(res.Body).NotTo(HaveKey("error"), "body %s", res.Raw)
					} else {
						expectFailure(res, 403, "unauthorized_access")
					}
				},
				Entry(nil, "viewer", "GET", "/api/pipelines/etl/variables?global_only=true", nil, true),
				Entry(nil, "viewer", "POST", "/api/pipelines/etl/variables", body("variable", map[string]any{"name": "x", "value": 1}), false),
				Entry(nil, "viewer", "PUT", "/api/pipelines/etl/variables/env", body("variable", map[string]any{"name": "env", "value": 1}), false),
				Entry(nil, "viewer", "DELETE", "/api/pipelines/etl/variables/env", nil, false),
				Entry(nil, "editor", "POST", "/api/pipelines/etl/variables", body("variable", map[string]any{"name": "x", "value": 1}), true),
				Entry(nil, "editor", "PUT", "/api/pipelines/etl/variables/env", body("variable", map[string]any{"name": "env", "value": 1}), true),
				Entry(nil, "editor", "DELETE", "/api/pipelines/etl/variables/env", nil, true),
			)
		})
	}
})

var _ = Describe("The project", Label("projects"), func() {
	for _, mode := range reference.Compats() {
		version := "0.9.79+mageconform.1"
		if mode == reference.CompatMage0979 {
			version = "0.9.79"
		}
		Context("in "+string(mode), func() {
			var w *blockWorld
			BeforeEach(func() { w = newBlockWorld(mode) })

			It("shows its version and features to a session, and its features alone to the key", func() {
				res := w.c.get("/api/projects", w.viewer.as())
				Expect(metadata(res)).To(Equal(map[string]any{}))
				p := items(res, "projects")
				Expect(p).To(HaveLen(1))
				Expect(keysOf(p[0])).To(Equal(sortedKeys(projectKeys)))
				Expect(p[0]).To(HaveKeyWithValue("version", version))
				Expect(p[0]).To(HaveKeyWithValue("latest_version", version))
				features := p[0].(map[string]any)["features"].(map[string]any)
				Expect(features).To(HaveLen(14))
				Expect(features).To(HaveKeyWithValue("polars", BeNil()))
				public := items(w.c.get("/api/projects", keyHeader(apiKey)), "projects")
				Expect(public).To(Equal([]any{map[string]any{"features": features}}))
				expectAuthFailure(w.c.get("/api/projects"), "invalid_api_key")
				expectFailure(w.c.get("/api/projects/1", w.owner.as()), 403, "unauthorized_access")
				expectFailure(w.c.post("/api/projects", body("project", map[string]any{"uuid": "x"}), w.owner.as()), 403, "unauthorized_access")
			})

			It("shows everything with user authentication off", func() {
				cfg := reference.DefaultConfig()
				cfg.Compat, cfg.RequireUserAuthentication = mode, false
				p := items(newClient(cfg).get("/api/projects"), "projects")
				Expect(keysOf(p[0])).To(Equal(sortedKeys(projectKeys)))
				Expect(p[0]).To(HaveKeyWithValue("version", version))
			})
		})
	}
})
