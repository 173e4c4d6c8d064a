package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// statusAttributes is StatusPresenter.default_attributes (C §7).
var statusAttributes = []string{"is_instance_manager", "max_print_output_lines", "repo_path",
	"repo_path_relative", "repo_path_relative_root", "repo_path_root", "server_process_id",
	"scheduler_process_id", "scheduler_status", "instance_type", "disable_pipeline_edit_access",
	"require_user_authentication", "require_user_permissions", "project_type", "project_uuid"}

// Statuses shows the health check object; with_activity_details adds the
// activity attributes. The reference runs no pipelines, so the scheduler is
// "stopped" (Mage's is running: compat.SchedulerRunning).
func Statuses() api.Presenter {
	return api.Presenter{
		Formats: map[string][]string{
			"default": statusAttributes,
			"with_activity_details": withAttributes(statusAttributes,
				"active_pipeline_run_count", "last_scheduler_activity", "last_user_request"),
		},
		Present: func(op *api.Op, record any) map[string]any {
			if _, blank := record.(resources.BlankStatus); blank {
				return map[string]any{} // the format fills every attribute with null
			}
			scheduler, schedulerPID := "stopped", any(nil)
			if op.Env.Compat.Has(compat.SchedulerRunning) {
				scheduler, schedulerPID = "running", op.Env.ProcessID
			}
			return map[string]any{
				"is_instance_manager": false, "max_print_output_lines": 1000,
				"repo_path": RepoPath, "repo_path_relative": "default_repo",
				"repo_path_relative_root": "default_repo", "repo_path_root": RepoPath,
				"server_process_id": op.Env.ProcessID, "scheduler_process_id": schedulerPID,
				"scheduler_status": scheduler, "instance_type": nil, "disable_pipeline_edit_access": false,
				"require_user_authentication": op.Env.RequireUserAuthentication,
				"require_user_permissions":    false, "project_type": "standalone",
				"project_uuid": op.Env.ProjectUUID, "active_pipeline_run_count": 0,
				"last_scheduler_activity": nil, "last_user_request": api.Datetime(op.Now()),
			}
		},
	}
}
