package reference_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var backfillKeys = []string{"block_uuid", "completed_at", "created_at", "end_datetime", "failed_at", "id", "interval_type",
	"interval_units", "metrics", "name", "pipeline_schedule_id", "pipeline_uuid", "settings", "start_datetime", "started_at",
	"status", "updated_at", "variables"}

// backfill creates a backfill of the run world's pipeline as the owner.
func (w *runWorld) backfill(attrs map[string]any) map[string]any {
	GinkgoHelper()
	return object(w.c.post("/api/pipelines/etl/backfills", body("backfill", attrs), w.owner.as()), "backfill")
}

func (w *runWorld) setBackfill(id string, attrs map[string]any) map[string]any {
	GinkgoHelper()
	return object(w.c.put("/api/backfills/"+id, body("backfill", attrs), w.owner.as()), "backfill")
}

// threeDays is a backfill over three days, one run a day.
var threeDays = map[string]any{"name": "bf", "start_datetime": "2026-11-10 00:00:00", "end_datetime": "2026-11-12 00:00:00",
	"interval_type": "day", "interval_units": 1, "variables": map[string]any{"k": "v"}}

// executionDates are the execution_date of each preview item.
func executionDates(b map[string]any) []string {
	var out []string
	for _, d := range b["pipeline_run_dates"].([]any) {
		out = append(out, d.(map[string]any)["execution_date"].(string))
	}
	return out
}

var _ = Describe("Backfills", Label("backfills"), func() {
	for _, mode := range reference.Compats() {
		Context("in "+string(mode), func() {
			var w *runWorld
			BeforeEach(func() { w = newRunWorld(mode, reference.RunsStay) })

			It("are created under a pipeline with 18 attributes, all but the pipeline null at first, a name optional", func() {
				res := w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{}), w.editor.as())
				b := object(res, "backfill")
				Expect(keysOf(b)).To(Equal(backfillKeys))
				Expect(b).To(HaveKeyWithValue("pipeline_uuid", "etl"))
				for _, k := range []string{"name", "status", "pipeline_schedule_id", "started_at", "completed_at", "failed_at", "metrics", "settings", "variables"} {
					Expect(b).To(HaveKeyWithValue(k, BeNil()), k)
				}
				owned := w.backfill(map[string]any{"name": "full", "status": "running", "pipeline_uuid": "other", "id": 77,
					"start_datetime": "2026-11-01 00:00:00", "interval_type": "hour", "interval_units": 6, "settings": map[string]any{"s": 1}})
				Expect(owned).To(And(HaveKeyWithValue("id", 2.0), HaveKeyWithValue("status", BeNil()), HaveKeyWithValue("pipeline_uuid", "etl"),
					HaveKeyWithValue("interval_type", "hour"), HaveKeyWithValue("interval_units", 6.0), HaveKeyWithValue("settings", map[string]any{"s": 1.0})))
				Expect(object(w.c.get("/api/backfills/2", w.viewer.as()), "backfill")).To(Equal(owned))
			})

			It("let editors create with a name only and update the listed keys, viewers only read", func() {
				expectFailure(w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{"name": "x", "start_datetime": "2026-01-01"}), w.editor.as()), 403, "unauthorized_access")
				expectFailure(w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{"name": "x"}), w.viewer.as()), 403, "unauthorized_access")
				object(w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{"name": "x"}), w.editor.as()), "backfill")
				b := object(w.c.put("/api/backfills/1", body("backfill", map[string]any{"start_datetime": "2026-01-01", "end_datetime": "2026-01-02",
					"interval_type": "day", "interval_units": 1, "variables": map[string]any{}, "settings": nil, "block_uuid": nil, "name": "y", "status": "completed"}), w.editor.as()), "backfill")
				Expect(b).To(And(HaveKeyWithValue("name", "y"), HaveKeyWithValue("interval_type", "day"), HaveKeyWithValue("status", BeNil())))
				expectFailure(w.c.put("/api/backfills/1", body("backfill", map[string]any{"pipeline_uuid": "x"}), w.editor.as()), 403, "unauthorized_access")
				expectFailure(w.c.put("/api/backfills/1", body("backfill", map[string]any{"name": "z"}), w.viewer.as()), 403, "unauthorized_access")
				expectFailure(w.c.del("/api/backfills/1", w.viewer.as()), 403, "unauthorized_access")
				expectFailure(w.c.get("/api/backfills?status=initial", w.viewer.as()), 403, "unauthorized_access")
				expectFailure(w.c.get("/api/backfills?include_preview_runs=1", w.viewer.as()), 403, "unauthorized_access")
				expectFailure(w.c.get("/api/backfills/1?pipeline_uuid=etl", w.viewer.as()), 403, "unauthorized_access")
				items(w.c.get("/api/backfills?status=initial", w.owner.as()), "backfills") // an owner's other keys are ignored
				Expect(items(w.c.get("/api/backfills?include_preview_runs=1", w.owner.as()), "backfills")[0]).To(HaveKeyWithValue("pipeline_run_dates", HaveLen(2)))
				Expect(object(w.c.get("/api/backfills/1?include_run_count=1&include_preview_runs=1", w.viewer.as()), "backfill")).To(HaveKeyWithValue("total_run_count", 2.0))
				object(w.c.del("/api/backfills/1", w.editor.as()), "backfill")
			})

			It("list newest first (then the highest id), paged 40 by default, with count and next and a pipeline_uuid filter", func() {
				object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "other"}), w.owner.as()), "pipeline")
				for i := range 43 {
					if i%2 == 0 {
						w.tick()
					}
					w.backfill(map[string]any{"name": "b" + itoa(i)})
				}
				object(w.c.post("/api/pipelines/other/backfills", body("backfill", map[string]any{"name": "o"}), w.owner.as()), "backfill")
				res := w.c.get("/api/backfills", w.viewer.as())
				Expect(ids(items(res, "backfills"))[:4]).To(Equal([]float64{44, 43, 42, 41}))
				Expect(items(res, "backfills")).To(HaveLen(40))
				Expect(metadata(res)).To(Equal(map[string]any{"count": 44.0, "next": true}))
				res = w.c.get("/api/backfills?pipeline_uuid=etl&_limit=2&_offset=1", w.viewer.as())
				Expect(ids(items(res, "backfills"))).To(Equal([]float64{42, 41}))
				Expect(metadata(res)).To(Equal(map[string]any{"count": 43.0, "next": true}))
				Expect(items(w.c.get("/api/backfills?pipeline_uuid=nosuch", w.viewer.as()), "backfills")).To(BeEmpty())
				Expect(items(w.c.get("/api/backfills?_limit=1", w.viewer.as()), "backfills")[0]).NotTo(HaveKey("total_run_count"))
			})

			DescribeTable("preview the dates from start to end inclusive",
				func(start, end, interval string, units int, want []string) {
					w.backfill(map[string]any{"start_datetime": start, "end_datetime": end, "interval_type": interval, "interval_units": units})
					b := object(w.c.get("/api/backfills/1?include_preview_runs=1&_limit=100", w.viewer.as()), "backfill")
					Expect(b).To(HaveKeyWithValue("total_run_count", BeNumerically("==", len(want))))
					Expect(b).To(HaveKeyWithValue("run_status_counts", map[string]any{}))
					if len(want) == 0 {
						Expect(b["pipeline_run_dates"]).To(BeEmpty())
						return
					}
					Expect(executionDates(b)).To(Equal(want))
					dates := b["pipeline_run_dates"].([]any)
					first, last := dates[0].(map[string]any), dates[len(dates)-1].(map[string]any)
					Expect(first).To(HaveKeyWithValue("ds", want[0][:10]))
					Expect(first).To(HaveKeyWithValue("hr", want[0][11:13]))
					Expect(first).To(HaveKeyWithValue("interval_start_datetime", want[0]))
					if len(want) == 1 {
						Expect(first).To(And(HaveKeyWithValue("interval_seconds", BeNil()), HaveKeyWithValue("interval_end_datetime", BeNil()),
							HaveKeyWithValue("interval_start_datetime_previous", BeNil())))
						return
					}
					Expect(first).To(HaveKeyWithValue("interval_end_datetime", want[1]))
					Expect(last).To(HaveKeyWithValue("interval_start_datetime_previous", want[len(want)-2]))
					step := parseISO(want[1]).Sub(parseISO(want[0]))
					Expect(first).To(HaveKeyWithValue("interval_seconds", step.Seconds()))
					Expect(first).To(HaveKeyWithValue("interval_start_datetime_previous", isoOf(parseISO(want[0]).Add(-step))))
					lastStep := parseISO(want[len(want)-1]).Sub(parseISO(want[len(want)-2]))
					Expect(last).To(HaveKeyWithValue("interval_end_datetime", isoOf(parseISO(want[len(want)-1]).Add(lastStep))), "the last end is extrapolated")
				},
				Entry("hour", "2026-11-01 00:00:00", "2026-11-02 00:00:00", "hour", 6,
					[]string{"2026-11-01T00:00:00", "2026-11-01T06:00:00", "2026-11-01T12:00:00", "2026-11-01T18:00:00", "2026-11-02T00:00:00"}),
				Entry("second", "2026-11-01 00:00:00", "2026-11-01 00:01:00", "second", 30,
					[]string{"2026-11-01T00:00:00", "2026-11-01T00:00:30", "2026-11-01T00:01:00"}),
				Entry("minute", "2026-11-01 00:00:00", "2026-11-01 00:40:00", "minute", 15,
					[]string{"2026-11-01T00:00:00", "2026-11-01T00:15:00", "2026-11-01T00:30:00"}),
				Entry("day", "2026-11-10", "2026-11-12", "day", 1, []string{"2026-11-10T00:00:00", "2026-11-11T00:00:00", "2026-11-12T00:00:00"}),
				Entry("week", "2026-11-01", "2026-11-15", "week", 1, []string{"2026-11-01T00:00:00", "2026-11-08T00:00:00", "2026-11-15T00:00:00"}),
				Entry("custom, in seconds", "2026-11-01 00:00:00", "2026-11-01 03:00:00", "custom", 3600,
					[]string{"2026-11-01T00:00:00", "2026-11-01T01:00:00", "2026-11-01T02:00:00", "2026-11-01T03:00:00"}),
				Entry("month, drifting from a month end", "2026-01-31", "2026-05-01", "month", 1,
					[]string{"2026-01-31T00:00:00", "2026-02-28T00:00:00", "2026-03-28T00:00:00", "2026-04-28T00:00:00"}),
				Entry("year, from a leap day", "2024-02-29 12:00:00", "2026-03-01", "year", 1,
					[]string{"2024-02-29T12:00:00", "2025-02-28T12:00:00", "2026-02-28T12:00:00"}),
				Entry("a single date", "2026-11-01", "2026-11-01", "day", 1, []string{"2026-11-01T00:00:00"}),
				Entry("a start after the end", "2026-11-02", "2026-11-01", "day", 1, []string{}),
			)

			It("page the preview from _offset and count only with all four settings", func() {
				w.backfill(threeDays)
				b := object(w.c.get("/api/backfills/1?include_preview_runs=true&_limit=1&_offset=1", w.viewer.as()), "backfill")
				if mode == reference.CompatMage0979 {
					Expect(executionDates(b)).To(Equal([]string{"2026-11-11T00:00:00", "2026-11-12T00:00:00"}), "_limit + 1")
				} else {
					Expect(executionDates(b)).To(Equal([]string{"2026-11-11T00:00:00"}))
				}
				Expect(items(w.c.get("/api/backfills?include_run_count=1", w.viewer.as()), "backfills")[0]).To(And(
					HaveKeyWithValue("total_run_count", 3.0), Not(HaveKey("pipeline_run_dates"))))
				w.setBackfill("1", map[string]any{"interval_units": nil})
				Expect(object(w.c.get("/api/backfills/1?include_run_count=1", w.viewer.as()), "backfill")).NotTo(HaveKey("total_run_count"))
				w.setBackfill("1", map[string]any{"interval_units": 1, "block_uuid": "load"})
				Expect(object(w.c.get("/api/backfills/1?include_preview_runs=1", w.viewer.as()), "backfill")).To(And(
					HaveKeyWithValue("total_run_count", 0.0), HaveKeyWithValue("pipeline_run_dates", BeEmpty())))
			})

			It("start: an active @once schedule, one run per date with its variables and a block run per block; the request's other keys are ignored", func() {
				w.backfill(threeDays)
				w.tick()
				b := w.setBackfill("1", map[string]any{"status": "initial", "name": "ignored"})
				Expect(b).To(And(HaveKeyWithValue("status", "initial"), HaveKeyWithValue("name", "bf"),
					HaveKeyWithValue("pipeline_schedule_id", 3.0), HaveKeyWithValue("started_at", Not(BeNil()))))
				s := object(w.c.get("/api/pipeline_schedules/3", w.owner.as()), "pipeline_schedule")
				Expect(s).To(And(HaveKeyWithValue("name", "Backfill bf"), HaveKeyWithValue("schedule_interval", "@once"),
					HaveKeyWithValue("status", "active"), HaveKeyWithValue("schedule_type", BeNil()),
					HaveKeyWithValue("token", MatchRegexp(`^[0-9a-f]{32}$`)), HaveKeyWithValue("variables", map[string]any{"k": "v"})))
				res := w.c.get("/api/pipeline_runs?backfill_id=1", w.viewer.as())
				runs := items(res, "pipeline_runs")
				Expect(runs).To(HaveLen(3))
				newest := runs[0].(map[string]any)
				Expect(newest).To(And(HaveKeyWithValue("backfill_id", 1.0), HaveKeyWithValue("pipeline_schedule_id", 3.0),
					HaveKeyWithValue("status", "initial"), HaveKeyWithValue("block_runs_count", 3.0),
					HaveKeyWithValue("pipeline_schedule_name", "Backfill bf"), HaveKeyWithValue("pipeline_schedule_type", BeNil())))
				Expect(newest["variables"]).To(Equal(map[string]any{"k": "v", "ds": "2026-11-12", "execution_date": "2026-11-12T00:00:00",
					"hr": "00", "interval_end_datetime": "2026-11-13T00:00:00", "interval_seconds": 86400.0,
					"interval_start_datetime": "2026-11-12T00:00:00", "interval_start_datetime_previous": "2026-11-11T00:00:00"}))
				Expect(statuses(object(w.c.get("/api/pipeline_runs/"+itoa(int(newest["id"].(float64))), w.viewer.as()), "pipeline_run")["block_runs"])).
					To(Equal([]string{"initial", "initial", "initial"}))
				Expect(items(w.c.get("/api/pipeline_runs?backfill_id=2", w.viewer.as()), "pipeline_runs")).To(BeEmpty())
				if mode == reference.CompatIntended {
					Expect(items(w.c.get("/api/pipeline_runs?backfill_id=", w.viewer.as()), "pipeline_runs")).To(HaveLen(3), "an empty backfill_id filters nothing")
				} else {
					Expect(w.c.get("/api/pipeline_runs?backfill_id=", w.viewer.as()).Body).To(HaveKey("url_parameters"))
				}
				w.setBackfill("1", map[string]any{"status": "initial"})
				Expect(items(w.c.get("/api/pipeline_runs?backfill_id=1", w.viewer.as()), "pipeline_runs")).To(HaveLen(3), "starting a started backfill is a no-op")
				b = w.setBackfill("1", map[string]any{"status": "completed", "name": "renamed"})
				Expect(b).To(And(HaveKeyWithValue("status", "initial"), HaveKeyWithValue("name", "renamed")), "another status is ignored, the other keys applied")
			})

			It("start without dates or with a block_uuid only sets the status", func() {
				w.backfill(map[string]any{"start_datetime": "2026-11-02", "end_datetime": "2026-11-01", "interval_type": "day", "interval_units": 1})
				Expect(w.setBackfill("1", map[string]any{"status": "initial"})).To(And(HaveKeyWithValue("status", "initial"),
					HaveKeyWithValue("pipeline_schedule_id", BeNil()), HaveKeyWithValue("started_at", Not(BeNil()))))
				w.backfill(map[string]any{"block_uuid": "load"})
				Expect(w.setBackfill("2", map[string]any{"status": "initial"})).To(HaveKeyWithValue("pipeline_schedule_id", BeNil()))
				Expect(items(w.c.get("/api/pipeline_runs", w.viewer.as()), "pipeline_runs")).To(BeEmpty())
			})

			It("cancel cancels the unfinished runs and sets the schedule inactive; a restart re-uses it and counts the newest run per date", func() {
				w.backfill(threeDays)
				w.setBackfill("1", map[string]any{"status": "initial"})
				object(w.c.put("/api/pipeline_runs/1", body("pipeline_run", map[string]any{"status": "cancelled"}), w.owner.as()), "pipeline_run")
				b := w.setBackfill("1", map[string]any{"status": "cancelled"})
				Expect(b).To(HaveKeyWithValue("status", "cancelled"))
				Expect(statuses(items(w.c.get("/api/pipeline_runs?backfill_id=1", w.viewer.as()), "pipeline_runs"))).To(Equal([]string{"cancelled", "cancelled", "cancelled"}))
				blocks := statuses(object(w.c.get("/api/pipeline_runs/3", w.viewer.as()), "pipeline_run")["block_runs"])
				if mode == reference.CompatMage0979 {
					Expect(blocks).To(Equal([]string{"initial", "initial", "initial"}))
				} else {
					Expect(blocks).To(Equal([]string{"cancelled", "cancelled", "cancelled"}))
				}
				Expect(object(w.c.get("/api/pipeline_schedules/3", w.owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("status", "inactive"))
				b = w.setBackfill("1", map[string]any{"status": "initial"})
				Expect(b).To(HaveKeyWithValue("pipeline_schedule_id", 3.0))
				Expect(object(w.c.get("/api/pipeline_schedules/3", w.owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("status", "active"))
				Expect(items(w.c.get("/api/pipeline_runs?backfill_id=1", w.viewer.as()), "pipeline_runs")).To(HaveLen(6))
				Expect(object(w.c.get("/api/backfills/1?include_run_count=1", w.viewer.as()), "backfill")).To(HaveKeyWithValue("run_status_counts", map[string]any{"initial": 3.0}))
				Expect(items(w.c.get("/api/pipeline_schedules?_limit=100", w.owner.as()), "pipeline_schedules")).To(HaveLen(3), "one schedule for every start")
			})

			It("delete answers the backfill as it was; its runs stay without it, and so does its schedule", func() {
				w.backfill(threeDays)
				started := w.setBackfill("1", map[string]any{"status": "initial"})
				deleted := object(w.c.del("/api/backfills/1", w.editor.as()), "backfill")
				Expect(deleted).To(Equal(started))
				expectFailure(w.c.get("/api/backfills/1", w.viewer.as()), 404, "record_not_found")
				expectFailure(w.c.del("/api/backfills/1", w.editor.as()), 404, "record_not_found")
				Expect(items(w.c.get("/api/pipeline_runs?backfill_id=1", w.viewer.as()), "pipeline_runs")).To(BeEmpty())
				runs := items(w.c.get("/api/pipeline_runs", w.viewer.as()), "pipeline_runs")
				Expect(runs).To(HaveLen(3))
				for _, r := range runs {
					Expect(r).To(HaveKeyWithValue("backfill_id", BeNil()))
				}
				object(w.c.get("/api/pipeline_schedules/3", w.owner.as()), "pipeline_schedule")
			})

			It("answers a missing or non-integer id as missing, and a missing pipeline parent as Mage does", func() {
				expectFailure(w.c.get("/api/backfills/9", w.viewer.as()), 404, "record_not_found")
				expectFailure(w.c.put("/api/backfills/9", body("backfill", map[string]any{"name": "x"}), w.editor.as()), 404, "record_not_found")
				res := w.c.get("/api/pipelines/nosuch/backfills", w.viewer.as())
				if mode == reference.CompatMage0979 {
					Expect(res.Body).To(HaveKey("url_parameters"))
					expectFailure(w.c.get("/api/backfills/x", w.viewer.as()), 404, "record_not_found")
					return
				}
				expectFailure(res, 404, "record_not_found")
				expectFailure(w.c.get("/api/backfills/x", w.viewer.as()), 400, "record_invalid")
			})
		})
	}

	Context("in intended", func() {
		var w *runWorld
		BeforeEach(func() { w = newRunWorld(reference.CompatIntended, reference.RunsStay) })

		DescribeTable("refuse bad values with E(400, record_invalid) and store nothing",
			func(attrs map[string]any) {
				expectFailure(w.c.post("/api/pipelines/etl/backfills", body("backfill", attrs), w.owner.as()), 400, "record_invalid")
				Expect(items(w.c.get("/api/backfills", w.owner.as()), "backfills")).To(BeEmpty())
				w.backfill(map[string]any{"name": "kept"})
				before := object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")
				w.tick()
				expectFailure(w.c.put("/api/backfills/1", body("backfill", attrs), w.owner.as()), 400, "record_invalid")
				Expect(object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")).To(Equal(before))
			},
			Entry("a start that is no datetime", map[string]any{"start_datetime": "soon"}),
			Entry("an end that is no datetime", map[string]any{"name": "x", "end_datetime": "2026-13-45"}),
			Entry("a number for a datetime", map[string]any{"start_datetime": 5}),
			Entry("an interval_type outside the enum", map[string]any{"interval_type": "fortnight"}),
			Entry("an upper-case interval_type", map[string]any{"interval_type": "HOUR"}),
			Entry("a string for interval_units", map[string]any{"interval_units": "abc"}),
			Entry("a fraction for interval_units", map[string]any{"interval_units": 1.5}),
			Entry("interval_units 0, which never steps", map[string]any{"interval_units": 0}),
			Entry("negative interval_units", map[string]any{"interval_units": -1}),
			Entry("variables that are a list", map[string]any{"variables": []any{1}}),
			Entry("an unknown attribute", map[string]any{"colour": "red"}),
		)

		It("checks the role before the values", func() {
			expectFailure(w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{"start_datetime": "soon"}), w.viewer.as()), 403, "unauthorized_access")
		})

		It("converts a zone offset to UTC and shows the datetimes of every other answer", func() {
			b := w.backfill(map[string]any{"start_datetime": "2026-01-31T00:00:00+02:00"})
			Expect(b).To(HaveKeyWithValue("start_datetime", "2026-01-30 22:00:00.000000+00:00"))
			Expect(b).To(HaveKeyWithValue("created_at", "2026-03-04 05:06:07.890123+00:00"))
		})

		It("refuses a start with incomplete settings and changes nothing", func() {
			before := w.backfill(map[string]any{"name": "x", "start_datetime": "2026-01-01"})
			expectFailure(w.c.put("/api/backfills/1", body("backfill", map[string]any{"status": "initial"}), w.owner.as()), 400, "record_invalid")
			Expect(object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")).To(Equal(before))
		})

		It("refuses a start of more dates than the reference makes runs for", func() {
			w.backfill(map[string]any{"start_datetime": "2026-01-01", "end_datetime": "2026-12-31", "interval_type": "second", "interval_units": 1})
			expectFailure(w.c.put("/api/backfills/1", body("backfill", map[string]any{"status": "initial"}), w.owner.as()), 400, "record_invalid")
			expectFailure(w.c.get("/api/backfills/1?include_run_count=1", w.owner.as()), 400, "record_invalid")
			Expect(items(w.c.get("/api/pipeline_runs", w.owner.as()), "pipeline_runs")).To(BeEmpty())
		})

		It("cancels a never-started backfill", func() {
			w.backfill(map[string]any{"name": "x"})
			Expect(w.setBackfill("1", map[string]any{"status": "cancelled"})).To(HaveKeyWithValue("status", "cancelled"))
		})

		It("scopes the nested routes to their pipeline", func() {
			object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "other"}), w.owner.as()), "pipeline")
			w.backfill(map[string]any{"name": "x"})
			Expect(items(w.c.get("/api/pipelines/other/backfills", w.viewer.as()), "backfills")).To(BeEmpty())
			Expect(items(w.c.get("/api/pipelines/etl/backfills", w.viewer.as()), "backfills")).To(HaveLen(1))
			expectFailure(w.c.get("/api/pipelines/other/backfills/1", w.viewer.as()), 404, "record_not_found")
			expectFailure(w.c.put("/api/pipelines/other/backfills/1", body("backfill", map[string]any{"name": "y"}), w.owner.as()), 404, "record_not_found")
			expectFailure(w.c.del("/api/pipelines/other/backfills/1", w.owner.as()), 404, "record_not_found")
			object(w.c.put("/api/pipelines/etl/backfills/1", body("backfill", map[string]any{"name": "y"}), w.owner.as()), "backfill")
		})

		It("refuses a create without a pipeline and any route under a schedule", func() {
			expectFailure(w.c.post("/api/backfills", body("backfill", map[string]any{"name": "x"}), w.owner.as()), 400, "record_invalid")
			expectFailure(w.c.get("/api/pipeline_schedules/1/backfills", w.owner.as()), 400, "record_invalid")
			expectFailure(w.c.post("/api/pipeline_schedules/1/backfills", body("backfill", map[string]any{}), w.owner.as()), 400, "record_invalid")
		})
	})

	Context("in mage-0.9.79", func() {
		var w *runWorld
		BeforeEach(func() { w = newRunWorld(reference.CompatMage0979, reference.RunsStay) })

		expectFault := func(res response) {
			GinkgoHelper()
			Expect(res.Status).To(Equal(200), "body %s", res.Raw)
			Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
			Expect(res.Body["error"]).To(HaveKeyWithValue("code", 500.0))
		}

		It("stores a bad interval_type, which then fails every read of the row until nothing can reach it", func() {
			w.backfill(map[string]any{"name": "ok"})
			expectFault(w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{"interval_type": "fortnight"}), w.owner.as()))
			expectFault(w.c.get("/api/backfills", w.owner.as()))
			expectFault(w.c.get("/api/backfills/2", w.owner.as()))
			expectFault(w.c.del("/api/backfills/2", w.owner.as()))
			object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")
			expectFault(w.c.put("/api/backfills/1", body("backfill", map[string]any{"interval_type": "fortnight"}), w.editor.as()))
			expectFault(w.c.get("/api/backfills/1", w.owner.as()))
		})

		It("stores a non-integer interval_units, which fails the previews and the start until it is repaired", func() {
			w.backfill(threeDays)
			Expect(w.setBackfill("1", map[string]any{"interval_units": "abc"})).To(HaveKeyWithValue("interval_units", "abc"))
			Expect(w.setBackfill("1", map[string]any{"interval_units": "7"})).To(HaveKeyWithValue("interval_units", 7.0), "SQLite reads an integer string as an integer")
			w.setBackfill("1", map[string]any{"interval_units": "abc"})
			expectFault(w.c.get("/api/backfills?include_run_count=true", w.viewer.as()))
			expectFault(w.c.get("/api/backfills/1?include_preview_runs=1", w.viewer.as()))
			expectFault(w.c.put("/api/backfills/1", body("backfill", map[string]any{"status": "initial"}), w.owner.as()))
			Expect(object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")).To(HaveKeyWithValue("status", BeNil()))
			w.setBackfill("1", map[string]any{"interval_units": 1})
			items(w.c.get("/api/backfills?include_run_count=true", w.viewer.as()), "backfills")
		})

		It("parses the datetimes before any policy, and keeps a written time's wall clock", func() {
			expectFault(w.c.post("/api/pipelines/etl/backfills", body("backfill", map[string]any{"start_datetime": "soon"}), w.viewer.as()))
			Expect(items(w.c.get("/api/backfills", w.owner.as()), "backfills")).To(BeEmpty())
			b := w.backfill(map[string]any{"start_datetime": "2026-01-31T00:00:00+02:00"})
			Expect(b).To(And(HaveKeyWithValue("start_datetime", "2026-01-31 00:00:00"), HaveKeyWithValue("created_at", "2026-03-04 05:06:07")))
		})

		It("fails a start with incomplete settings and changes nothing, and cancels a never-started backfill before failing", func() {
			before := w.backfill(map[string]any{"name": "x"})
			expectFault(w.c.put("/api/backfills/1", body("backfill", map[string]any{"status": "initial"}), w.owner.as()))
			Expect(object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")).To(Equal(before))
			expectFault(w.c.put("/api/backfills/1", body("backfill", map[string]any{"status": "cancelled"}), w.owner.as()))
			Expect(object(w.c.get("/api/backfills/1", w.owner.as()), "backfill")).To(HaveKeyWithValue("status", "cancelled"))
		})

		It("ignores the pipeline of the nested routes", func() {
			object(w.c.post("/api/pipelines", body("pipeline", map[string]any{"name": "other"}), w.owner.as()), "pipeline")
			w.backfill(map[string]any{"name": "x"})
			Expect(items(w.c.get("/api/pipelines/other/backfills", w.viewer.as()), "backfills")).To(HaveLen(1))
			Expect(object(w.c.put("/api/pipelines/other/backfills/1", body("backfill", map[string]any{"name": "y"}), w.owner.as()), "backfill")).
				To(HaveKeyWithValue("pipeline_uuid", "etl"))
			object(w.c.del("/api/pipelines/other/backfills/1", w.owner.as()), "backfill")
			expectFault(w.c.post("/api/backfills", body("backfill", map[string]any{}), w.owner.as()))
			expectFault(w.c.get("/api/pipeline_schedules/1/backfills", w.owner.as()))
		})
	})

	It("with --runs advance move initial, running, completed with their runs, and then set the schedule inactive", func() {
		w := newRunWorld(reference.CompatIntended, reference.RunsAdvance)
		w.backfill(threeDays)
		w.setBackfill("1", map[string]any{"status": "initial"})
		w.tick()
		b := object(w.c.get("/api/backfills/1?include_run_count=1", w.viewer.as()), "backfill")
		Expect(b).To(And(HaveKeyWithValue("status", "running"), HaveKeyWithValue("run_status_counts", map[string]any{"running": 3.0})))
		w.tick()
		b = object(w.c.get("/api/backfills/1?include_run_count=1", w.viewer.as()), "backfill")
		Expect(b).To(And(HaveKeyWithValue("status", "completed"), HaveKeyWithValue("completed_at", "2026-03-04 05:06:09.890123+00:00"),
			HaveKeyWithValue("run_status_counts", map[string]any{"completed": 3.0}), HaveKeyWithValue("failed_at", BeNil())))
		Expect(object(w.c.get("/api/pipeline_schedules/3", w.owner.as()), "pipeline_schedule")).To(HaveKeyWithValue("status", "inactive"))
		Expect(statuses(object(w.c.get("/api/pipeline_runs/1", w.viewer.as()), "pipeline_run")["block_runs"])).To(Equal([]string{"completed", "completed", "completed"}))
		w.setBackfill("1", map[string]any{"status": "initial"})
		Expect(object(w.c.get("/api/backfills/1", w.viewer.as()), "backfill")).To(HaveKeyWithValue("status", "running"), "a restart runs again")
	})
})

func parseISO(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05", s)
	Expect(err).NotTo(HaveOccurred())
	return t
}

func isoOf(t time.Time) string { return t.Format("2006-01-02T15:04:05") }
