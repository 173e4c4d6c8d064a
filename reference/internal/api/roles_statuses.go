package api

import (
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/policies/role"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// rolesResource lists the four default roles to owners and admins.
func rolesResource() *Resource {
	admin := atLeast(role.Admin)
	return &Resource{
		Plural: "roles", Singular: "role", IntPK: true,
		Formats: map[string][]string{"default": {"id", "name", "permissions", "created_at", "updated_at"}},
		Actions: map[Action]*ActionSpec{
			ActionList:   {Rule: private(admin), Run: func(op *Op, _ any) (any, error) { return databasePage(op, op.Env.Store.Roles()) }},
			ActionDetail: {Rule: private(admin), Run: func(_ *Op, r any) (any, error) { return r, nil }},
		},
		Lookup: func(op *Op) (any, error) {
			role, ok := op.Env.Store.Role(atoi(op.PK))
			if !ok {
				return nil, apierr.NotFound("Record not found.")
			}
			return role, nil
		},
		Present: func(_ *Op, record any) map[string]any { return presentRole(record.(store.Role)) },
	}
}

var statusAttributes = []string{"is_instance_manager", "max_print_output_lines", "repo_path",
	"repo_path_relative", "repo_path_relative_root", "repo_path_root", "server_process_id",
	"scheduler_process_id", "scheduler_status", "instance_type", "disable_pipeline_edit_access",
	"require_user_authentication", "require_user_permissions", "project_type", "project_uuid"}

// statusesResource is the health check: a list of one object, open to the
// public scope; the server lets it through without a key or token.
func statusesResource() *Resource {
	return &Resource{
		Plural: "statuses", Singular: "status",
		Formats: map[string][]string{
			"default": statusAttributes,
			"with_activity_details": append(append([]string{}, statusAttributes...),
				"active_pipeline_run_count", "last_scheduler_activity", "last_user_request"),
		},
		Actions: map[Action]*ActionSpec{
			ActionList: {Rule: &Rule{Scope: ScopePublic | ScopePrivate}, Run: func(op *Op, _ any) (any, error) {
				return Page{Items: []any{nil}, Metadata: map[string]any{}}, nil
			}},
		},
		Present: func(op *Op, _ any) map[string]any {
			return map[string]any{
				"is_instance_manager": false, "max_print_output_lines": 1000,
				"repo_path": RepoPath, "repo_path_relative": "default_repo",
				"repo_path_relative_root": "default_repo", "repo_path_root": RepoPath,
				"server_process_id": op.Env.ProcessID, "scheduler_process_id": nil,
				"scheduler_status": "stopped", "instance_type": nil, "disable_pipeline_edit_access": false,
				"require_user_authentication": op.Env.RequireUserAuthentication,
				"require_user_permissions":    false, "project_type": "standalone",
				"project_uuid": op.Env.ProjectUUID, "active_pipeline_run_count": 0,
				"last_scheduler_activity": nil, "last_user_request": datetime(op.Now()),
			}
		},
	}
}
