package resources

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"maps"
	"strconv"
	"time"

	"github.com/mageconform/mageconform/reference/internal/store"
)

// logRunStep writes the log lines of a run's step of the simulation (--runs advance): when it
// starts, to scheduler.log and each block's log; when it completes, the same. Each line is
// Mage's "{YYYY-MM-DDTHH:MM:SS} {json}". Call it inside a Store.Write.
func logRunStep(d *store.Data, r store.PipelineRun, now time.Time) {
	run := map[string]any{"pipeline_run_id": r.ID, "pipeline_schedule_id": r.ScheduleID, "pipeline_uuid": r.PipelineUUID}
	runMessage, blockMessage := "Start executing PipelineRun "+strconv.Itoa(r.ID)+".", "Start executing block with BlockExecutor."
	if r.Status == store.RunCompleted {
		runMessage, blockMessage = "PipelineRun "+strconv.Itoa(r.ID)+" completed.", "Finish executing block with BlockExecutor."
	}
	dir := runLogDir(r)
	d.AppendLog(dir+"/scheduler.log", logLine(run, runMessage, now), now)
	for _, b := range d.BlockRunsOf(r.ID) {
		fields := maps.Clone(run)
		fields["block_run_id"], fields["block_uuid"] = b.ID, b.BlockUUID
		d.AppendLog(dir+"/"+b.BlockUUID+".log", logLine(fields, blockMessage, now), now)
	}
}

func logLine(fields map[string]any, message string, now time.Time) string {
	line := maps.Clone(fields)
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	line["level"], line["message"], line["uuid"] = "INFO", message, hex.EncodeToString(id)
	line["timestamp"] = float64(now.UnixMicro()) / 1e6
	data, _ := json.Marshal(line) // numbers and strings always encode
	return now.UTC().Format("2006-01-02T15:04:05") + " " + string(data)
}
