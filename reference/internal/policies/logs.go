package policies

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
)

// logQueryKeys are the logs list's query parameters non-owners may send; the reference reads
// the timestamps and the []-keys but level[] and block_type[], and accepts the others without
// effect, as Mage does.
var logQueryKeys = []string{"block_run_id", "block_run_id[]", "block_type[]", "block_uuid", "block_uuid[]",
	"end_timestamp", "level[]", "pipeline_run_id", "pipeline_run_id[]", "pipeline_schedule_id",
	"pipeline_schedule_id[]", "start_timestamp"}

// Logs: viewers list; every other action is disabled.
func Logs() api.Policy {
	viewer := api.AtLeast(role.Viewer)
	return api.Policy{api.ActionList: {Rule: private(viewer), Query: attributes(viewer, logQueryKeys...)}}
}
