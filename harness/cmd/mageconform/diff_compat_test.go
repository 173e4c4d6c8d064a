package main

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mageconform/mageconform/harness/diff"
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
var explanations = []explanation{
	{id: "unhandled-exception-body", kind: "body-status|error-type|key-extra", where: `status|error\.type|error\.errors|error\.exception|url_parameters`, values: `.* -> (\(absent\)|array|string|object)`},
	{id: "unknown-resource-500", resource: `\{name\}`, kind: "error-code", values: "404 -> 500"},
	{id: "missing-pipeline-500", resource: "pipelines", action: "detail|update|delete", kind: "error-code", values: "404 -> 500"},
	{id: "paging-500", resource: "users", action: "list", kind: "error-code", values: "400 -> 500", spec: ".*non-integer _limit.*"},
	{id: "malformed-json-500", resource: "users", action: "create", kind: "error-code", values: "400 -> 500", spec: ".*not JSON.*"},
	{id: "validation-code-200", resource: "users", action: "create", kind: "error-code", values: "400 -> 200", spec: ".*malformed email.*"},
	{id: "options-no-content-type", action: "options", kind: "content-type", values: `application/json -> \(absent\)`},
	{id: "schedule-defaults", resource: "pipeline_schedules", kind: "value-type", where: `pipeline_schedules?(\[\])?\.(settings|variables)`, values: "object -> null"},
	{id: "schedule-formats", resource: "pipeline_schedules", action: "create|delete", kind: "key-missing", where: `pipeline_schedule\.tags`},
	{id: "schedule-formats", resource: "pipeline_schedules", action: "detail|update", kind: "key-extra", where: `pipeline_schedule\.(event_matchers|next_pipeline_run_date)`},
	{id: "database-list-metadata", resource: "users|secrets|pipeline_schedules|roles", action: "list", kind: "key-missing", where: `metadata\.results`},
	{id: "pipeline-formats", resource: "pipelines", kind: "key-missing|key-extra", where: `pipelines?(\[\])?\.(extensions|schedules|variables|callbacks|conditionals|settings\.triggers)`},
	{id: "user-role-fields", kind: "value-type|list-length", where: `(session\.)?users?(\[\])?\.(roles_display|permissions)`},
	{id: "role-shapes", where: `(session\.)?users?(\[\])?\.roles_new\[\]\.(permissions|user_id|permissions\[\]\.role_id)`},
}

// notReached are the entries of the compat table that the suites' scenario never meets: the
// reference's own compat battery checks them, the diff cannot. An entry that starts or stops
// showing in the diff fails the test below until this list says so.
var notReached = []string{
	"duplicate-pipeline-500", "unnamed-pipeline-500", "schedule-without-parent-500", "schedule-values-500",
	"secret-create-checks", "user-update-validation-500", "missing-caller-500", "last-owner-unprotected",
	"owner-write-ignored", "names-unchecked", "email-pattern", "unknown-attributes-ignored", "non-object-body",
	"body-api-key-500", "form-body", "order-by-any-key", "lenient-query-string", "non-integer-pk-404",
	"bad-cookie-500", "auth-off-writes", "no-roles-auth-off", "ids-reused", "delete-shows-after",
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
