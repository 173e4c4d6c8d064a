package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// LogAttributes are what the one item of a logs list shows. No client writes a log.
var LogAttributes = api.Declare(api.ShownOnly([]string{"default"}, "block_run_logs", "pipeline_run_logs",
	"total_block_run_log_count", "total_pipeline_run_log_count")...)
