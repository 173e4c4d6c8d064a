package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Logs shows a logs summary: its files (path absolute, under the variables folder Mage uses)
// and the numbers of runs and block runs that matched.
func Logs() api.Presenter {
	return api.Presenter{
		Formats: resources.LogAttributes.Formats(),
		Present: func(_ *api.Op, record any) map[string]any {
			out := map[string]any{}
			switch s := record.(type) {
			case resources.LogJunk:
				for _, k := range resources.LogAttributes.Formats()["default"] {
					out[k] = string(s)
				}
			case resources.LogSummary:
				out["block_run_logs"], out["pipeline_run_logs"] = logFiles(s.BlockRunLogs), logFiles(s.PipelineRunLogs)
				out["total_block_run_log_count"], out["total_pipeline_run_log_count"] = s.TotalBlockRunLogs, s.TotalRunLogs
			}
			return out
		},
	}
}

func logFiles(entries []resources.LogFileEntry) []map[string]any {
	out := make([]map[string]any, 0, len(entries))
	for _, e := range entries {
		out = append(out, map[string]any{"name": e.Name, "path": VariablesDir + "/" + e.Path, "size": len(e.Content),
			"modified_timestamp": float64(e.Modified.UnixMicro()) / 1e6, "content": e.Content})
	}
	return out
}
