package reference_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var logSummaryKeys = []string{"block_run_logs", "pipeline_run_logs", "total_block_run_log_count", "total_pipeline_run_log_count"}

// logs is the one summary of a pipeline's logs list.
func (w *runWorld) logs(query string, as session) map[string]any {
	GinkgoHelper()
	res := w.c.get("/api/pipelines/etl/logs"+query, as.as())
	list := items(res, "logs")
	Expect(metadata(res)).To(BeEmpty())
	Expect(list).To(HaveLen(1))
	Expect(keysOf(list[0])).To(Equal(logSummaryKeys))
	return list[0].(map[string]any)
}

// fileNames are the names of a summary's files of one kind, each checked for its keys.
func fileNames(summary map[string]any, kind string) []string {
	var out []string
	for _, f := range summary[kind].([]any) {
		Expect(keysOf(f)).To(Equal([]string{"content", "modified_timestamp", "name", "path", "size"}))
		out = append(out, f.(map[string]any)["name"].(string))
	}
	return out
}

func paths(summary map[string]any, kind string) []string {
	var out []string
	for _, f := range summary[kind].([]any) {
		out = append(out, f.(map[string]any)["path"].(string))
	}
	return out
}

// triggerAt triggers the API schedule for an execution date.
func (w *runWorld) triggerAt(date string) map[string]any {
	return w.trigger(`{"pipeline_run": {"execution_date": "` + date + `"}}`)
}

var _ = Describe("Logs", Label("logs"), func() {
	for _, mode := range reference.Compats() {
		Context("in "+string(mode), func() {
			var w *runWorld
			BeforeEach(func() { w = newRunWorld(mode, reference.RunsStay) })

			It("summarize a pipeline without runs as one empty item", func() {
				Expect(w.logs("", w.viewer)).To(Equal(map[string]any{"block_run_logs": []any{}, "pipeline_run_logs": []any{},
					"total_block_run_log_count": 0.0, "total_pipeline_run_log_count": 0.0}))
			})

			It("list each run's pipeline.log and scheduler.log, newest first, and each block run's log, empty until something ran", func() {
				w.triggerAt("2026-01-01 00:00:00")
				w.tick()
				w.triggerAt("2026-01-02 00:00:00")
				s := w.logs("", w.viewer)
				Expect(s).To(And(HaveKeyWithValue("total_pipeline_run_log_count", 2.0), HaveKeyWithValue("total_block_run_log_count", 6.0)))
				Expect(fileNames(s, "pipeline_run_logs")).To(Equal([]string{"pipeline.log", "scheduler.log", "pipeline.log", "scheduler.log"}))
				Expect(paths(s, "pipeline_run_logs")[0]).To(HaveSuffix("pipelines/etl/.logs/1/20260102T000000_000000/pipeline.log"))
				Expect(fileNames(s, "block_run_logs")).To(ConsistOf("load.log", "transform.log", "report.log", "load.log", "transform.log", "report.log"))
				Expect(paths(s, "block_run_logs")[0]).To(MatchRegexp(`pipelines/etl/\.logs/1/2026010[12]T000000_000000/\w+\.log$`))
				for _, f := range append(s["pipeline_run_logs"].([]any), s["block_run_logs"].([]any)...) {
					Expect(f).To(And(HaveKeyWithValue("size", 0.0), HaveKeyWithValue("content", ""), HaveKeyWithValue("modified_timestamp", BeNumerically(">", 0))))
				}
			})

			It("list a partition once: a backfill's runs without an execution partition use {schedule}/{execution date}", func() {
				w.backfill(threeDays)
				w.setBackfill("1", map[string]any{"status": "initial"})
				w.setBackfill("1", map[string]any{"status": "cancelled"})
				w.setBackfill("1", map[string]any{"status": "initial"})
				s := w.logs("", w.viewer)
				Expect(s).To(HaveKeyWithValue("total_pipeline_run_log_count", 6.0))
				Expect(s["pipeline_run_logs"]).To(HaveLen(6), "six runs, three partitions")
				Expect(paths(s, "pipeline_run_logs")[0]).To(HaveSuffix("pipelines/etl/.logs/3/20261112T000000/pipeline.log"))
				Expect(s).To(HaveKeyWithValue("total_block_run_log_count", 18.0))
				Expect(s["block_run_logs"]).To(HaveLen(9))
			})

			It("hold at most 20 files of each kind, while the totals count every run and block run", func() {
				for day := 1; day <= 12; day++ {
					w.triggerAt(time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC).Format(time.DateTime))
				}
				s := w.logs("", w.viewer)
				Expect(s["pipeline_run_logs"]).To(HaveLen(20))
				Expect(s["block_run_logs"]).To(HaveLen(20))
				Expect(s).To(And(HaveKeyWithValue("total_pipeline_run_log_count", 12.0), HaveKeyWithValue("total_block_run_log_count", 36.0)))
			})

			It("filter by execution date (inclusive, epoch seconds), run, block run, schedule and block prefix, and cap the rows with _limit", func() {
				first := w.triggerAt("2026-01-01 00:00:00")
				w.tick()
				w.triggerAt("2026-01-02 00:00:00")
				jan2 := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC).Unix()
				Expect(w.logs("?start_timestamp="+itoa(int(jan2)), w.viewer)).To(HaveKeyWithValue("total_pipeline_run_log_count", 1.0))
				Expect(w.logs("?end_timestamp="+itoa(int(jan2)-1), w.viewer)).To(HaveKeyWithValue("total_pipeline_run_log_count", 1.0))
				Expect(w.logs("?start_timestamp="+itoa(int(jan2))+"&end_timestamp="+itoa(int(jan2)), w.viewer)).To(HaveKeyWithValue("total_pipeline_run_log_count", 1.0))
				id := itoa(int(first["id"].(float64)))
				s := w.logs("?pipeline_run_id[]="+id, w.viewer)
				Expect(s).To(And(HaveKeyWithValue("total_pipeline_run_log_count", 1.0), HaveKeyWithValue("total_block_run_log_count", 3.0)))
				Expect(w.logs("?pipeline_run_id[]=1,2", w.viewer)).To(HaveKeyWithValue("total_pipeline_run_log_count", 2.0))
				s = w.logs("?block_uuid[]=tr,rep", w.viewer)
				Expect(s).To(And(HaveKeyWithValue("total_block_run_log_count", 4.0), HaveKeyWithValue("total_pipeline_run_log_count", 0.0),
					HaveKeyWithValue("pipeline_run_logs", BeEmpty())))
				Expect(fileNames(s, "block_run_logs")).To(ConsistOf("transform.log", "report.log", "transform.log", "report.log"))
				s = w.logs("?block_run_id[]=1", w.viewer)
				Expect(s).To(And(HaveKeyWithValue("total_block_run_log_count", 1.0), HaveKeyWithValue("pipeline_run_logs", BeEmpty())))
				Expect(w.logs("?pipeline_schedule_id[]=99", w.viewer)).To(And(HaveKeyWithValue("total_pipeline_run_log_count", 0.0), HaveKeyWithValue("total_block_run_log_count", 0.0)))
				Expect(w.logs("?pipeline_schedule_id[]=1", w.viewer)).To(HaveKeyWithValue("total_pipeline_run_log_count", 2.0))
				s = w.logs("?_limit=1", w.viewer)
				Expect(s).To(And(HaveKeyWithValue("total_pipeline_run_log_count", 2.0), HaveKeyWithValue("total_block_run_log_count", 6.0),
					HaveKeyWithValue("pipeline_run_logs", HaveLen(2)), HaveKeyWithValue("block_run_logs", HaveLen(1))))
				offset := w.logs("?_limit=1&_offset=1", w.viewer)
				if mode == reference.CompatMage0979 {
					Expect(offset).To(Equal(s), "_offset is ignored")
				} else {
					Expect(paths(offset, "pipeline_run_logs")[0]).To(ContainSubstring("20260101T000000"))
				}
				expectFailure(w.c.get("/api/pipelines/etl/logs?start_timestamp=abc", w.viewer.as()), 400, "record_invalid")
				expectFailure(w.c.get("/api/pipelines/etl/logs?end_timestamp=1.5", w.viewer.as()), 400, "record_invalid")
				w.logs("?level[]=INFO&block_type[]=transformer", w.viewer)
			})

			It("are read by viewers; other query keys are for owners, and every other action is disabled", func() {
				expectFailure(w.c.get("/api/pipelines/etl/logs?foo=1", w.viewer.as()), 403, "unauthorized_access")
				w.logs("?foo=1", w.owner)
				nobody := w.c.newUser(w.owner, "nobody@example.com", map[string]any{"roles_new": []int{}})
				expectFailure(w.c.get("/api/pipelines/etl/logs", nobody.as()), 403, "unauthorized_access")
				expectFailure(w.c.get("/api/pipelines/etl/logs", keyHeader(apiKey)), 403, "unauthorized_access")
				expectFailure(w.c.get("/api/pipelines/etl/logs/1", w.owner.as()), 403, "unauthorized_access")
				expectFailure(w.c.get("/api/logs/1", w.owner.as()), 403, "unauthorized_access")
				expectFailure(w.c.post("/api/pipelines/etl/logs", body("log", map[string]any{}), w.owner.as()), 403, "unauthorized_access")
				expectFailure(w.c.put("/api/logs/1", body("log", map[string]any{}), w.owner.as()), 403, "unauthorized_access")
				expectFailure(w.c.del("/api/logs/1", w.owner.as()), 403, "unauthorized_access")
			})

			It("are empty at the top level and under a schedule or a run", func() {
				w.trigger("")
				for _, p := range []string{"/api/logs", "/api/pipeline_schedules/1/logs", "/api/pipeline_runs/1/logs"} {
					res := w.c.get(p, w.viewer.as())
					Expect(items(res, "logs")).To(BeEmpty(), p)
					Expect(metadata(res)).To(BeEmpty())
				}
			})

			It("of a block run hold its file (Mage: five junk items)", func() {
				w.trigger("")
				list := items(w.c.get("/api/block_runs/2/logs", w.viewer.as()), "logs")
				if mode == reference.CompatMage0979 {
					Expect(list).To(HaveLen(5))
					Expect(list[0]).To(HaveKeyWithValue("block_run_logs", "name"))
					Expect(items(w.c.get("/api/block_runs/99/logs", w.viewer.as()), "logs")).To(BeEmpty())
					return
				}
				Expect(list).To(HaveLen(1))
				Expect(fileNames(list[0].(map[string]any), "block_run_logs")).To(Equal([]string{"transform.log"}))
				expectFailure(w.c.get("/api/block_runs/99/logs", w.viewer.as()), 404, "record_not_found")
				expectFailure(w.c.get("/api/pipeline_runs/99/logs", w.viewer.as()), 404, "record_not_found")
			})

			It("of a missing pipeline are refused (Mage: the code-500 body)", func() {
				res := w.c.get("/api/pipelines/nosuch/logs", w.viewer.as())
				if mode == reference.CompatMage0979 {
					Expect(res.Body).To(HaveKey("url_parameters"))
					return
				}
				expectFailure(res, 404, "record_not_found")
			})
		})
	}

	It("hold the lines the runs wrote with --runs advance", func() {
		w := newRunWorld(reference.CompatIntended, reference.RunsAdvance)
		w.trigger("")
		w.tick()
		w.c.get("/api/pipeline_runs/1", w.viewer.as()) // running
		w.tick()
		w.c.get("/api/pipeline_runs/1", w.viewer.as()) // completed
		s := w.logs("", w.viewer)
		files := map[string]map[string]any{}
		for _, kind := range []string{"pipeline_run_logs", "block_run_logs"} {
			for _, f := range s[kind].([]any) {
				files[f.(map[string]any)["name"].(string)] = f.(map[string]any)
			}
		}
		Expect(files["pipeline.log"]).To(HaveKeyWithValue("content", ""))
		for _, name := range []string{"scheduler.log", "load.log", "report.log"} {
			Expect(files[name]).To(HaveKeyWithValue("content", MatchRegexp(`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \{[^\n]*"level":"INFO"[^\n]*\}\n){2}$`)), name)
			Expect(files[name]["size"]).To(BeNumerically("==", len(files[name]["content"].(string))))
			Expect(files[name]).To(HaveKeyWithValue("modified_timestamp", BeNumerically("~", float64(w.now.UnixMicro())/1e6, 0.001)))
		}
		Expect(files["load.log"]["content"]).To(ContainSubstring(`"block_uuid":"load"`))
	})
})
