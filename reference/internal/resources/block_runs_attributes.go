package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// BlockRunAttributes are what a block run list item shows: the block run's columns but
// metrics, and its run's schedule. No client writes a block run.
var BlockRunAttributes = api.Declare(api.ShownOnly([]string{"default"}, "block_uuid", "completed_at",
	"created_at", "id", "pipeline_run_id", "pipeline_schedule_id", "pipeline_schedule_name", "started_at",
	"status", "updated_at")...)
