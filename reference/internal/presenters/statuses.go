package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// Statuses shows the health check object (resources.StatusAttributes);
// with_activity_details adds the activity attributes. The reference runs no pipelines, so the scheduler is
// "stopped" (Mage's is running: compat.SchedulerRunning).
func Statuses() api.Presenter {
	return api.Presenter{
		Formats: resources.StatusAttributes.Formats(),
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
