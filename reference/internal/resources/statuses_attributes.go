package resources

import (
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
)

// StatusAttributes are StatusPresenter.default_attributes (C §7); the with_activity_details
// format adds the activity attributes. No client writes a status.
var StatusAttributes = func() *api.Attributes {
	both := []string{"default", "with_activity_details"}
	return api.Declare(slices.Concat(
		api.ShownOnly(both, "is_instance_manager", "max_print_output_lines", "repo_path",
			"repo_path_relative", "repo_path_relative_root", "repo_path_root", "server_process_id",
			"scheduler_process_id", "scheduler_status", "instance_type", "disable_pipeline_edit_access",
			"require_user_authentication", "require_user_permissions", "project_type", "project_uuid"),
		api.ShownOnly([]string{"with_activity_details"},
			"active_pipeline_run_count", "last_scheduler_activity", "last_user_request"),
	)...)
}()
