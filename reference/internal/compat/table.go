package compat

// The deviations. "The code-500 body" is Mage's answer to an exception it does not catch
// (Part C §3.4): HTTP 200 whatever _http_error_codes says, and
// {"error": {"code": 500, "errors", "exception", "message"}, "url_parameters": {...}}, with no
// error.type and no top-level status. The reference fills errors, exception and message with a
// one-line summary, never a stack trace.
const (
	UnhandledExceptionBody   ID = "unhandled-exception-body"
	UnknownResource500       ID = "unknown-resource-500"
	MissingPipeline500       ID = "missing-pipeline-500"
	DuplicatePipeline500     ID = "duplicate-pipeline-500"
	UnnamedPipeline500       ID = "unnamed-pipeline-500"
	ScheduleWithoutParent500 ID = "schedule-without-parent-500"
	ScheduleValues500        ID = "schedule-values-500"
	SecretCreateChecks       ID = "secret-create-checks"
	UserUpdateValidation500  ID = "user-update-validation-500"
	MissingCaller500         ID = "missing-caller-500"
	LastOwnerUnprotected     ID = "last-owner-unprotected"
	OwnerWriteIgnored        ID = "owner-write-ignored"
	NamesUnchecked           ID = "names-unchecked"
	ValidationCode200        ID = "validation-code-200"
	EmailPattern             ID = "email-pattern"
	UnknownAttributesIgnored ID = "unknown-attributes-ignored"
	MalformedJSON500         ID = "malformed-json-500"
	NonObjectBody            ID = "non-object-body"
	BodyAPIKey500            ID = "body-api-key-500"
	FormBody                 ID = "form-body"
	Paging500                ID = "paging-500"
	OrderByAnyKey            ID = "order-by-any-key"
	LenientQuery             ID = "lenient-query-string"
	NonIntegerPK404          ID = "non-integer-pk-404"
	BadCookie500             ID = "bad-cookie-500"
	AuthOffWrites            ID = "auth-off-writes"
	NoRolesAuthOff           ID = "no-roles-auth-off"
	IDsReused                ID = "ids-reused"
	DeleteShowsAfter         ID = "delete-shows-after"
	UserRoleFields           ID = "user-role-fields"
	ScheduleFormats          ID = "schedule-formats"
	PipelineFormats          ID = "pipeline-formats"
	DatabaseListMetadata     ID = "database-list-metadata"
	RoleShapes               ID = "role-shapes"
	ScheduleDefaults         ID = "schedule-defaults"
	ScheduleParentIgnored    ID = "schedule-parent-ignored"
	OptionsNoContentType     ID = "options-no-content-type"
	ScheduleNextRunDate      ID = "schedule-next-run-date"
	ScheduleRunCountsNull    ID = "schedule-run-counts-null"
	PipelineVariablesDir     ID = "pipeline-variables-dir"
	DeletedPipelineUpdatedAt ID = "deleted-pipeline-updated-at-null"
	PermissionDetailKeys     ID = "permission-detail-keys"
	SchedulerRunning         ID = "scheduler-running"
)

var table = []Deviation{
	{UnhandledExceptionBody, "§3.4, §11.22",
		"Anything unexpected inside the server is answered with the code-500 body.",
		"E(500, server_error) in the usual envelope, HTTP status as A3 says."},
	{UnknownResource500, "§1, §11.23-24",
		"An unknown resource (also as the parent of a nested route) fails to import its policy: the code-500 body, after authentication.",
		"E(404, record_not_found)."},
	{MissingPipeline500, "§8 pipelines, §11.100",
		"Detail, update and delete of a missing pipeline, any route nested under one, and cloning one, raise \"Pipeline x does not exist.\": the code-500 body, for every caller, before any policy runs.",
		"E(404, record_not_found), also before the policy."},
	{DuplicatePipeline500, "§8 pipelines, §11.99",
		"Creating a pipeline whose name gives a uuid already taken, or renaming one onto a taken uuid, raises: the code-500 body.",
		"E(400, record_invalid)."},
	{UnnamedPipeline500, "§8 pipelines",
		"Creating a pipeline without a name, or creating or renaming one with a name that leaves an empty uuid, raises: the code-500 body.",
		"Without a name the pipeline is called \"untitled pipeline N\"; an empty uuid is E(400, record_invalid)."},
	{ScheduleWithoutParent500, "§8 pipeline_schedules",
		"POST /api/pipeline_schedules (not nested under a pipeline) dereferences a missing parent: the code-500 body.",
		"E(400, record_invalid)."},
	{ScheduleValues500, "§8 pipeline_schedules",
		"Mage refuses a bad schedule_interval, schedule_type, status or start_time, an empty name on update, and an attribute the schedule model does not know on create, by raising: the code-500 body.",
		"E(400, record_invalid)."},
	{SecretCreateChecks, "§8 secrets",
		"A secret create without name or value, or with a name already taken, raises: the code-500 body. An empty name is accepted.",
		"E(400, record_invalid) for all three."},
	{UserUpdateValidation500, "§5.6, §8 users",
		"On a user update the model's checks raise instead of answering: a blank, malformed or taken email, or a taken username, gives the code-500 body.",
		"E(400, record_invalid)."},
	{MissingCaller500, "§5.4, §5.5, §8 users",
		"Code that reads the caller fails when there is none: with user authentication off, a user update carrying password or roles_new, and PUT /api/sessions/{id} (logout), give the code-500 body; so does a non-owner without the legacy admin bit changing another user's password.",
		"The update or logout is judged like any other (with no caller, a logout is E(404, record_not_found))."},
	{LastOwnerUnprotected, "§6, §8 users",
		"Nothing protects the last owner: deleting it answers the deleted user, and a roles_new without the Owner role demotes it (the owner Mage creates at start is one by its role alone). Nobody is an owner afterwards, and nobody can log in as one until the database is reset.",
		"Deleting the last owner, or an update that would leave no owner, is E(400, record_invalid)."},
	{OwnerWriteIgnored, "§8 users",
		"owner written on a user update is allowed to owners and then dropped before the columns are set: the answer is a success and nothing changes.",
		"It sets the user's owner flag."},
	{NamesUnchecked, "§8 secrets, pipelines, pipeline_schedules and users",
		"Any name is stored as it is given: a secret may be called . or .. or contain /, and any name or username may hold control characters, NUL, or any number of bytes. A secret whose name holds ../ or a line break can then not be deleted: Mage refuses its path as traversal (plain-text HTTP 400).",
		"A name that could not be addressed or shown safely is E(400, record_invalid) on create and update: a secret called . or .. or containing /, and any name or username with a control character (NUL included), invalid UTF-8, or more than 255 bytes."},
	{ValidationCode200, "§8 users and pipeline_schedules, §11.82",
		"Failures of the model's own validators on create are E(200, record_invalid) with errors {error, metadata: {key, value}}: a malformed email on a user, a missing or empty name on a schedule.",
		"E(400, record_invalid)."},
	{EmailPattern, "§5.6",
		"An email is checked with Mage's own pattern, which accepts a domain without a dot (someone@localhost).",
		"The domain needs a dot: E(400, record_invalid)."},
	{UnknownAttributesIgnored, "§6, §8",
		"An attribute the resource does not know, written by an owner or with authentication off, is ignored (a schedule create is the exception: schedule-values-500).",
		"E(400, record_invalid) naming the attribute."},
	{MalformedJSON500, "§2, §3.4",
		"A body that is not JSON fails json.loads: the code-500 body, after authentication. Mage parses the body of every method, GET and DELETE included. So does a body that is not UTF-8, and one with an unpaired surrogate escape (\\ud800) fails where Mage writes the value.",
		"E(400, record_invalid) for POST and PUT, also for a body that is not UTF-8 or has an unpaired surrogate escape; bodies of GET and DELETE are not read."},
	{NonObjectBody, "§2",
		"A JSON body or wrapper that is not an object: an empty one (null, false, 0, \"\", []) means no attributes; any other gives the code-500 body on create and update (the body before the action rule, the wrapper after it).",
		"E(400, record_invalid), before the policy."},
	{BodyAPIKey500, "§2, §5.1",
		"Without an X-API-KEY header, a POST's key is read as json.loads(body).get(\"api_key\"): a JSON body that is not an object, or an api_key that is neither a string nor a list of them (Mage takes the first), gives the code-500 body before authentication.",
		"The key is then looked for in the query (or, for a non-string api_key, is missing): 401 invalid_api_key."},
	{FormBody, "§2",
		"A body sent as application/x-www-form-urlencoded (what curl -d sends) is read as form fields, so a JSON text sent that way carries no attributes, and a real field named like the wrapper is a list, which gives the code-500 body. The key is still looked for in the body parsed as JSON.",
		"The body is read as JSON whatever its Content-Type."},
	{Paging500, "§10, §11.94",
		"_limit and _offset go through int(): a value that is not an integer, or a repeated key, gives the code-500 body.",
		"E(400, record_invalid); a repeated key uses its first value."},
	{OrderByAnyKey, "§10",
		"_order_by[] on pipelines accepts any key; one pipelines do not have compares them all equal.",
		"A key outside uuid, name, type, description, created_at and updated_at is E(400, record_invalid)."},
	{LenientQuery, "§2",
		"A query string is split on & only and a malformed escape (%zz) is kept as it is, so no query string is refused.",
		"A query string Go's parser refuses (a malformed escape, a ;) is E(400, record_invalid)."},
	{NonIntegerPK404, "§8, §10",
		"A pk that is not an integer is looked up as it is and found nowhere: E(404, record_not_found).",
		"E(400, record_invalid)."},
	{BadCookie500, "§5.1, §11.52",
		"An oauth_token cookie that is not a valid JWT (malformed, or signed with another secret) fails to decode: the code-500 body.",
		"401 invalid_oauth_token."},
	{AuthOffWrites, "§5.5, §6",
		"With user authentication off, create, update and delete skip the action rules: PUT /api/secrets/{name} sets the secret's name and value (a value set this way is not encrypted, so the secret drops out of the list), POST /api/status answers a status whose attributes are all null, and updating or deleting a status, or deleting a session, gives the code-500 body.",
		"Actions without a rule are E(403, unauthorized_access) whatever the authentication setting."},
	{NoRolesAuthOff, "§12",
		"With user authentication off no default roles exist: the roles list is empty and roles_new ids do not exist.",
		"The four default roles exist in both settings."},
	{IDsReused, "§12",
		"Integer ids are the highest id in use plus one, so the id of a deleted newest record is handed out again.",
		"Ids only increase; an id is never reused."},
	{DeleteShowsAfter, "§12",
		"The answer to a user delete shows the user as it is after deletion, its roles gone: roles_new is empty, and project_access and owner no longer count them.",
		"The user as it was before the delete."},
	{UserRoleFields, "§5.6, §7, §8 users, §11.70",
		"A user's project_access comes from its roles_new roles alone, and roles_display from the owner flag and the legacy roles integer alone (null otherwise); permissions is an empty list. An admin's users list hides the users whose project_access has the owner or admin bit.",
		"Both follow every source of the user's role (owner flag, legacy roles, roles_new; roles_display is \"\" for none), permissions lists the roles' permissions, and an admin's list hides users of admin level or above."},
	{DatabaseListMetadata, "§10",
		"The metadata of users, pipeline_schedules, secrets and roles lists is {count, next}, with or without _limit.",
		"It adds results (the items on the page) when _limit is given."},
	{RoleShapes, "§7, §12",
		"Roles are shown as Mage's role presenter shows them: permissions without role_id, plus role_permissions ([]) and user (null), and on a role's detail the users holding it; in a session's user block, roles_new holds bare role rows (created_at, id, name, updated_at, user_id).",
		"A role is id, name, permissions (with role_id), created_at and updated_at, the same everywhere."},
	{PermissionDetailKeys, "§7, §8 users and roles",
		"On the detail of a role, and in roles_new on the detail of a user, each permission adds conditions, query_attributes, read_attributes and write_attributes, all null.",
		"A permission shows the same keys in every answer."},
	{ScheduleDefaults, "§8 pipeline_schedules",
		"A schedule created without schedule_type, settings or variables has them null.",
		"They default to \"time\", {} and {}."},
	{ScheduleParentIgnored, "§8 pipeline_schedules",
		"The pipeline of /api/pipelines/{uuid}/pipeline_schedules/{id} is not checked against the schedule: detail, update and delete act on any schedule by its id.",
		"Another pipeline's schedule there is E(404, record_not_found)."},
	{ScheduleFormats, "§7",
		"Schedule formats: create and delete show the default attributes without tags; detail and update add event_matchers, next_pipeline_run_date and tags.",
		"Every action shows the default attributes with tags."},
	{ScheduleNextRunDate, "§7, §8 pipeline_schedules",
		"next_pipeline_run_date, where a format shows it (lists; detail and update with schedule-formats), is the schedule's next run, computed when it is shown from schedule_interval (and start_time, with settings.landing_time_enabled): a string such as \"2026-12-02 00:00:00+00:00\" for @daily, null for @once, @always_on or no interval.",
		"null: the reference runs no schedules."},
	{ScheduleRunCountsNull, "§7, §8 pipeline_schedules",
		"In a schedules list, pipeline_runs_count and pipeline_in_progress_runs_count are null for a schedule that has no runs (Mage counts them with a query over the runs, which has no row for it).",
		"0."},
	{PipelineFormats, "§7, §8 pipelines",
		"A pipeline shows what Pipeline.to_dict gives: callbacks and conditionals in every answer, extensions on detail and update, schedules only with include_schedules, and variables only once they are set; a new pipeline has no variables and settings {\"triggers\": null}.",
		"Lists show the default attributes; create, detail, update and delete add callbacks, conditionals, extensions and schedules; a new pipeline has variables {} and settings {}."},
	{PipelineVariablesDir, "§7, §8 pipelines",
		"A pipeline's variables_dir is the project's variables folder, a path read from the project's configuration (the reference shows /root/.mage_data/default_repo, Mage's default for its image), whatever was written.",
		"null, or the value written."},
	{DeletedPipelineUpdatedAt, "§7, §8 pipelines",
		"The answer to a pipeline delete has updated_at null: Mage reads it from the pipeline's file, which is gone.",
		"The pipeline as it was before the delete, updated_at included."},
	{OptionsNoContentType, "§12",
		"OPTIONS is answered 204 without a Content-Type header.",
		"Every answer, OPTIONS included, has Content-Type: application/json."},
	{SchedulerRunning, "§7, §12",
		"The status object shows the scheduler running: scheduler_status \"running\" and scheduler_process_id a process id (the reference gives its own).",
		"scheduler_status \"stopped\" and scheduler_process_id null: the reference runs no pipelines."},
}

// The run API: the API trigger, pipeline runs and block runs (Part C §8).
const (
	TriggerErrors500             ID = "trigger-errors-500"
	TriggerLegacyEnvelope        ID = "trigger-legacy-envelope"
	TriggerRoute405              ID = "trigger-route-405"
	RunCreateParent500           ID = "run-create-parent-500"
	RunCreateUnknownAttribute500 ID = "run-create-unknown-attribute-500"
	RunsUnderPipeline500         ID = "runs-under-pipeline-500"
	MissingRunParentListsAll     ID = "missing-run-parent-lists-all"
	RunOrderBy500                ID = "run-order-by-500"
	BlockRunListDates            ID = "block-run-list-dates"
	NestedBlockRunsScheduleNull  ID = "nested-block-runs-schedule-null"
)

var runTable = []Deviation{
	{TriggerErrors500, "§8 API trigger",
		"The API trigger raises where it refuses: a wrong or missing token, a schedule whose type is not api, a schedule that does not exist, a schedule id that is not an integer, and a body that is not a JSON object (or whose pipeline_run is not an object, or holds a key a run does not have) all give the code-500 body, with url_parameters pipeline_schedule_id (and token on the route that carries it).",
		"A wrong or missing token is E(401, invalid_oauth_token) (HTTP 401), a schedule not of type api or an id that is not an integer E(400, record_invalid), a missing schedule E(404, record_not_found), a bad body E(400, record_invalid); none creates a run."},
	{TriggerLegacyEnvelope, "§8 API trigger",
		"A successful trigger answers {\"pipeline_run\": {...}} with no metadata key.",
		"{\"pipeline_run\": {...}, \"metadata\": null}, like any create."},
	{TriggerRoute405, "§1, §8 API trigger",
		"The trigger's routes take only POST: GET, PUT and DELETE on /api/pipeline_schedules/{id}/pipeline_runs/{x} (whatever x is, a run id too) and on /api/pipeline_schedules/{id}/api_trigger are answered 405 with an empty body.",
		"E(404, record_not_found): a run is read, updated and deleted at /api/pipeline_runs/{id}."},
	{RunCreateParent500, "§8 pipeline_runs",
		"Creating a run not nested under a schedule (POST /api/pipeline_runs, or under a pipeline), or under a schedule that does not exist, dereferences the missing schedule: the code-500 body.",
		"E(400, record_invalid) without a schedule, E(404, record_not_found) for a missing one."},
	{RunCreateUnknownAttribute500, "§8 pipeline_runs",
		"A run create by an owner (or with authentication off) writing an attribute the run model does not have raises a TypeError: the code-500 body.",
		"E(400, record_invalid) naming the attribute."},
	{RunsUnderPipeline500, "§8 pipeline_runs",
		"GET /api/pipelines/{uuid}/pipeline_runs fails on the pipeline parent: the code-500 body.",
		"The runs of that pipeline, as GET /api/pipeline_runs?pipeline_uuid={uuid} lists them."},
	{MissingRunParentListsAll, "§8 pipeline_runs and block_runs",
		"A list nested under a schedule or a run that does not exist is not filtered: GET /api/pipeline_schedules/{missing}/pipeline_runs lists every run, GET /api/pipeline_runs/{missing}/block_runs every block run.",
		"E(404, record_not_found)."},
	{RunOrderBy500, "§8 pipeline_runs and block_runs",
		"order_by[] on pipeline runs, or order_by on block runs, naming a column the model lacks raises: the code-500 body.",
		"E(400, record_invalid)."},
	{BlockRunListDates, "§8 block_runs",
		"In block run lists (GET /api/block_runs, GET /api/pipeline_runs/{id}/block_runs) datetimes are naive ISO 8601 strings with a T, such as 2026-01-02T03:04:05 (microseconds only when there are some).",
		"The datetime format of every other answer."},
	{NestedBlockRunsScheduleNull, "§8 block_runs",
		"In GET /api/pipeline_runs/{id}/block_runs, pipeline_schedule_id and pipeline_schedule_name are null.",
		"They name the run's schedule, as in GET /api/block_runs."},
}

func init() { table = append(table, runTable...) }

// A pipeline's blocks and variables, and the project (Part C §8 blocks, variables, projects).
const (
	MissingBlock400             ID = "missing-block-400"
	DuplicateBlock500           ID = "duplicate-block-500"
	UnknownBlockType500         ID = "unknown-block-type-500"
	UnnamedBlock500             ID = "unnamed-block-500"
	BlockDeleteDownstream500    ID = "block-delete-downstream-500"
	BlockRenameFilePath         ID = "block-rename-file-path"
	PipelineBlockDetails        ID = "pipeline-block-details"
	VariablesWithoutPipeline500 ID = "variables-without-pipeline-500"
	UnnamedVariable500          ID = "unnamed-variable-500"
	VariableUpdateByName        ID = "variable-update-by-name"
	MissingVariableDelete500    ID = "missing-variable-delete-500"
	VariableDeleteNulls         ID = "variable-delete-nulls"
	ProjectMageVersion          ID = "project-mage-version"
)

var blockTable = []Deviation{
	{MissingBlock400, "§8 blocks",
		"A block the pipeline does not have is E(400, record_invalid) on detail, update and delete.",
		"E(404, record_not_found)."},
	{DuplicateBlock500, "§8 blocks",
		"Creating a block whose name gives the uuid of a block the pipeline already has, or renaming a block to one, gives the code-500 body; nothing changes.",
		"E(400, record_invalid); nothing changes."},
	{UnknownBlockType500, "§8 blocks",
		"Creating a block of a type or in a language Mage does not know (or without a type) gives the code-500 body, and the block is not in the pipeline afterwards (for an unknown type Mage has written its file in the project, which no answer shows).",
		"E(400, record_invalid) naming the types or languages; nothing is created."},
	{UnnamedBlock500, "§8 blocks",
		"Creating a block without a name gives the code-500 body.",
		"E(400, record_invalid)."},
	{BlockDeleteDownstream500, "§8 blocks",
		"Deleting a block that other blocks have upstream (without force=true) gives the code-500 body; nothing changes.",
		"E(400, record_invalid) with errors.downstream_blocks naming them; nothing changes."},
	{BlockRenameFilePath, "§8 blocks",
		"A renamed block's configuration gains file_path (its file in the project, such as transformers/new_name.py) and file_source ({\"path\": file_path}).",
		"A rename leaves the configuration as it is."},
	{PipelineBlockDetails, "§7, §8 blocks",
		"In a pipeline's detail each block also shows callback_blocks ([]), conditional_blocks ([]), content, metadata ({}), outputs ([]) and tags ([]).",
		"A pipeline shows its blocks as a block list shows them, in every answer."},
	{VariablesWithoutPipeline500, "§8 variables",
		"The variables routes outside a pipeline (GET and POST /api/variables) have no pipeline to read: the code-500 body.",
		"E(400, record_invalid): variables are under /api/pipelines/{uuid}/variables."},
	{UnnamedVariable500, "§8 variables",
		"A variable create or update without a name gives the code-500 body; nothing changes.",
		"A create without a name is E(400, record_invalid); an update without one keeps the name of its URL."},
	{VariableUpdateByName, "§8 variables",
		"PUT /api/pipelines/{uuid}/variables/{name} ignores the name in its URL: it sets the variable the body names, creating it if needed, and the URL's variable is left as it is (even when it does not exist).",
		"It updates the variable its URL names, which must exist (else E(404, record_not_found)); a different name in the body renames it (E(400, record_invalid) when that name is taken)."},
	{MissingVariableDelete500, "§8 variables",
		"Deleting a variable the pipeline does not have gives the code-500 body (a KeyError), after the action rule.",
		"E(404, record_not_found), before the action rule (A6)."},
	{VariableDeleteNulls, "§8 variables",
		"The answer to a variable delete is {\"block\": null, \"name\": <the URL's name>, \"pipeline\": null, \"value\": null, \"variables\": null}.",
		"The variable as it was, with block {\"uuid\": \"global\"}, its pipeline, its value and the names left (variables)."},
	{ProjectMageVersion, "§8 projects",
		"GET /api/projects claims Mage's release: version and latest_version are \"0.9.79\".",
		"They are the contract version, \"0.9.79+mageconform.1\": the Mage API release Part A describes, with the contract's revision as build metadata (semantic versioning ignores it, so a minimum version compares it as 0.9.79)."},
}

func init() { table = append(table, blockTable...) }
