package compat

// Backfills, logs and OAuth access tokens (the notes mage-backfills-logs-tokens.md; Part C §8).
const (
	BackfillWithoutPipeline500   ID = "backfill-without-pipeline-500"
	BackfillDatetime500          ID = "backfill-datetime-500"
	BackfillBadValuesStored      ID = "backfill-bad-values-stored"
	BackfillStartIncomplete500   ID = "backfill-start-incomplete-500"
	BackfillCancelUnstarted500   ID = "backfill-cancel-unstarted-500"
	BackfillCancelKeepsBlockRuns ID = "backfill-cancel-keeps-block-runs"
	BackfillParentIgnored        ID = "backfill-parent-ignored"
	BackfillPreviewExtraDate     ID = "backfill-preview-extra-date"
	SQLiteDatetimes              ID = "sqlite-datetimes"
	LogsOffsetIgnored            ID = "logs-offset-ignored"
	BlockRunLogsJunk             ID = "block-run-logs-junk"
	MissingLogParentEmpty        ID = "missing-log-parent-empty"
	RunsBackfillID500            ID = "runs-backfill-id-500"
	TokensShowAllZero            ID = "tokens-show-all-zero"
	TokensAuthOff500             ID = "tokens-auth-off-500"
	UserTokensParentIgnored      ID = "user-tokens-parent-ignored"
	DeletedUserTokenExpired      ID = "deleted-user-token-expired"
)

var backfillTable = []Deviation{
	{BackfillWithoutPipeline500, "§8 backfills",
		"A backfill create not nested under a pipeline (POST /api/backfills), and any route nested under a schedule (/api/pipeline_schedules/{id}/backfills), dereference a missing pipeline: the code-500 body.",
		"E(400, record_invalid): backfills are created under /api/pipelines/{uuid}/backfills and never nest under a schedule."},
	{BackfillDatetime500, "§8 backfills",
		"A start_datetime or end_datetime that is not a datetime, on create or update, fails to parse before any policy runs: the code-500 body, for every caller (a viewer too); nothing is stored.",
		"E(400, record_invalid) after the policy (a viewer gets E(403)); nothing is stored."},
	{BackfillBadValuesStored, "§8 backfills",
		"interval_type outside second, minute, hour, day, week, month, year and custom, and an interval_units that is not an integer (or below 1), are stored as written. A bad interval_type answers the code-500 body, then so does every list that matches the row and its detail, update and delete; a non-integer interval_units is shown as written, and a preview (include_run_count, include_preview_runs) or start of that backfill gives the code-500 body.",
		"E(400, record_invalid) on create and update; nothing is stored."},
	{BackfillStartIncomplete500, "§8 backfills",
		"Starting (status initial) a backfill without start_datetime, end_datetime, interval_type or interval_units gives the code-500 body; nothing changes.",
		"E(400, record_invalid); nothing changes."},
	{BackfillCancelUnstarted500, "§8 backfills",
		"Cancelling a backfill that has no schedule (never started, or started without dates) sets it cancelled and then answers the code-500 body.",
		"It is cancelled and the answer is the backfill."},
	{BackfillCancelKeepsBlockRuns, "§8 backfills",
		"A backfill cancel sets its unfinished runs cancelled and leaves their block runs as they are.",
		"The block runs of the runs it cancels are cancelled too, as a run cancel does."},
	{BackfillParentIgnored, "§8 backfills",
		"The pipeline of /api/pipelines/{uuid}/backfills is not checked against the backfills: the list shows every pipeline's, and detail, update and delete act on any backfill by its id.",
		"The list shows that pipeline's backfills; another pipeline's backfill is E(404, record_not_found)."},
	{BackfillPreviewExtraDate, "§8 backfills",
		"pipeline_run_dates (include_preview_runs) holds _limit + 1 dates from _offset.",
		"At most _limit dates from _offset."},
	{SQLiteDatetimes, "§8 backfills and oauth_access_tokens",
		"A backfill's and an access token's datetimes are shown as SQLite stores them, without a zone: created_at and updated_at to the second (2026-12-01 17:29:34), the others as Python prints them (2026-12-01 17:30:30.812397). A written start_datetime or end_datetime keeps its wall-clock time and loses its zone offset.",
		"The datetime format of every other answer, in UTC; a written offset is converted to UTC."},
	{LogsOffsetIgnored, "§8 logs",
		"_offset is ignored by a pipeline's logs.",
		"_offset skips that many runs and block runs before _limit."},
	{BlockRunLogsJunk, "§8 logs",
		"GET /api/block_runs/{id}/logs iterates over the block run's one log file: five items, one per key of the file (name, path, size, modified_timestamp, content), each attribute that key's name.",
		"One summary with the block run's log file in block_run_logs."},
	{MissingLogParentEmpty, "§8 logs",
		"Logs nested under a block run, a run or a schedule that does not exist answer an empty list.",
		"E(404, record_not_found)."},
	{RunsBackfillID500, "§8 pipeline_runs",
		"A backfill_id on the runs list that is not an integer, the empty value too, goes through int(): the code-500 body.",
		"E(400, record_invalid); the empty value filters nothing."},
	{TokensShowAllZero, "§8 oauth_access_tokens",
		"show_all is true for any non-empty value other than false: show_all=0 lists the expired tokens too.",
		"show_all=0, like false and the empty value, lists the unexpired tokens only."},
	{TokensAuthOff500, "§8 oauth_access_tokens",
		"With user authentication off the token list reads the caller's id from nobody: the code-500 body.",
		"An empty list: there is no caller, so no token is the caller's."},
	{UserTokensParentIgnored, "§8 oauth_access_tokens",
		"GET /api/users/{id}/oauth_access_tokens ignores the user, even one that does not exist, and lists the caller's own tokens.",
		"The caller's own tokens under the caller's own id; under another user's id E(403, unauthorized_access), under a missing one E(404, record_not_found)."},
}

func init() { table = append(table, backfillTable...) }
