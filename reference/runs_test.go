package reference_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// The run API: the API trigger, pipeline runs and block runs.

// The keys each answer shows.
var (
	runKeys          = []string{"backfill_id", "completed_at", "created_at", "event_variables", "execution_date", "executor_type", "id", "metrics", "passed_sla", "pipeline_schedule_id", "pipeline_uuid", "started_at", "status", "updated_at", "variables"}
	runDetailKeys    = append(slices.Clone(runKeys), "block_runs")
	runListKeys      = append(slices.Clone(runKeys), "block_runs", "block_runs_count", "completed_block_runs_count", "pipeline_schedule_name", "pipeline_schedule_token", "pipeline_schedule_type", "pipeline_tags", "pipeline_type", "repo_path")
	detailBlockKeys  = []string{"block_uuid", "completed_at", "created_at", "id", "metrics", "pipeline_run_id", "pipeline_schedule_id", "pipeline_schedule_name", "started_at", "status", "updated_at"}
	listedBlockKeys  = []string{"block_uuid", "completed_at", "created_at", "id", "metrics", "pipeline_run_id", "started_at", "status", "updated_at"}
	blockRunListKeys = []string{"block_uuid", "completed_at", "created_at", "id", "pipeline_run_id", "pipeline_schedule_id", "pipeline_schedule_name", "started_at", "status", "updated_at"}
)

func keysOf(v any) []string {
	m, ok := v.(map[string]any)
	Expect(ok).To(BeTrue(), "an object: %v", v)
	return slices.Sorted(maps.Keys(m))
}

func sortedKeys(keys []string) []string { return slices.Sorted(slices.Values(keys)) }

// runWorld is a server with a pipeline of three blocks (load, then transform and report
// downstream of it), an API schedule (id 1) and a time schedule (id 2), and an editor and a
// viewer besides the owner.
type runWorld struct {
	c                     *client
	owner, editor, viewer session
	token                 string
	now                   *time.Time
}

func newRunWorld(mode reference.Compat, runs reference.Runs) *runWorld {
	cfg := reference.DefaultConfig()
	cfg.Compat, cfg.Runs = mode, runs
	now := time.Date(2026, 3, 4, 5, 6, 7, 890123000, time.UTC)
	w := &runWorld{now: &now}
	cfg.Now = func() time.Time { return *w.now }
	w.c = newClient(cfg)
	w.owner = w.c.loginOwner()
	w.editor = w.c.newUser(w.owner, "editor@example.com", map[string]any{"roles_new": []int{3}})
	w.viewer = w.c.newUser(w.owner, "viewer@example.com", map[string]any{"roles_new": []int{4}})
	object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "etl", "blocks": []any{
		map[string]any{"uuid": "load"}, map[string]any{"uuid": "transform", "upstream_blocks": []any{"load"}},
		map[string]any{"uuid": "report", "upstream_blocks": []any{"transform"}}}}), w.owner.as()), "pipeline")
	s := object(w.c.post("/api/pipelines/etl/pipeline_schedules", body("pipeline_schedule", map[string]any{
		"name": "hook", "schedule_type": "api", "status": "inactive"}), w.owner.as()), "pipeline_schedule")
	w.token = s["token"].(string)
	Expect(w.token).To(MatchRegexp(`^[0-9a-f]{32}$`))
	object(w.c.post("/api/pipelines/etl/pipeline_schedules", body("pipeline_schedule", map[string]any{
		"name": "daily", "schedule_type": "time", "schedule_interval": "@daily"}), w.owner.as()), "pipeline_schedule")
	return w
}

func (w *runWorld) tick() { *w.now = w.now.Add(time.Second) }

// trigger triggers the API schedule with a body and returns the run.
func (w *runWorld) trigger(raw string) map[string]any {
	GinkgoHelper()
	res := w.c.post("/api/pipeline_schedules/1/pipeline_runs/"+w.token, raw)
	Expect(res.Status).To(Equal(200), "body %s", res.Raw)
	run, ok := res.Body["pipeline_run"].(map[string]any)
	Expect(ok).To(BeTrue(), "body %s", res.Raw)
	return run
}

func (w *runWorld) runs(query string, as session) []any {
	GinkgoHelper()
	return items(w.c.get("/api/pipeline_runs"+query, as.as()), "pipeline_runs")
}

func ids(list []any) []float64 {
	var out []float64
	for _, item := range list {
		out = append(out, item.(map[string]any)["id"].(float64))
	}
	return out
}

func statuses(list any) []string {
	var out []string
	for _, item := range list.([]any) {
		out = append(out, item.(map[string]any)["status"].(string))
	}
	return out
}

var _ = Describe("The API trigger", Label("runs"), func() {
	for _, mode := range reference.Compats() {
		Context("in "+string(mode), func() {
			var w *runWorld
			BeforeEach(func() { w = newRunWorld(mode, reference.RunsStay) })

			It("needs no key and no session, and answers the run with one block run per block", func() {
				res := w.c.post("/api/pipeline_schedules/1/pipeline_runs/"+w.token, `{"pipeline_run": {"variables": {"env": "ci", "n": 3}}, "source": "ci"}`)
				Expect(res.Status).To(Equal(200), "body %s", res.Raw)
				if mode == reference.CompatMage0979 {
					Expect(res.Body).To(HaveLen(1), "no metadata: %s", res.Raw)
				} else {
					Expect(res.Body).To(HaveKeyWithValue("metadata", BeNil()))
					Expect(res.Body).To(HaveLen(2))
				}
				run := res.Body["pipeline_run"].(map[string]any)
				Expect(keysOf(run)).To(Equal(runKeys))
				Expect(run).To(HaveKeyWithValue("status", "initial"))
				Expect(run).To(HaveKeyWithValue("pipeline_schedule_id", 1.0))
				Expect(run).To(HaveKeyWithValue("pipeline_uuid", "etl"))
				Expect(run).To(HaveKeyWithValue("event_variables", map[string]any{"source": "ci"}))
				Expect(run).To(HaveKeyWithValue("variables", map[string]any{"env": "ci", "n": 3.0, "execution_partition": "1/20260304T050607_890123"}))
				Expect(run).To(HaveKeyWithValue("executor_type", "local_python"))
				detail := object(w.c.get("/api/pipeline_runs/1", w.viewer.as()), "pipeline_run")
				Expect(keysOf(detail)).To(Equal(sortedKeys(runDetailKeys)))
				blocks := detail["block_runs"].([]any)
				Expect(blocks).To(HaveLen(3))
				for i, uuid := range []string{"load", "transform", "report"} {
					Expect(keysOf(blocks[i])).To(Equal(detailBlockKeys))
					Expect(blocks[i]).To(HaveKeyWithValue("block_uuid", uuid))
					Expect(blocks[i]).To(HaveKeyWithValue("status", "initial"))
					Expect(blocks[i]).To(HaveKeyWithValue("pipeline_schedule_name", "hook"))
				}
			})

			It("reads the token from a bearer header on /api_trigger, and an empty body gives null event variables, {} an empty object", func() {
				res := w.c.post("/api/pipeline_schedules/1/api_trigger", nil, bearer(w.token))
				Expect(res.Body["pipeline_run"]).To(HaveKeyWithValue("event_variables", BeNil()), "body %s", res.Raw)
				Expect(w.trigger(`{}`)).To(HaveKeyWithValue("event_variables", map[string]any{}))
				Expect(w.trigger(`{"variables": {"v": 1}}`)).To(And(
					HaveKeyWithValue("event_variables", map[string]any{"variables": map[string]any{"v": 1.0}}),
					HaveKeyWithValue("variables", HaveLen(1))), "an unwrapped variables object is an event variable")
				Expect(w.trigger(`{"pipeline_run": {"execution_date": "2024-01-02T03:04:05"}}`)).To(And(
					HaveKeyWithValue("execution_date", "2024-01-02 03:04:05.000000+00:00"),
					HaveKeyWithValue("variables", map[string]any{"execution_partition": "1/20240102T030405_000000"})))
			})

			It("sets an inactive schedule active", func() {
				Expect(object(w.c.get("/api/pipeline_schedules/1", w.owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("status", "inactive"))
				w.trigger("")
				Expect(object(w.c.get("/api/pipeline_schedules/1", w.owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("status", "active"))
			})

			DescribeTable("refuses, and creates no run",
				func(method, path, raw string, auth string, code int, typ string) {
					path = strings.ReplaceAll(path, "TOKEN", w.token)
					var opts []opt
					if auth != "" {
						opts = append(opts, header("Authorization", strings.ReplaceAll(auth, "TOKEN", w.token)))
					}
					res := w.c.do(method, path, raw, opts...)
					if mode == reference.CompatIntended {
						Expect(string(res.Raw)).NotTo(ContainSubstring(w.token), "the token is not echoed")
					}
					switch {
					case mode == reference.CompatMage0979:
						Expect(res.Status).To(Equal(200), "body %s", res.Raw)
						Expect(res.Body).To(HaveKey("url_parameters"))
						Expect(res.Body["error"]).To(HaveKeyWithValue("code", 500.0))
					case code == 401:
						expectAuthFailure(res, typ)
					default:
						expectFailure(res, code, typ)
					}
					Expect(w.runs("", w.owner)).To(BeEmpty())
				},
				Entry("a wrong token", "POST", "/api/pipeline_schedules/1/pipeline_runs/0123456789abcdef0123456789abcdef", `{}`, "", 401, "invalid_oauth_token"),
				Entry("a token that differs in case", "POST", "/api/pipeline_schedules/1/api_trigger", `{}`, "Bearer X", 401, "invalid_oauth_token"),
				Entry("no bearer token", "POST", "/api/pipeline_schedules/1/api_trigger", `{}`, "", 401, "invalid_oauth_token"),
				Entry("a schedule of type time", "POST", "/api/pipeline_schedules/2/pipeline_runs/TOKEN", `{}`, "", 400, "record_invalid"),
				Entry("a missing schedule", "POST", "/api/pipeline_schedules/9/pipeline_runs/TOKEN", `{}`, "", 404, "record_not_found"),
				Entry("a schedule id that is not an integer", "POST", "/api/pipeline_schedules/x/api_trigger", `{}`, "Bearer TOKEN", 400, "record_invalid"),
				Entry("a body that is not JSON", "POST", "/api/pipeline_schedules/1/pipeline_runs/TOKEN", `{"pipeline_run": `, "", 400, "record_invalid"),
				Entry("a JSON array body", "POST", "/api/pipeline_schedules/1/pipeline_runs/TOKEN", `[]`, "", 400, "record_invalid"),
				Entry("a pipeline_run that is a number", "POST", "/api/pipeline_schedules/1/pipeline_runs/TOKEN", `{"pipeline_run": 5}`, "", 400, "record_invalid"),
				Entry("variables that are a list", "POST", "/api/pipeline_schedules/1/pipeline_runs/TOKEN", `{"pipeline_run": {"variables": [1]}}`, "", 400, "record_invalid"),
				Entry("an unknown run attribute", "POST", "/api/pipeline_schedules/1/pipeline_runs/TOKEN", `{"pipeline_run": {"bogus": 1}}`, "", 400, "record_invalid"),
				Entry("an execution date that is no date", "POST", "/api/pipeline_schedules/1/pipeline_runs/TOKEN", `{"pipeline_run": {"execution_date": "soon"}}`, "", 400, "record_invalid"),
			)

			It("refuses a body over the limits in every mode", func() {
				deep := `{"pipeline_run": {"variables": {"v": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}}}`
				expectFailure(w.c.post("/api/pipeline_schedules/1/pipeline_runs/"+w.token, deep), 400, "record_invalid")
				huge := `{"pipeline_run": {"variables": {"v": "` + strings.Repeat("x", 2<<20) + `"}}}`
				expectFailure(w.c.post("/api/pipeline_schedules/1/pipeline_runs/"+w.token, huge), 400, "record_invalid")
				Expect(w.runs("", w.owner)).To(BeEmpty())
			})

			It("takes only POST on its routes", func() {
				for _, p := range []string{"/api/pipeline_schedules/1/pipeline_runs/" + w.token, "/api/pipeline_schedules/1/pipeline_runs/1", "/api/pipeline_schedules/1/api_trigger"} {
					for _, method := range []string{"GET", "PUT", "DELETE"} {
						res := w.c.do(method, p, nil, w.owner.as())
						if mode == reference.CompatMage0979 {
							Expect(res.Status).To(Equal(405), "%s %s", method, p)
							Expect(res.Raw).To(BeEmpty())
						} else {
							expectFailure(res, 404, "record_not_found")
						}
					}
				}
				Expect(w.c.do("OPTIONS", "/api/pipeline_schedules/1/api_trigger", nil).Status).To(Equal(204))
			})
		})
	}

	It("needs no key with user authentication off either", func() {
		cfg := reference.DefaultConfig()
		cfg.RequireUserAuthentication = false
		c := newClient(cfg)
		object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "p"})), "pipeline")
		s := object(c.post("/api/pipelines/p/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "t", "schedule_type": "api"})), "pipeline_schedule")
		run := object(c.post("/api/pipeline_schedules/1/api_trigger", `{}`, bearer(s["token"].(string))), "pipeline_run")
		Expect(run).To(HaveKeyWithValue("status", "initial"))
		expectAuthFailure(c.post("/api/pipeline_schedules/1/api_trigger", `{}`, bearer("nope")), "invalid_oauth_token")
	})
})

var _ = Describe("Pipeline runs", Label("runs"), func() {
	var w *runWorld
	BeforeEach(func() { w = newRunWorld(reference.CompatIntended, reference.RunsStay) })

	It("are created under a schedule by editors, without block runs, with the execution partition", func() {
		res := w.c.post("/api/pipeline_schedules/2/pipeline_runs", body("pipeline_run", map[string]any{
			"variables": map[string]any{"x": "y"}, "event_variables": map[string]any{"e": 1}}), w.editor.as())
		run := object(res, "pipeline_run")
		Expect(keysOf(run)).To(Equal(runKeys))
		Expect(run).To(HaveKeyWithValue("status", "initial"))
		Expect(run).To(HaveKeyWithValue("pipeline_schedule_id", 2.0))
		Expect(run).To(HaveKeyWithValue("variables", map[string]any{"x": "y", "execution_partition": "2/20260304T050607_890123"}))
		Expect(run).To(HaveKeyWithValue("event_variables", map[string]any{"e": 1.0}))
		Expect(object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")["block_runs"]).To(BeEmpty())
		Expect(object(w.c.get("/api/pipeline_schedules/2", w.owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("status", "inactive"),
			"a create does not start a recurring schedule")
		dated := object(w.c.post("/api/pipeline_schedules/2/pipeline_runs", body("pipeline_run", map[string]any{
			"execution_date": "2024-01-02T03:04:05"}), w.owner.as()), "pipeline_run")
		Expect(dated).To(HaveKeyWithValue("variables", map[string]any{"execution_partition": "2/20240102T030405_000000"}))
		expectFailure(w.c.post("/api/pipeline_schedules/2/pipeline_runs", body("pipeline_run", map[string]any{"execution_date": "soon"}), w.owner.as()), 400, "record_invalid")
		expectFailure(w.c.post("/api/pipeline_schedules/2/pipeline_runs", body("pipeline_run", map[string]any{"variables": "x"}), w.owner.as()), 400, "record_invalid")
	})

	It("list with count and next, newest execution date first, 40 a page, with the list keys", func() {
		for range 45 {
			w.tick()
			w.trigger("")
		}
		object(w.c.post("/api/pipeline_schedules/2/pipeline_runs", body("pipeline_run", map[string]any{"execution_date": "2020-01-01"}), w.owner.as()), "pipeline_run")
		res := w.c.get("/api/pipeline_runs", w.viewer.as())
		list := items(res, "pipeline_runs")
		Expect(list).To(HaveLen(40))
		Expect(metadata(res)).To(Equal(map[string]any{"count": 46.0, "next": true}))
		Expect(ids(list)[:3]).To(Equal([]float64{45, 44, 43}))
		item := list[0].(map[string]any)
		Expect(keysOf(item)).To(Equal(sortedKeys(runListKeys)))
		Expect(item).To(HaveKeyWithValue("block_runs_count", 3.0))
		Expect(item).To(HaveKeyWithValue("completed_block_runs_count", 0.0))
		Expect(item).To(HaveKeyWithValue("pipeline_schedule_name", "hook"))
		Expect(item).To(HaveKeyWithValue("pipeline_schedule_token", w.token))
		Expect(item).To(HaveKeyWithValue("pipeline_schedule_type", "api"))
		Expect(item).To(HaveKeyWithValue("pipeline_tags", BeNil()))
		Expect(item).To(HaveKeyWithValue("pipeline_type", BeNil()))
		Expect(item).To(HaveKeyWithValue("repo_path", Not(BeEmpty())))
		for _, b := range item["block_runs"].([]any) {
			Expect(keysOf(b)).To(Equal(listedBlockKeys))
		}
		last := w.c.get("/api/pipeline_runs?_limit=5&_offset=42", w.viewer.as())
		Expect(ids(items(last, "pipeline_runs"))).To(Equal([]float64{3, 2, 1, 46}), "the oldest execution date comes last")
		Expect(metadata(last)).To(Equal(map[string]any{"count": 46.0, "next": false}))
		Expect(ids(w.runs("?order_by[]=id%20asc&_limit=2", w.viewer))).To(Equal([]float64{1, 2}))
		Expect(ids(w.runs("?_limit=0", w.viewer))).To(BeEmpty())
		expectFailure(w.c.get("/api/pipeline_runs?order_by[]=colour", w.owner.as()), 400, "record_invalid")
		expectFailure(w.c.get("/api/pipeline_runs?order_by[]=id%20up", w.owner.as()), 400, "record_invalid")
		expectFailure(w.c.get("/api/pipeline_runs?_limit=x", w.owner.as()), 400, "record_invalid")
	})

	It("filter by status, status[], pipeline_uuid, schedule and pipeline", func() {
		w.trigger("")
		w.trigger("")
		object(w.c.post("/api/pipeline_schedules/2/pipeline_runs", nil, w.owner.as()), "pipeline_run")
		object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), "pipeline_run")
		Expect(ids(w.runs("?status=cancelled", w.viewer))).To(Equal([]float64{1}))
		Expect(ids(w.runs("?status[]=cancelled,initial", w.viewer))).To(ConsistOf(1.0, 2.0, 3.0))
		Expect(ids(w.runs("?status=bogus", w.viewer))).To(BeEmpty())
		Expect(ids(w.runs("?pipeline_uuid=etl", w.viewer))).To(HaveLen(3))
		Expect(ids(w.runs("?pipeline_uuid=nosuch", w.viewer))).To(BeEmpty())
		Expect(ids(items(w.c.get("/api/pipeline_schedules/2/pipeline_runs", w.viewer.as()), "pipeline_runs"))).To(Equal([]float64{3}))
		Expect(ids(items(w.c.get("/api/pipeline_schedules/1/pipeline_runs", w.viewer.as()), "pipeline_runs"))).To(ConsistOf(1.0, 2.0))
		Expect(ids(items(w.c.get("/api/pipelines/etl/pipeline_runs", w.viewer.as()), "pipeline_runs"))).To(HaveLen(3))
		expectFailure(w.c.get("/api/pipeline_schedules/9/pipeline_runs", w.viewer.as()), 404, "record_not_found")
		expectFailure(w.c.get("/api/pipelines/nosuch/pipeline_runs", w.viewer.as()), 404, "record_not_found")
		object(w.c.put("/api/pipelines/etl", body("pipeline", map[string]any{"name": "renamed"}), w.owner.as()), "pipeline")
		Expect(ids(w.runs("?pipeline_uuid=renamed", w.viewer))).To(HaveLen(3), "a rename moves the runs")
		Expect(ids(items(w.c.get("/api/pipelines/renamed/pipeline_runs", w.viewer.as()), "pipeline_runs"))).To(HaveLen(3))
		object(w.c.put("/api/pipelines/renamed", body("pipeline", map[string]any{"name": "etl"}), w.owner.as()), "pipeline")
		Expect(w.runs("?include_pipeline_type=1", w.viewer)[0]).To(HaveKeyWithValue("pipeline_type", "python"))
	})

	It("cancel an initial or running run and its unfinished block runs; other statuses and finished runs stay", func() {
		w.trigger("")
		ignored := object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "completed"}), w.editor.as()), "pipeline_run")
		Expect(ignored).To(HaveKeyWithValue("status", "initial"))
		w.tick()
		run := object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.editor.as()), "pipeline_run")
		Expect(keysOf(run)).To(Equal(runKeys))
		Expect(run).To(HaveKeyWithValue("status", "cancelled"))
		Expect(run["updated_at"]).NotTo(Equal(run["created_at"]))
		Expect(statuses(object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")["block_runs"])).To(Equal([]string{"cancelled", "cancelled", "cancelled"}))
		again := object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.editor.as()), "pipeline_run")
		Expect(again).To(Equal(run))
		Expect(object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{}), w.editor.as()), "pipeline_run")).To(Equal(run))
	})

	It("retry the block runs not completed, or a block and its downstream blocks, and set the run running", func() {
		w.trigger("")
		object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), "pipeline_run")
		run := object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"pipeline_run_action": "retry_blocks"}), w.editor.as()), "pipeline_run")
		Expect(run).To(HaveKeyWithValue("status", "running"))
		Expect(statuses(object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")["block_runs"])).To(Equal([]string{"initial", "initial", "initial"}))
		object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), "pipeline_run")
		object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"pipeline_run_action": "retry_blocks", "from_block_uuid": "transform"}), w.owner.as()), "pipeline_run")
		Expect(statuses(object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")["block_runs"])).To(Equal([]string{"cancelled", "initial", "initial"}))
		object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), "pipeline_run")
		object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"pipeline_run_action": "retry_blocks", "from_block_uuid": "nosuch"}), w.owner.as()), "pipeline_run")
		Expect(statuses(object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")["block_runs"])).To(Equal([]string{"cancelled", "cancelled", "cancelled"}))
	})

	It("delete a run with its block runs; a schedule's delete takes its runs", func() {
		w.trigger("")
		w.trigger("")
		before := object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")
		deleted := object(w.c.del("/api/pipeline_runs/1", w.editor.as()), "pipeline_run")
		Expect(keysOf(deleted)).To(Equal(runKeys))
		Expect(deleted["variables"]).To(Equal(before["variables"]))
		expectFailure(w.c.get("/api/pipeline_runs/1", w.owner.as()), 404, "record_not_found")
		expectFailure(w.c.del("/api/pipeline_runs/1", w.owner.as()), 404, "record_not_found")
		Expect(items(w.c.get("/api/block_runs?pipeline_run_id=1", w.owner.as()), "block_runs")).To(BeEmpty())
		Expect(ids(w.runs("", w.owner))).To(Equal([]float64{2}))
		object(w.c.del("/api/pipeline_schedules/1", w.owner.as()), "pipeline_schedule")
		Expect(w.runs("", w.owner)).To(BeEmpty())
		Expect(items(w.c.get("/api/block_runs", w.owner.as()), "block_runs")).To(BeEmpty())
	})

	It("answer a missing run with record_not_found and a run under another schedule or pipeline as missing", func() {
		w.trigger("")
		expectFailure(w.c.get("/api/pipeline_runs/9", w.viewer.as()), 404, "record_not_found")
		expectFailure(w.c.put("/api/pipeline_runs/9", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), 404, "record_not_found")
		expectFailure(w.c.get("/api/pipeline_runs/abc", w.viewer.as()), 400, "record_invalid")
		object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "other"}), w.owner.as()), "pipeline")
		object(w.c.get("/api/pipelines/etl/pipeline_runs/1", w.owner.as()), "pipeline_run")
		expectFailure(w.c.get("/api/pipelines/other/pipeline_runs/1", w.owner.as()), 404, "record_not_found")
		expectFailure(w.c.post("/api/pipeline_runs", body("pipeline_run", map[string]any{}), w.owner.as()), 400, "record_invalid")
		expectFailure(w.c.post("/api/pipelines/etl/pipeline_runs", body("pipeline_run", map[string]any{}), w.owner.as()), 400, "record_invalid")
		expectFailure(w.c.post("/api/pipeline_schedules/9/pipeline_runs", body("pipeline_run", map[string]any{}), w.owner.as()), 404, "record_not_found")
		expectFailure(w.c.post("/api/pipeline_schedules/1/pipeline_runs", body("pipeline_run", map[string]any{"colour": 1}), w.owner.as()), 400, "record_invalid")
		Expect(w.runs("", w.owner)).To(HaveLen(1))
	})
})

var _ = Describe("Block runs", Label("runs"), func() {
	for _, mode := range reference.Compats() {
		It("are listed under a run and with ?pipeline_run_id= and ?pipeline_uuid=, and refused one by one, in "+string(mode), func() {
			w := newRunWorld(mode, reference.RunsStay)
			w.trigger("")
			w.trigger("")
			nested := w.c.get("/api/pipeline_runs/2/block_runs", w.viewer.as())
			list := items(nested, "block_runs")
			Expect(ids(list)).To(Equal([]float64{4, 5, 6}))
			Expect(metadata(nested)).To(Equal(map[string]any{"count": 3.0, "next": false}))
			top := items(w.c.get("/api/block_runs?pipeline_run_id=2", w.viewer.as()), "block_runs")
			Expect(ids(top)).To(ConsistOf(4.0, 5.0, 6.0))
			for _, item := range append(list, top...) {
				Expect(keysOf(item)).To(Equal(blockRunListKeys))
			}
			if mode == reference.CompatMage0979 {
				Expect(list[0]).To(HaveKeyWithValue("created_at", "2026-03-04T05:06:07.890123"))
				Expect(list[0]).To(HaveKeyWithValue("pipeline_schedule_id", BeNil()))
				Expect(top[0]).To(HaveKeyWithValue("pipeline_schedule_name", "hook"))
				Expect(items(w.c.get("/api/pipeline_runs/9/block_runs", w.viewer.as()), "block_runs")).To(HaveLen(6))
			} else {
				Expect(list[0]).To(HaveKeyWithValue("created_at", "2026-03-04 05:06:07.890123+00:00"))
				Expect(list[0]).To(HaveKeyWithValue("pipeline_schedule_id", 1.0))
				Expect(list[0]).To(HaveKeyWithValue("pipeline_schedule_name", "hook"))
				expectFailure(w.c.get("/api/pipeline_runs/9/block_runs", w.viewer.as()), 404, "record_not_found")
			}
			Expect(items(w.c.get("/api/block_runs", w.viewer.as()), "block_runs")).To(HaveLen(6))
			Expect(items(w.c.get("/api/block_runs?pipeline_uuid=nosuch", w.viewer.as()), "block_runs")).To(BeEmpty())
			Expect(items(w.c.get("/api/block_runs?pipeline_uuid=etl&pipeline_run_id=x", w.viewer.as()), "block_runs")).To(HaveLen(6))
			Expect(ids(items(w.c.get("/api/block_runs?order_by=id%20desc&_limit=2", w.viewer.as()), "block_runs"))).To(Equal([]float64{6, 5}))
			for _, p := range []string{"/api/block_runs/1", "/api/pipeline_runs/1/block_runs/1"} {
				expectFailure(w.c.get(p, w.owner.as()), 403, "unauthorized_access")
				expectFailure(w.c.put(p, body("block_run", map[string]any{"status": "completed"}), w.owner.as()), 403, "unauthorized_access")
			}
			expectFailure(w.c.get("/api/block_runs/99", w.owner.as()), 404, "record_not_found")
			expectFailure(w.c.get("/api/pipeline_runs/2/block_runs/1", w.owner.as()), 404, "record_not_found")
			expectFailure(w.c.post("/api/block_runs", body("block_run", map[string]any{}), w.owner.as()), 403, "unauthorized_access")
			expectFailure(w.c.del("/api/block_runs/1", w.owner.as()), 403, "unauthorized_access")
		})
	}
})

var _ = Describe("Who may do what with runs (§2.5)", Label("runs", "policies"), func() {
	var w *runWorld
	var nobody session
	BeforeEach(func() {
		w = newRunWorld(reference.CompatIntended, reference.RunsStay)
		nobody = w.c.newUser(w.owner, "nobody@example.com", nil)
		w.trigger("")
	})
	who := func(name string) session {
		return map[string]session{"owner": w.owner, "editor": w.editor, "viewer": w.viewer, "nobody": nobody}[name]
	}
	DescribeTable("allows and refuses",
		func(name, method, path string, b any, allowed bool) {
			res := w.c.do(method, path, b, who(name).as())
			if allowed {
				Expect(res.Body).NotTo(HaveKey("error"), "body %s", res.Raw)
			} else {
				expectFailure(res, 403, "unauthorized_access")
			}
		},
		Entry(nil, "viewer", "GET", "/api/pipeline_runs", nil, true),
		Entry(nil, "viewer", "GET", "/api/pipeline_runs/1", nil, true),
		Entry(nil, "viewer", "GET", "/api/pipeline_schedules/1/pipeline_runs", nil, true),
		Entry(nil, "viewer", "GET", "/api/pipeline_runs/1/block_runs", nil, true),
		Entry(nil, "viewer", "GET", "/api/block_runs?pipeline_run_id=1&pipeline_uuid=etl&order_by=id", nil, true),
		Entry(nil, "viewer", "GET", "/api/pipeline_runs?status=initial&status[]=a,b&pipeline_uuid=etl&order_by[]=id&include_pipeline_tags=1", nil, true),
		Entry(nil, "viewer", "POST", "/api/pipeline_schedules/1/pipeline_runs", body("pipeline_run", map[string]any{}), false),
		Entry(nil, "viewer", "PUT", "/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), false),
		Entry(nil, "viewer", "DELETE", "/api/pipeline_runs/1", nil, false),
		Entry(nil, "viewer", "GET", "/api/pipeline_runs?foo=1", nil, false),
		Entry(nil, "viewer", "GET", "/api/pipeline_runs/1?foo=1", nil, false),
		Entry(nil, "editor", "GET", "/api/pipeline_runs/1?status=initial", nil, false),
		Entry(nil, "viewer", "GET", "/api/block_runs?foo=1", nil, false),
		Entry(nil, "editor", "POST", "/api/pipeline_schedules/1/pipeline_runs", body("pipeline_run", map[string]any{"variables": map[string]any{}, "execution_date": "2024-01-01", "event_variables": map[string]any{}, "backfill_id": nil, "pipeline_uuid": "x", "pipeline_schedule_id": 5}), true),
		Entry(nil, "editor", "POST", "/api/pipeline_schedules/1/pipeline_runs", body("pipeline_run", map[string]any{"status": "running"}), false),
		Entry(nil, "editor", "PUT", "/api/pipeline_runs/1", body("pipeline_run", map[string]any{"variables": map[string]any{}}), false),
		Entry(nil, "editor", "PUT", "/api/pipeline_runs/1", body("pipeline_run", map[string]any{"pipeline_run_action": "retry_blocks", "from_block_uuid": "load"}), true),
		Entry(nil, "editor", "DELETE", "/api/pipeline_runs/1", nil, true),
		Entry(nil, "owner", "GET", "/api/pipeline_runs/1?foo=1", nil, true),
		Entry(nil, "nobody", "GET", "/api/pipeline_runs", nil, false),
		Entry(nil, "nobody", "GET", "/api/pipeline_runs/1", nil, false),
		Entry(nil, "nobody", "GET", "/api/block_runs", nil, false),
	)

	It("refuses the public scope", func() {
		expectFailure(w.c.get("/api/pipeline_runs", keyHeader(apiKey)), 403, "unauthorized_access")
		expectAuthFailure(w.c.get("/api/pipeline_runs"), "invalid_api_key")
	})
})

var _ = Describe("The run simulation (--runs)", Label("runs"), func() {
	It("stays: runs stay as created", func() {
		w := newRunWorld(reference.CompatIntended, reference.RunsStay)
		w.trigger("")
		for range 3 {
			Expect(object(w.c.get("/api/pipeline_runs/1", w.owner.as()), "pipeline_run")).To(HaveKeyWithValue("status", "initial"))
			Expect(w.runs("", w.owner)[0]).To(HaveKeyWithValue("status", "initial"))
		}
	})

	for _, mode := range reference.Compats() {
		It("advances a run one step per request that reads it, its block runs with it, in "+string(mode), func() {
			w := newRunWorld(mode, reference.RunsAdvance)
			created := w.trigger("")
			Expect(created).To(HaveKeyWithValue("status", "initial"))
			w.tick()
			running := object(w.c.get("/api/pipeline_runs/1", w.viewer.as()), "pipeline_run")
			Expect(running).To(HaveKeyWithValue("status", "running"))
			Expect(running).To(HaveKeyWithValue("started_at", "2026-03-04 05:06:08.890123+00:00"))
			Expect(running).To(HaveKeyWithValue("completed_at", BeNil()))
			Expect(statuses(running["block_runs"])).To(Equal([]string{"running", "running", "running"}))
			w.tick()
			list := w.runs("", w.viewer)
			done := list[0].(map[string]any)
			Expect(done).To(HaveKeyWithValue("status", "completed"))
			Expect(done).To(HaveKeyWithValue("completed_at", "2026-03-04 05:06:09.890123+00:00"))
			Expect(done).To(HaveKeyWithValue("completed_block_runs_count", 3.0))
			for _, b := range done["block_runs"].([]any) {
				Expect(b).To(HaveKeyWithValue("completed_at", "2026-03-04 05:06:09.890123+00:00"))
			}
			Expect(object(w.c.get("/api/pipeline_runs/1", w.viewer.as()), "pipeline_run")).To(HaveKeyWithValue("status", "completed"))
			blocks := items(w.c.get("/api/pipeline_runs/1/block_runs", w.viewer.as()), "block_runs")
			Expect(statuses(blocks)).To(Equal([]string{"completed", "completed", "completed"}))

			// A cancelled run stays cancelled; a framework-created run gets its block runs when it starts.
			w.trigger("")
			object(w.c.put("/api/pipeline_runs/2", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), "pipeline_run")
			Expect(object(w.c.get("/api/pipeline_runs/2", w.owner.as()), "pipeline_run")).To(HaveKeyWithValue("status", "cancelled"))
			object(w.c.post("/api/pipeline_schedules/2/pipeline_runs", nil, w.owner.as()), "pipeline_run")
			started := object(w.c.get("/api/pipeline_runs/3", w.owner.as()), "pipeline_run")
			Expect(started).To(HaveKeyWithValue("status", "running"))
			Expect(started["block_runs"]).To(HaveLen(3))
			// A retried run runs again.
			object(w.c.put("/api/pipeline_runs/2", body("pipeline_run", map[string]any{"pipeline_run_action": "retry_blocks"}), w.owner.as()), "pipeline_run")
			Expect(object(w.c.get("/api/pipeline_runs/2", w.owner.as()), "pipeline_run")).To(HaveKeyWithValue("status", "completed"))
		})
	}

	It("gives the same answers on two servers with the same clock", func() {
		answers := func() string {
			w := newRunWorld(reference.CompatIntended, reference.RunsAdvance)
			var b strings.Builder
			w.trigger(`{"pipeline_run": {"variables": {"a": 1}}}`)
			for range 4 {
				w.tick()
				fmt.Fprintf(&b, "%s\n%s\n", normalize(w.c.get("/api/pipeline_runs/1", w.owner.as())), normalize(w.c.get("/api/pipeline_runs", w.owner.as())))
			}
			return strings.ReplaceAll(b.String(), w.token, "<token>")
		}
		Expect(answers()).To(Equal(answers()))
	})
})

// Bad input on the run routes, in both modes: an envelope or Mage's answer, never a panic, and
// a refused request changes no data.
var _ = Describe("Bad input on the run routes (A4)", Label("errors", "runs"), func() {
	for _, mode := range reference.Compats() {
		Context("in "+string(mode), Ordered, func() {
			var w *runWorld
			var snapshot func() string
			BeforeAll(func() {
				w = newRunWorld(mode, reference.RunsStay)
				w.trigger("")
				snapshot = func() string {
					var b strings.Builder
					for _, p := range []string{"/api/pipeline_runs?_limit=1000", "/api/pipeline_runs/1", "/api/block_runs?_limit=1000", "/api/pipeline_schedules?_limit=1000"} {
						b.Write(w.c.get(p, w.owner.as()).Raw)
					}
					return b.String()
				}
			})
			DescribeTable("answers with an envelope (or Mage's answer) and changes nothing",
				func(method, path, raw string, intended, mage verdict) {
					want := intended
					if mode == reference.CompatMage0979 {
						want = mage
					}
					before := snapshot()
					res := w.c.do(method, path, raw, w.owner.as(), header("Content-Type", "application/json"))
					Expect(res.Header.Get("Content-Type")).To(Equal("application/json"))
					Expect(string(res.Raw)).NotTo(ContainSubstring("goroutine"))
					switch {
					case want.accepted:
						Expect(res.Body).NotTo(HaveKey("error"), "body %s", res.Raw)
						return
					case want.fault:
						Expect(res.Status).To(Equal(200), "body %s", res.Raw)
						Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
						Expect(res.Body["error"]).To(HaveKeyWithValue("code", BeNumerically("==", 500)))
						Expect(res.Body["error"]).NotTo(HaveKeyWithValue("exception", "The server could not complete the request."), "a deviation, not a panic")
					case want.code == 401:
						expectAuthFailure(res, want.typ)
					default:
						expectFailure(res, want.code, want.typ)
					}
					Expect(snapshot()).To(Equal(before))
				},
				Entry("malformed JSON on a run update", "PUT", "/api/pipeline_runs/1", `{"pipeline_run": `, refused(400, "record_invalid"), fault),
				Entry("a wrapper that is a list", "PUT", "/api/pipeline_runs/1", `{"pipeline_run": [1]}`, refused(400, "record_invalid"), fault),
				Entry("a number for a status", "PUT", "/api/pipeline_runs/1", `{"pipeline_run": {"status": 5}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("an unknown attribute on update", "PUT", "/api/pipeline_runs/1", `{"pipeline_run": {"colour": 5}}`, refused(400, "record_invalid"), accepted),
				Entry("variables nested too deeply", "POST", "/api/pipeline_schedules/1/pipeline_runs", `{"pipeline_run": {"variables": {"v": `+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`}}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a value over the size limit", "POST", "/api/pipeline_schedules/1/pipeline_runs", `{"pipeline_run": {"variables": {"v": "`+strings.Repeat("x", 70_000)+`"}}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("an unknown order_by[] column", "GET", "/api/pipeline_runs?order_by[]=colour", "", refused(400, "record_invalid"), fault),
				Entry("an unknown order_by direction", "GET", "/api/pipeline_runs?order_by[]=id%20sideways", "", refused(400, "record_invalid"), fault),
				Entry("an unknown block run order_by", "GET", "/api/block_runs?order_by=colour", "", refused(400, "record_invalid"), fault),
				Entry("a non-integer _limit", "GET", "/api/pipeline_runs?_limit=x", "", refused(400, "record_invalid"), fault),
				Entry("a negative _offset", "GET", "/api/block_runs?_offset=-1", "", refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a non-integer run id", "DELETE", "/api/pipeline_runs/1.5", "", refused(400, "record_invalid"), refused(404, "record_not_found")),
				Entry("a non-integer parent run id", "GET", "/api/pipeline_runs/x/block_runs", "", refused(400, "record_invalid"), refused(404, "record_not_found")),
				Entry("a missing run", "PUT", "/api/pipeline_runs/99", `{"pipeline_run": {"status": "cancelled"}}`, refused(404, "record_not_found"), refused(404, "record_not_found")),
				Entry("a run create without a schedule", "POST", "/api/pipeline_runs", `{"pipeline_run": {}}`, refused(400, "record_invalid"), fault),
				Entry("a run create under a missing pipeline", "POST", "/api/pipelines/nosuch/pipeline_runs", `{"pipeline_run": {}}`, refused(404, "record_not_found"), fault),
				Entry("a bad execution date", "POST", "/api/pipeline_schedules/1/pipeline_runs", `{"pipeline_run": {"execution_date": "soon"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a block run create", "POST", "/api/block_runs", `{"block_run": {}}`, refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
				Entry("a trigger with a NUL token", "POST", "/api/pipeline_schedules/1/pipeline_runs/%00", `{}`, refused(401, "invalid_oauth_token"), fault),
				Entry("a trigger under an escaped id", "POST", "/api/pipeline_schedules/%31%2F/api_trigger", `{}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
			)
		})
	}
})

var _ = Describe("Runs under concurrent requests", Label("runs", "concurrency"), func() {
	It("triggers, reads (advancing) and cancels at once without losing a run or a block run", func() {
		w := newRunWorld(reference.CompatIntended, reference.RunsAdvance)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer GinkgoRecover()
				defer wg.Done()
				for j := range 5 {
					res := w.c.post("/api/pipeline_schedules/1/pipeline_runs/"+w.token, `{}`)
					Expect(res.Status).To(Equal(200), "body %s", res.Raw)
					id := int(res.Body["pipeline_run"].(map[string]any)["id"].(float64))
					w.c.get("/api/pipeline_runs?_limit=5", w.viewer.as())
					w.c.get("/api/pipeline_runs/"+itoa(id), w.viewer.as())
					if (i+j)%3 == 0 {
						w.c.put("/api/pipeline_runs/"+itoa(id), body("pipeline_run", map[string]any{"status": "cancelled"}), w.editor.as())
					}
					w.c.get("/api/block_runs?pipeline_run_id="+itoa(id), w.viewer.as())
				}
			}()
		}
		wg.Wait()
		res := w.c.get("/api/pipeline_runs?_limit=100", w.owner.as())
		Expect(metadata(res)).To(HaveKeyWithValue("count", 40.0))
		Expect(metadata(w.c.get("/api/block_runs?_limit=1", w.owner.as()))).To(HaveKeyWithValue("count", 120.0))
		for _, item := range items(res, "pipeline_runs") {
			Expect(item).To(HaveKeyWithValue("status", BeElementOf("running", "completed", "cancelled")))
		}
	})
})
