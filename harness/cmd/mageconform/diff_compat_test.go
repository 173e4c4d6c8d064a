package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/diff"
	"github.com/mageconform/mageconform/reference"
)

// explanation says which differences between `intended` and `mage-0.9.79` one entry of the
// compat table accounts for. Every field is a regular expression over the group (anchored;
// "" matches anything); values is "baseline -> target", the baseline being intended.
type explanation struct {
	id                            string
	resource, action, kind, where string
	values, spec                  string
}

// explanations is the diff's reading of the compat table: which entry explains what the suites'
// scenario shows between the two modes.
var explanations = slices.Concat(
	codeFiveHundred("unknown-resource-500", `\{name\}`, "", "404", ""),
	codeFiveHundred("missing-pipeline-500", "pipelines", "detail|update|delete", "404", ""),
	codeFiveHundred("missing-pipeline-500", "pipeline_schedules", "list", "404", ".*under a missing pipeline.*"),
	codeFiveHundred("paging-500", "users", "list", "400", ".*non-integer _limit.*"),
	codeFiveHundred("malformed-json-500", "users", "create", "400", ".*not JSON.*"),
	codeFiveHundred("secret-create-checks", "secrets", "create", "400", ".*secret without.*"),
	codeFiveHundred("trigger-errors-500", "pipeline_runs|api_trigger", "create", "401|400|404", ".*refuses a trigger.*"),
	codeFiveHundred("missing-pipeline-500", "blocks", "list", "404", ".*under a missing pipeline.*"),
	codeFiveHundred("unnamed-block-500", "blocks", "create", "400", ".*block without.*"),
	codeFiveHundred("duplicate-block-500", "blocks", "create", "400", ".*a name the pipeline's blocks already have.*"),
	codeFiveHundred("unknown-block-type-500", "blocks", "create", "400", ".*a type no block has.*"),
	codeFiveHundred("block-delete-downstream-500", "blocks", "delete", "400", ".*another one depends on.*"),
	codeFiveHundred("missing-pipeline-500", "variables", "list", "404", ".*under a missing pipeline.*"),
	codeFiveHundred("missing-pipeline-500", "backfills", "list", "404", ".*under a missing pipeline.*"),
	codeFiveHundred("backfill-datetime-500", "backfills", "create", "400", ".*start that is not a date.*"),
	codeFiveHundred("unnamed-variable-500", "variables", "create", "400", ".*variable without.*"),
	codeFiveHundred("missing-variable-delete-500", "variables", "delete", "404", ".*after which delete is.*"),
	// sample names, not the catalogue: the resources where each entry shows
	[]explanation{
		{id: "validation-code-200", resource: "users", action: "create", kind: "error-code", values: "400 -> 200", spec: ".*malformed email.*"},
		{id: "options-no-content-type", action: "options", kind: "content-type", values: `application/json -> \(absent\)`},
		{id: "schedule-defaults", resource: "pipeline_schedules", kind: "value-type", where: `pipeline_schedules?(\[\])?\.(settings|variables)`, values: "object -> null"},
		{id: "schedule-formats", resource: "pipeline_schedules", action: "create|delete", kind: "key-missing", where: `pipeline_schedule\.tags`},
		{id: "schedule-formats", resource: "pipeline_schedules", action: "detail|update", kind: "key-extra", where: `pipeline_schedule\.(event_matchers|next_pipeline_run_date)`},
		{id: "database-list-metadata", resource: "users|secrets|pipeline_schedules|roles", action: "list", kind: "key-missing", where: `metadata\.results`},
		{id: "pipeline-formats", resource: "pipelines", kind: "key-missing|key-extra", where: `pipelines?(\[\])?\.(extensions|schedules|variables|callbacks|conditionals|settings\.triggers)`},
		{id: "user-role-fields", kind: "value-type|list-length", where: `(session\.)?users?(\[\])?\.(roles_display|permissions)`},
		// A permission without role_id everywhere: in mage-0.9.79 a user's permissions list is
		// empty (user-role-fields), so only the entry alone shows it there.
		{id: "role-shapes", where: `(session\.)?users?(\[\])?\.(roles_new\[\]\.(permissions|user_id|permissions\[\]\.role_id)|permissions\[\]\.role_id)`},
		{id: "permission-detail-keys", resource: "users|roles", action: "detail", kind: "key-extra", where: `(user\.roles_new\[\]|role)\.permissions\[\]\.(conditions|query_attributes|read_attributes|write_attributes)`, values: `\(absent\) -> null`},
		{id: "schedule-next-run-date", resource: "pipeline_schedules", kind: "value-type", where: `pipeline_schedules?(\[\])?\.next_pipeline_run_date`, values: "null -> string"},
		{id: "schedule-run-counts-null", resource: "pipeline_schedules", action: "list", kind: "value-type", where: `pipeline_schedules\[\]\.pipeline_(in_progress_)?runs_count`, values: "number -> null"},
		{id: "pipeline-variables-dir", resource: "pipelines", kind: "value-type", where: `pipelines?(\[\])?\.variables_dir`, values: "null -> string"},
		{id: "deleted-pipeline-updated-at-null", resource: "pipelines", action: "delete", kind: "value-type", where: `pipeline\.updated_at`, values: "string -> null"},
		{id: "trigger-legacy-envelope", resource: "api_trigger|pipeline_runs", action: "create", kind: "key-missing", where: "metadata", values: `null -> \(absent\)`},
		{id: "missing-run-parent-lists-all", resource: "pipeline_runs|block_runs", action: "list", kind: "envelope", values: "error -> success", spec: ".*under a missing.*"},
		// The intended refusal lists what is wrong per attribute; the code-500 body, stack lines.
		{id: "unnamed-block-500", resource: "blocks", action: "create", kind: "value-type", where: `error\.errors`, values: "object -> array", spec: ".*block without.*"},
		{id: "duplicate-block-500", resource: "blocks", action: "create", kind: "value-type", where: `error\.errors`, values: "object -> array", spec: ".*a name the pipeline's blocks already have.*"},
		{id: "unknown-block-type-500", resource: "blocks", action: "create", kind: "value-type", where: `error\.errors`, values: "object -> array", spec: ".*a type no block has.*"},
		{id: "block-delete-downstream-500", resource: "blocks", action: "delete", kind: "value-type", where: `error\.errors`, values: "object -> array", spec: ".*another one depends on.*"},
		{id: "unnamed-variable-500", resource: "variables", action: "create", kind: "value-type", where: `error\.errors`, values: "object -> array", spec: ".*variable without.*"},
		// A missing variable is looked up by neither an update nor a delete: the policy refuses first.
		{id: "variable-update-by-name", resource: "variables", action: "update", kind: "error-code", values: "404 -> 403"},
		{id: "variable-update-by-name", resource: "variables", action: "update", kind: "error-type", values: `"record_not_found" -> "unauthorized_access"`},
		{id: "missing-variable-delete-500", resource: "variables", action: "delete", kind: "error-code", values: "404 -> 403", spec: ".*viewer delete of a missing.*"},
		{id: "missing-variable-delete-500", resource: "variables", action: "delete", kind: "error-type", values: `"record_not_found" -> "unauthorized_access"`, spec: ".*viewer delete of a missing.*"},
		{id: "variable-delete-nulls", resource: "variables", action: "delete", kind: "value-type", where: `variable\.(block|pipeline|value|variables)`, values: "(object|string|array|number) -> null"},
		{id: "backfill-datetime-500", resource: "backfills", action: "create", kind: "value-type", where: `error\.errors`, values: "object -> array", spec: ".*start that is not a date.*"},
		{id: "backfill-parent-ignored", resource: "backfills", action: "detail", kind: "envelope", values: "error -> success", spec: ".*not answered under another.*"},
		// Another pipeline's backfill is listed, so the walk that looks for it stops sooner.
		{id: "backfill-parent-ignored", resource: "backfills", action: "list", kind: "divergence|list-length|metadata", spec: ".*not listed under another.*"},
		{id: "user-tokens-parent-ignored", resource: "oauth_access_tokens", action: "list", kind: "envelope", values: "error -> success", spec: ".*sees its own alone.*"},
		{id: "schedule-parent-ignored", resource: "pipeline_schedules", action: "detail", kind: "envelope", values: "error -> success", spec: ".*not answered under another.*"},
		{id: "trigger-route-405", resource: "pipeline_runs", action: "detail", kind: "envelope", values: "error -> not JSON", spec: ".*not answered under another.*"},
		{id: "trigger-route-405", resource: "pipeline_runs", action: "detail", kind: "http-status", values: "200 -> 405", spec: ".*not answered under another.*"},
		{id: "pipeline-block-details", resource: "pipelines", action: "detail", kind: "key-extra", where: `pipeline\.blocks\[\]\.(callback_blocks|conditional_blocks|content|metadata|outputs|tags)`},
		{id: "nested-block-runs-schedule-null", resource: "block_runs", action: "list", kind: "value-type", where: `block_runs\[\]\.pipeline_schedule_(id|name)`, values: "(number|string) -> null"},
		{id: "missing-block-400", resource: "blocks", action: "detail|update|delete", kind: "error-code", values: "404 -> 400"},
		{id: "missing-block-400", resource: "blocks", action: "detail|update|delete", kind: "error-type", values: `"record_not_found" -> "record_invalid"`},
		{id: "scheduler-running", resource: "status|statuses", action: "list", kind: "value-type", where: `statuses\[\]\.scheduler_process_id`, values: "null -> number"},
	},
)

// codeFiveHundred explains an entry whose answer is the code-500 body where intended answers
// an error envelope with one of the given codes: error.code becomes 500, and the body is the
// code-500 body (Part C §3.4: HTTP 200, no top-level status, no error.type; error.errors,
// error.exception and url_parameters added).
func codeFiveHundred(id, resource, action, intendedCodes, spec string) []explanation {
	return []explanation{
		{id: id, resource: resource, action: action, spec: spec, kind: "error-code", values: "(" + intendedCodes + ") -> 500"},
		{id: id, resource: resource, action: action, spec: spec, kind: "http-status", values: "(" + intendedCodes + ") -> 200"},
		{id: id, resource: resource, action: action, spec: spec, kind: "body-status|error-type|key-extra",
			where: `status|error\.type|error\.errors|error\.exception|url_parameters`, values: `.* -> (\(absent\)|array|string|object)`},
	}
}

// notReached are the entries of the compat table that the suites' scenario never meets: the
// reference's own compat battery checks them, the diff cannot. An entry that starts or stops
// showing in the diff fails the test below until this list says so.
var notReached = []string{
	"unhandled-exception-body", // no request makes the reference itself fail: each code-500 body is another entry's
	"duplicate-pipeline-500", "unnamed-pipeline-500", "schedule-without-parent-500", "schedule-values-500",
	"user-update-validation-500", "missing-caller-500", "last-owner-unprotected",
	"owner-write-ignored", "names-unchecked", "email-pattern", "unknown-attributes-ignored", "non-object-body",
	"body-api-key-500", "form-body", "order-by-any-key", "lenient-query-string", "non-integer-pk-404",
	"bad-cookie-500", "auth-off-writes", "no-roles-auth-off", "ids-reused", "delete-shows-after",
	"run-create-parent-500", "run-create-unknown-attribute-500", "runs-under-pipeline-500",
	"run-order-by-500",
	"block-run-list-dates", // a datetime's format: values are compared by JSON type only
	"block-rename-file-path", "variables-without-pipeline-500",
	"project-mage-version", // read once per process by the harness's own setup, which the diff does not pair
	// backfills, logs and OAuth access tokens: what the suites do not ask (they never store bad
	// values, start an unplanned backfill, cancel one never started, preview dates, page logs,
	// ask under a missing run, send show_all=0 or an empty backfill_id, or list tokens with
	// authentication off); a backfill's runs have no block runs (its pipeline has no blocks)
	"backfill-without-pipeline-500", "backfill-bad-values-stored", "backfill-start-incomplete-500",
	"backfill-cancel-unstarted-500", "backfill-cancel-keeps-block-runs", "backfill-preview-extra-date",
	"logs-offset-ignored", "block-run-logs-junk", "missing-log-parent-empty", "tokens-show-all-zero",
	"runs-backfill-id-500", "tokens-auth-off-500",
	"sqlite-datetimes", // a datetime's format: values are compared by JSON type only
}

// mergedWith are entries whose differences, in the diff of the two modes, fall in the groups of
// another entry (the same resource, action, kind and values; a group keeps one example): the
// diff shows them as that entry's, and each alone shows its own
// (TestDiffOfEachCompatEntryAloneIsWhatItExplains).
var mergedWith = map[string]string{
	"duplicate-block-500":    "unnamed-block-500",
	"unknown-block-type-500": "unnamed-block-500",
}

func (e explanation) explains(g diff.Group) bool {
	for _, m := range [][2]string{{e.resource, g.Resource}, {e.action, g.Action}, {e.kind, g.Kind}, {e.where, g.Where},
		{e.values, g.Baseline + " -> " + g.Target}, {e.spec, g.Example.Spec}} {
		if m[0] != "" && !regexp.MustCompile("^(?:"+m[0]+")$").MatchString(m[1]) {
			return false
		}
	}
	return true
}

// compatTableIDs reads the ids of the compat table from the README, where a test of
// reference/internal/compat keeps it equal to the table in the code.
func compatTableIDs(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(data), "<!-- compat table:")
	table, _, _ = strings.Cut(table, "<!-- end of compat table -->")
	var ids []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9.-]+)` \\|").FindAllStringSubmatch(table, -1) {
		ids = append(ids, m[1])
	}
	if len(ids) == 0 {
		t.Fatal("no compat table in README.md")
	}
	return ids
}

// intended against mage-0.9.79 shows the compat table, no more and no fewer: every difference
// is explained by an entry, every entry the scenario meets explains some difference, and the
// entries it never meets are the ones notReached names. mage-0.9.79 against itself is empty
// (TestDiffOfTheReferenceAgainstItselfIsEmpty). Both user authentication settings, since some
// entries differ only with it off.
func TestDiffOfTheTwoModesIsTheCompatTable(t *testing.T) {
	table := compatTableIDs(t)
	for _, e := range explanations {
		if !slices.Contains(table, e.id) {
			t.Errorf("explanation %q is no entry of the compat table", e.id)
		}
	}
	shown := map[string]bool{}
	for _, auth := range []string{"on", "off"} {
		res, d, _ := runDiff(t, nil, "--baseline-compat", "intended", "--target-compat", "mage-0.9.79", "--user-auth", auth, "--seed", "17")
		wantExit(t, res, 1)
		for _, g := range d.Groups {
			i := slices.IndexFunc(explanations, func(e explanation) bool { return e.explains(g) })
			if i < 0 {
				t.Errorf("auth %s: no compat entry explains %s × %s %s %s: %s -> %s (%s)", auth, g.Resource, g.Action, g.Kind, g.Where, g.Baseline, g.Target, g.Example.Spec)
				continue
			}
			shown[explanations[i].id] = true
		}
	}
	for id, with := range mergedWith {
		shown[id] = shown[with]
	}
	var missing, unexpected []string
	for _, id := range table {
		switch {
		case !shown[id] && !slices.Contains(notReached, id):
			missing = append(missing, id)
		case shown[id] && slices.Contains(notReached, id):
			unexpected = append(unexpected, id)
		}
	}
	for _, e := range explanations {
		if !shown[e.id] && !slices.Contains(missing, e.id) {
			missing = append(missing, e.id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("compat entries the diff does not show (move them to notReached, or find why): %v", missing)
	}
	if len(unexpected) > 0 {
		t.Errorf("compat entries the diff shows although notReached lists them: %v", unexpected)
	}
	for _, id := range notReached {
		if !slices.Contains(table, id) {
			t.Errorf("notReached names %q, which is no entry of the compat table", id)
		}
	}
}

// referenceBinary is mage-reference, built once next to the CLI the tests run.
var referenceBinary = sync.OnceValues(func() (string, error) {
	path := filepath.Join(filepath.Dir(binary), "mage-reference")
	build := exec.Command("go", "build", "-o", path, "../../../reference/cmd/mage-reference")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building mage-reference: %v\n%s", err, out)
	}
	return path, nil
})

// deviationServer serves the reference with the given entries of the compat table and no
// others (mage-reference --deviations) and returns its URL and how to stop it (at the latest
// when the test ends). A process of its own, so that the server is not the test binary's,
// which may be built with -race.
func deviationServer(t *testing.T, auth string, ids ...string) (string, func()) {
	t.Helper()
	path, err := referenceBinary()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--addr", "127.0.0.1:0", "--require-user-authentication=" + strconv.FormatBool(auth == "on")}
	if len(ids) > 0 {
		args = append(args, "--deviations", strings.Join(ids, ","))
	}
	cmd := exec.Command(path, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := sync.OnceFunc(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	t.Cleanup(stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		t.Fatalf("mage-reference %v: %q, %v", args, line, err)
	}
	return url, stop
}

// playScenario plays the scenario against url as one side of a diff does (the CLI running
// the suites, with its exchange log) and returns the log's path.
func playScenario(t *testing.T, name, url, auth string) string {
	t.Helper()
	keys := map[string]string{harness.EnvTargetURL: url, harness.EnvUserAuth: auth, harness.EnvSeed: "17"}
	cfg, err := harness.ConfigFromKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	envFile := filepath.Join(work, "empty.env")
	if err := os.WriteFile(envFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := &side{name: name, keys: keys, cfg: cfg}
	if err := s.play(binary, work, envFile, "", nil); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(work, name+".jsonl")
}

func loadRun(t *testing.T, path string) *diff.Run {
	t.Helper()
	run, err := diff.LoadRun(path)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// Each entry alone: intended against intended plus that one entry shows at least one
// difference, and only differences that entry's explanations account for, with user
// authentication on and off. So the explanations of an entry hide nothing another entry does,
// no entry changes more than its explanations say, and the one-to-one reading of the table by
// TestDiffOfTheTwoModesIsTheCompatTable holds entry by entry. The intended run is played once
// per setting and compared with each entry's run, as the diff compares its two sides (while
// the next entry's run plays). The entries of notReached are the battery's to check
// (reference/compat_test.go).
func TestDiffOfEachCompatEntryAloneIsWhatItExplains(t *testing.T) {
	start := time.Now()
	var ids []string
	for _, id := range reference.Deviations() {
		if !slices.Contains(notReached, id) {
			ids = append(ids, id)
		}
	}
	shown := map[string]int{}
	var comparing sync.WaitGroup
	for _, auth := range []string{"on", "off"} {
		url, stop := deviationServer(t, auth)
		intended := loadRun(t, playScenario(t, "intended", url, auth))
		stop()
		for _, id := range ids {
			url, stop := deviationServer(t, auth, id)
			path := playScenario(t, id, url, auth)
			stop()
			comparing.Wait() // the intended run is compared with one entry's at a time
			comparing.Go(func() {
				run, err := diff.LoadRun(path)
				if err != nil {
					t.Error(err)
					return
				}
				d := diff.Compare(intended, run, diff.Side{Name: "intended"}, diff.Side{Name: "intended + " + id})
				for _, g := range d.Groups {
					if !slices.ContainsFunc(explanations, func(e explanation) bool { return e.id == id && e.explains(g) }) {
						t.Errorf("auth %s: %s alone shows what its explanations do not: %s × %s %s %s: %s -> %s (%s)",
							auth, id, g.Resource, g.Action, g.Kind, g.Where, g.Baseline, g.Target, g.Example.Spec)
					}
				}
				if d.Compared < 300 {
					t.Errorf("auth %s, %s: only %d exchange pairs compared", auth, id, d.Compared)
				}
				shown[id] += len(d.Groups)
			})
		}
		comparing.Wait()
	}
	for _, id := range ids {
		if shown[id] == 0 {
			t.Errorf("%s alone shows no difference with authentication on or off: the scenario does not reach it on its own (list it in notReached)", id)
		}
	}
	t.Logf("%d entries alone, each with authentication on and off: %s", len(ids), time.Since(start).Round(time.Millisecond))
}
