package presenters

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/resources"
)

// ContractVersion is the version the reference claims in the intended mode: the Mage API
// release Part A describes, with the contract's revision as semantic-versioning build
// metadata (which precedence ignores, so it compares as 0.9.79). With
// compat.ProjectMageVersion it claims Mage's own "0.9.79".
const ContractVersion = "0.9.79+mageconform.1"

// MageVersion is the release the Mage-faithful mode copies.
const MageVersion = "0.9.79"

// ProjectFeatures are the feature flags a project has, all unset (null).
var ProjectFeatures = []string{"add_new_block_v2", "automatic_kernel_cleanup", "code_block_v2", "command_center",
	"compute_management", "custom_design", "data_integration_in_batch_pipeline", "dbt_v2", "display_local_timezone",
	"global_hooks", "interactions", "notebook_block_output_split_view", "operation_history", "polars"}

// Projects shows the project: its version and settings to a logged-in caller (or any caller
// with authentication off), its features alone to a caller with only the API key.
func Projects() api.Presenter {
	formats := resources.ProjectAttributes.Formats()
	return api.Presenter{
		Formats: formats,
		Present: func(op *api.Op, _ any) map[string]any {
			features := make(map[string]any, len(ProjectFeatures))
			for _, f := range ProjectFeatures {
				features[f] = nil
			}
			out := map[string]any{"features": features}
			if op.Caller.User == nil && !op.Caller.AuthOff {
				for _, k := range formats["default"] {
					if k != "features" {
						out[k] = api.Absent
					}
				}
				return out
			}
			version := ContractVersion
			if op.Env.Compat.Has(compat.ProjectMageVersion) {
				version = MageVersion
			}
			out["version"], out["latest_version"] = version, version
			out["name"], out["project_uuid"], out["repo_path"] = "default_repo", op.Env.ProjectUUID, RepoPath
			out["emr_config"] = map[string]any{"master_instance_type": "r5.4xlarge", "slave_instance_type": "r5.4xlarge"}
			out["spark_config"] = map[string]any{"app_name": "my spark app", "spark_master": "local", "executor_env": map[string]any{},
				"spark_jars": []any{}, "spark_home": nil, "others": map[string]any{}, "use_custom_session": false,
				"custom_session_var_name": "spark"}
			out["features_defined"], out["features_override"], out["projects"] = map[string]any{}, map[string]any{}, map[string]any{}
			out["workspace_config_defaults"] = map[string]any{}
			out["help_improve_mage"], out["root_project"] = false, false
			out["openai_api_key"], out["pipelines"], out["platform_settings"] = nil, nil, nil
			out["remote_variables_dir"], out["settings"] = nil, nil
			return out
		},
	}
}
