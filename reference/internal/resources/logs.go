package resources

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// MaxLogFiles is how many files each list of a logs summary holds at most, as in Mage.
const MaxLogFiles = 20

// LogSummary is the one item of a pipeline's logs list.
type LogSummary struct {
	BlockRunLogs, PipelineRunLogs   []LogFileEntry
	TotalBlockRunLogs, TotalRunLogs int
}

// LogFileEntry is one log file of a run: Path is relative to the project's variables folder.
type LogFileEntry struct {
	Name, Path string
	store.LogFile
}

// LogJunk is one of the items Mage answers for a block run's logs (compat.BlockRunLogsJunk):
// every attribute is this key of the file's description.
type LogJunk string

// Logs are read-only: a pipeline's (GET /api/pipelines/{uuid}/logs) summarize its runs' log
// files, a block run's hold its one file, and under any other parent, or none, there are none.
func Logs() api.Logic {
	return api.Logic{
		Plural: "logs", Singular: "log",
		Attributes: LogAttributes,
		Actions:    map[api.Action]api.Run{api.ActionList: listLogs},
		MissingParent: func(op *api.Op, err error) error {
			e, ok := err.(*apierr.Error)
			if ok && e.Type == apierr.TypeRecordNotFound && op.Parent.Plural != "pipelines" && op.Env.Compat.Has(compat.MissingLogParentEmpty) {
				return nil
			}
			return err
		},
	}
}

func listLogs(op *api.Op, _ any) (any, error) {
	page := api.Page{Items: []any{}, Metadata: map[string]any{}}
	switch p := op.ParentRecord.(type) {
	case store.Pipeline:
		summary, err := pipelineLogs(op, p.UUID)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, summary)
	case store.BlockRunRecord:
		var entry LogFileEntry
		op.Env.Store.Read(func(d *store.Data) {
			r, _ := d.Runs.Get(p.RunID)
			entry = logFile(d, r, p.BlockUUID+".log")
		})
		if op.Env.Compat.Has(compat.BlockRunLogsJunk) {
			for _, key := range []string{"name", "path", "size", "modified_timestamp", "content"} {
				page.Items = append(page.Items, LogJunk(key))
			}
			break
		}
		page.Items = append(page.Items, LogSummary{BlockRunLogs: []LogFileEntry{entry}, PipelineRunLogs: []LogFileEntry{}, TotalBlockRunLogs: 1})
	}
	return page, nil
}

// logFilter is what a pipeline's logs list is narrowed to.
type logFilter struct {
	start, end                *time.Time
	schedules, runs, blockRun []string
	blockPrefixes             []string
}

func (f logFilter) keepsRun(r store.PipelineRun) bool {
	return inIDs(f.schedules, r.ScheduleID) && inIDs(f.runs, r.ID) &&
		(f.start == nil || !r.ExecutionDate.Before(*f.start)) && (f.end == nil || !r.ExecutionDate.After(*f.end))
}

func (f logFilter) keepsBlockRun(b store.BlockRun) bool {
	prefixed := len(f.blockPrefixes) == 0 || slices.ContainsFunc(f.blockPrefixes, func(p string) bool { return strings.HasPrefix(b.BlockUUID, p) })
	return prefixed && inIDs(f.blockRun, b.ID)
}

// inIDs: no ids, or id among them (an id that is not an integer matches nothing).
func inIDs(ids []string, id int) bool {
	return len(ids) == 0 || slices.Contains(ids, strconv.Itoa(id))
}

// logTimestamp reads start_timestamp or end_timestamp: epoch seconds, as Python's int() reads them.
func logTimestamp(op *api.Op, key string) (*time.Time, error) {
	v := api.First(op.Query[key])
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(pythonInt(v), 10, 64)
	if err != nil || n < -62135596800 || n > 253402300799 { // Python's datetime years 1 to 9999
		return nil, apierr.Invalid("Value is invalid for " + key + ".")
	}
	t := time.Unix(n, 0).UTC()
	return &t, nil
}

func readLogFilter(op *api.Op) (logFilter, error) {
	var f logFilter
	var err error
	if f.start, err = logTimestamp(op, "start_timestamp"); err != nil {
		return f, err
	}
	if f.end, err = logTimestamp(op, "end_timestamp"); err != nil {
		return f, err
	}
	// Mage reads the first value of each key, split on commas.
	first := func(key string) []string { return commaValues(op.Query[key][:min(1, len(op.Query[key]))]) }
	f.schedules, f.runs, f.blockRun = first("pipeline_schedule_id[]"), first("pipeline_run_id[]"), first("block_run_id[]")
	f.blockPrefixes = first("block_uuid[]")
	return f, nil
}

// pipelineLogs gathers a pipeline's log files: each matching run's pipeline.log and
// scheduler.log (runs newest first) and each matching block run's {block_uuid}.log (latest
// started first), each list without repeated paths and capped at MaxLogFiles. _limit caps the
// runs and block runs read, _offset skips some first; the totals count all that match.
func pipelineLogs(op *api.Op, uuid string) (LogSummary, error) {
	f, err := readLogFilter(op)
	if err != nil {
		return LogSummary{}, err
	}
	p, err := parsePaging(op, -1)
	if err != nil {
		return LogSummary{}, err
	}
	if op.Env.Compat.Has(compat.LogsOffsetIgnored) {
		p.Offset = 0
	}
	out := LogSummary{BlockRunLogs: []LogFileEntry{}, PipelineRunLogs: []LogFileEntry{}}
	op.Env.Store.Read(func(d *store.Data) {
		runs := map[int]store.PipelineRun{}
		var runRows []store.PipelineRun
		for _, r := range d.Runs.All() {
			// Mage joins the runs to their schedule and matches the schedule's pipeline.
			if s, ok := d.Schedules.Get(r.ScheduleID); ok && s.PipelineUUID == uuid && f.keepsRun(r) {
				runs[r.ID] = r
				runRows = append(runRows, r)
			}
		}
		if len(f.blockPrefixes) == 0 && len(f.blockRun) == 0 {
			slices.SortStableFunc(runRows, func(a, b store.PipelineRun) int {
				return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
			})
			out.TotalRunLogs = len(runRows)
			start, end := p.window(len(runRows))
			for _, r := range runRows[start:end] {
				out.PipelineRunLogs = addLogs(out.PipelineRunLogs, logFile(d, r, "pipeline.log"), logFile(d, r, "scheduler.log"))
				if len(out.PipelineRunLogs) >= MaxLogFiles {
					break
				}
			}
		}
		var blockRows []store.BlockRun
		for _, b := range d.BlockRuns.All() {
			if _, ok := runs[b.RunID]; ok && f.keepsBlockRun(b) {
				blockRows = append(blockRows, b)
			}
		}
		slices.SortStableFunc(blockRows, func(a, b store.BlockRun) int {
			return cmp.Or(-compareTimes(a.StartedAt, b.StartedAt), cmp.Compare(b.ID, a.ID))
		})
		out.TotalBlockRunLogs = len(blockRows)
		start, end := p.window(len(blockRows))
		for _, b := range blockRows[start:end] {
			out.BlockRunLogs = addLogs(out.BlockRunLogs, logFile(d, runs[b.RunID], b.BlockUUID+".log"))
			if len(out.BlockRunLogs) >= MaxLogFiles {
				break
			}
		}
	})
	return out, nil
}

// addLogs appends the files whose paths list does not hold yet.
func addLogs(list []LogFileEntry, files ...LogFileEntry) []LogFileEntry {
	for _, f := range files {
		if !slices.ContainsFunc(list, func(e LogFileEntry) bool { return e.Path == f.Path }) {
			list = append(list, f)
		}
	}
	return list
}

// logFile is a run's file called name, as written so far. One never written is empty, dated
// when the run was created: Mage creates a run's files when it first lists them.
func logFile(d *store.Data, r store.PipelineRun, name string) LogFileEntry {
	path := runLogDir(r) + "/" + name
	f, ok := d.LogFile(path)
	if !ok {
		f.Modified = r.CreatedAt
	}
	return LogFileEntry{Name: name, Path: path, LogFile: f}
}

// runLogDir is where a run's log files are, relative to the variables folder:
// pipelines/{uuid}/.logs/{execution partition}, the partition being the run's
// execution_partition variable, or {schedule id}/{execution date as YYYYmmddTHHMMSS}.
func runLogDir(r store.PipelineRun) string {
	partition, _ := r.Variables["execution_partition"].(string)
	if partition == "" {
		partition = strconv.Itoa(r.ScheduleID) + "/" + r.ExecutionDate.UTC().Format("20060102T150405")
	}
	return "pipelines/" + r.PipelineUUID + "/.logs/" + partition
}
