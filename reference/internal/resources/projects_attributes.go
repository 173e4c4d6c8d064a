package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// ProjectAttributes are what the project shows (all of them to a logged-in caller, features
// alone to one with only the API key). No client writes a project here.
var ProjectAttributes = api.Declare(api.ShownOnly([]string{"default"}, "emr_config", "features",
	"features_defined", "features_override", "help_improve_mage", "latest_version", "name",
	"openai_api_key", "pipelines", "platform_settings", "project_uuid", "projects", "remote_variables_dir",
	"repo_path", "root_project", "settings", "spark_config", "version", "workspace_config_defaults")...)
