package suites

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness"
)

func must(id, section, text string) harness.Rule {
	return harness.Rule{ID: id, Level: harness.MUST, Section: section, Text: text}
}

func should(id, section, text string) harness.Rule {
	return harness.Rule{ID: id, Level: harness.SHOULD, Section: section, Text: text}
}

// Catalogue lists every rule the suites check, in spec order. MUST rules hold for the
// reference and for a real Mage server alike; SHOULD rules are the intended contract Mage
// itself breaks in places (Part B of the spec).
func Catalogue() []harness.Rule {
	return []harness.Rule{
		must("B1.envelope-shape", "B1", "Every error response MUST carry an `error` object with an integer `code`, a string `message` and a string `type`, and its HTTP status and body `status` MUST each be 200 or equal to `error.code`."),
		must("B1.http-error-codes", "B1", "With `_http_error_codes=1`, the HTTP status, the body `status` and `error.code` of an error response MUST be equal."),
		should("B1.auth-http-401", "B1", "Authentication failures SHOULD be answered with HTTP 401 and body `status` 200, as Mage does (Part A3); the HTTP 200 that Mage's documentation promises is reported, not failed."),

		must("B2.success-envelope", "B2", "A successful detail, create, update or delete MUST answer with the singular key holding an object, `metadata` null, and no top-level `error` or `status`."),
		must("B2.list-envelope", "B2", "A successful list MUST answer with the plural key holding an array, `metadata` an object, and no top-level `error` or `status`."),

		must("B3.status-open", "B3", "`GET /api/status` and `GET /api/statuses` MUST answer without a key or a token."),
		must("B3.key-header", "B3", "The API key MUST be accepted in the `X-API-KEY` header."),
		must("B3.key-query", "B3", "The API key MUST be accepted as the `api_key` query parameter on GET."),
		must("B3.key-body", "B3", "The API key MUST be accepted as `api_key` in a POST's JSON body."),
		must("B3.token-oauth-token", "B3", "The inner token T MUST be accepted in the `OAUTH-TOKEN` header."),
		must("B3.token-bearer", "B3", "The inner token T MUST be accepted as `Authorization: Bearer T`."),
		must("B3.token-cookie", "B3", "The session JWT MUST be accepted as the `oauth_token` cookie."),
		must("B3.missing-key", "B3", "A request without an API key MUST fail with type `invalid_api_key`."),
		must("B3.wrong-key", "B3", "A request with a wrong API key MUST fail with type `invalid_api_key`."),
		must("B3.garbage-token", "B3", "A request with an unknown token MUST fail with type `invalid_oauth_token`."),
		must("B3.jwt-in-header", "B3", "The session JWT sent in a header instead of the inner token MUST fail with type `invalid_oauth_token`."),
		must("B3.public-scope", "B3", "A valid API key without a token MUST get E(403, unauthorized_access) on a private resource."),
		must("B3.login", "B3", "`POST /api/sessions` with a valid email or username and password MUST answer with a session holding a JWT token and the user."),
		must("B3.bad-login", "B3", "Login with wrong, unknown or missing credentials MUST fail with E(404, record_not_found)."),
		must("B3.login-with-token", "B3", "Login while holding a valid token MUST fail with E(403, unauthorized_access)."),
		must("B3.logout", "B3", "`PUT /api/sessions/{any}` with a token MUST log out, and the token MUST then fail with type `expired_oauth_token`."),
		must("B3.deleted-user-token", "B3", "The token of a deleted user MUST fail with type `expired_oauth_token`."),
		must("B3.open-server", "B3", "With user authentication off, a request without key or token MUST be served as the owner."),
		must("B3.listed-token", "B3", "Each access token the caller's own list shows MUST authenticate as the caller; a logged-out one MUST be left out of the list unless `show_all` is asked, and then be shown."),
		must("B3.trigger-token", "B3", "A trigger route MUST create the record with the parent's token alone, without API key or session, with the variables it was sent."),
		must("B3.trigger-refused", "B3", "A trigger with a wrong token, on a parent that cannot be triggered or on a missing parent MUST create nothing."),
		should("B3.trigger-typed", "B3", "A refused trigger SHOULD be an error envelope with a 4xx code and a type, where Mage answers a code-500 envelope."),

		must("B4.create", "B4", "Create MUST answer with the record as written."),
		must("B4.derived-pk", "B4", "A pipeline's uuid MUST be derived from its name as Mage's clean_name does."),
		must("B4.nested", "B4", "A nested resource MUST be created under its parent, name the parent, and be listed under it."),
		must("B4.detail", "B4", "Detail MUST show what was written."),
		must("B4.disabled-action", "B4", "An action a resource disables MUST fail with E(403, unauthorized_access) for an existing record."),
		must("B4.list", "B4", "List MUST contain a created record."),
		must("B4.update", "B4", "Update MUST answer with the changed record, and detail MUST show the change."),
		must("B4.delete", "B4", "Delete MUST succeed and remove the record from the list, and from its parent's list where it is listed there too."),
		must("B4.nested-isolated", "B4", "A list under one parent MUST NOT show the records of another parent."),
		should("B4.nested-isolated-intended", "B4", "A list under one parent SHOULD NOT show the records of another parent, where Mage's list there shows every parent's (backfills under a pipeline)."),
		must("B4.start-preview", "B4", "Where an update starts a record that then makes others (a backfill, a pipeline run per date), detail with the preview query MUST count them in advance."),
		must("B4.start-makes", "B4", "Starting it MUST make the counted records at once, each naming it."),
		must("B4.stop-cascades", "B4", "Stopping it MUST move each record it made that has not finished to the stopped status (a backfill's runs to `cancelled`)."),
		must("B4.delete-keeps-made", "B4", "Deleting it MUST leave the records it made."),
		must("B4.foreign-parent", "B4", "A record asked for under a parent it does not belong to (`/api/{parent}/{other}/{plural}/{pk}`) MUST NOT be answered with the record."),
		should("B4.foreign-parent-intended", "B4", "A record asked for under a parent it does not belong to SHOULD NOT be answered with the record, where Mage ignores the parent (a pipeline schedule under another pipeline)."),
		should("B4.nested-missing-parent", "B4", "A list under a parent that does not exist SHOULD fail with E(404, record_not_found), where Mage answers a code-500 envelope or lists every record."),
		must("B4.run-completes", "B4", "On a target that executes runs, a run, and a started backfill with its runs, MUST reach its last status through the earlier ones, never back, with its start and end times set."),
		must("B4.linked-symmetric", "B4", "Where records link to each other within their parent (a pipeline's blocks), a record written with an upstream record MUST be shown downstream of it, and an update that removes the link MUST remove it from both records."),
		must("B4.linked-in-parent", "B4", "The parent's detail MUST show its linked records with their links (a pipeline's blocks with their upstream and downstream blocks)."),
		must("B4.linked-delete-refused", "B4", "Deleting a record another record depends on (a block with downstream blocks) MUST fail with an error envelope and leave the record in place."),
		should("B4.linked-delete-typed", "B4", "Deleting a record another record depends on SHOULD fail with E(400, record_invalid), where Mage answers a code-500 envelope."),
		must("B4.deleted-is-error", "B4", "Detail of a deleted record MUST be an error envelope (for a resource whose detail is refused to everyone, a second delete); where Mage answers `{}`, it MUST NOT show the record."),
		must("B4.deleted-not-found", "B4", "Detail of a deleted record (for a resource whose detail is refused to everyone, a second delete) MUST fail with type `record_not_found`."),
		should("B4.deleted-not-found-intended", "B4", "Detail of a deleted record (for a resource whose detail is refused to everyone, a second delete) SHOULD fail with E(404, record_not_found) where Mage answers a code-500 envelope."),

		must("B5.missing-required", "B5", "A create without a required attribute MUST fail with type `record_invalid` and create nothing."),
		should("B5.missing-required-intended", "B5", "A create without a required attribute SHOULD fail with E(400, record_invalid) where Mage answers a code-500 envelope."),
		must("B5.refused-creates-nothing", "B5", "An invalid create MUST be answered with an error envelope, and MUST leave no record behind."),
		must("B5.duplicate-email", "B5", "Creating a user with a taken email MUST fail with type `record_invalid` and create nothing."),
		must("B5.duplicate-username", "B5", "Creating a user with a taken username MUST fail with type `record_invalid` and create nothing."),
		must("B5.short-password", "B5", "Creating a user with a password under 8 characters MUST fail with type `record_invalid` and create nothing."),
		must("B5.password-mismatch", "B5", "Creating a user whose password confirmation differs MUST fail with type `record_invalid` and create nothing."),
		must("B5.invalid-email", "B5", "Creating a user with a malformed email MUST fail with type `record_invalid` and create nothing."),
		must("B5.invalid-name", "B5", "A create whose name is not an identifier, where the resource's names must be one (a pipeline variable), MUST fail with type `record_invalid` and create nothing."),
		must("B5.empty-value", "B5", "A create with a null value, where the resource holds a value (a pipeline variable), MUST fail with type `record_invalid` and create nothing."),
		should("B5.invalid-date", "B5", "A create with a date that is not one SHOULD fail with E(400, record_invalid) and create nothing, where Mage answers a code-500 envelope."),
		should("B5.duplicate-name", "B5", "A create with a name the parent's records already hold SHOULD fail with E(400, record_invalid), where Mage answers a code-500 envelope."),
		should("B5.unknown-type", "B5", "A create with a type the resource does not know SHOULD fail with E(400, record_invalid), where Mage answers a code-500 envelope."),
		should("B5.code-400", "B5", "A validation failure SHOULD carry `error.code` 400."),
		should("B5.malformed-input", "B5", "A body that is not JSON, or a non-integer `_limit`, SHOULD fail with E(400, record_invalid) and change nothing."),

		must("B6.allowed", "B6", "An action the caller's role allows MUST succeed."),
		must("B6.forbidden", "B6", "An action the caller's role does not allow MUST fail with E(403, unauthorized_access) and change nothing."),
		must("B6.own-record", "B6", "Every logged-in user MUST be able to perform the self-service actions on their own record."),
		must("B6.forbidden-attribute", "B6", "Writing an attribute outside the caller's allow-list MUST fail with E(403, unauthorized_access) and change nothing."),
		must("B6.forbidden-query", "B6", "A non-owner sending a query parameter outside the resource's query allow-list MUST get E(403, unauthorized_access)."),
		must("B6.own-records-only", "B6", "A list of the caller's own records (OAuth access tokens) MUST show the caller's alone, to every role, also with a query naming another user and under another user's route."),
		must("B6.own-records-not-made", "B6", "Records of the caller's own (OAuth access tokens) MUST NOT be made through the API: a create, even by the owner, MUST be refused with a typed client error, and the user it names MUST have no new record after it."),
		must("B6.existence-first", "B6", "Detail, update and delete of a missing record MUST fail with type `record_not_found` even for a role not allowed the action."),
		should("B6.existence-first-intended", "B6", "A missing record SHOULD be E(404, record_not_found) for every role where Mage answers a code-500 envelope."),

		must("B7.no-sensitive", "B7", "No response MUST carry a password attribute, a secret's value, or a value written as such."),
		must("B7.tokens-listed-only", "B7", "No answer MUST carry the token of another of the run's sessions, except the list of the caller's own access tokens."),
		must("B7.list-keys", "B7", "List items MUST carry the presenter's attributes (exactly those, where the presenter is fixed)."),
		must("B7.detail-keys", "B7", "Detail MUST carry the presenter's detail attributes."),
		must("B7.project-per-caller", "B7", "`GET /api/projects` MUST show a caller with a session the project with its `version` and `features`, and a caller with only the API key the project's `features` alone."),
		must("B7.summary", "B7", "A summary list (a pipeline's logs) MUST be one item with the summary's attributes that counts the records it summarises and gives each its entries."),
		must("B7.formats", "B7", "Under each `_format` a presenter offers, list items and detail MUST carry exactly that format's attributes."),

		must("B8.paging", "B8", "`_limit=n` MUST give at most n items, and paging with `_limit` and `_offset` MUST visit every record exactly once."),
		must("B8.count", "B8", "`metadata.count` MUST be the total number of records, whatever the page."),
		must("B8.next", "B8", "`metadata.next` MUST be true while records remain beyond the page and false on the last page."),
		must("B8.offset-beyond-end", "B8", "An `_offset` beyond the end MUST give an empty page, `next` false and an unchanged `count`."),
		must("B8.beyond-cap", "B8", "A `_limit` of 101, past the 100 many servers cap it at, MUST be honoured: a page holds 101 records, and paging with it visits every record once."),
		must("B8.default-page", "B8", "A database-backed list without `_limit` MUST give at most its default page size, with `next` telling whether more remain."),

		should("B9.content-type", "B9", "Every API response SHOULD carry `Content-Type: application/json`."),
		should("B9.cors", "B9", "Every API response SHOULD carry the CORS headers Mage sends."),
		should("B9.options", "B9", "`OPTIONS` on an API path SHOULD be answered 204 with an empty body, without a key."),

		should("B10.unknown-resource", "B10", "An unknown resource SHOULD fail with E(404, record_not_found)."),
	}
}

// rule finds a rule by id; an unknown id is a bug in the suites.
func rule(id string) harness.Rule {
	for _, r := range Catalogue() {
		if r.ID == id {
			return r
		}
	}
	panic(fmt.Sprintf("suites: rule %q is not in the catalogue", id))
}

// rules labels a spec with each rule id and level it checks.
func rules(ids ...string) Labels {
	var out Labels
	for _, id := range ids {
		out = append(out, rule(id).Labels()...)
	}
	return out
}

// check runs one rule's assertions with its level's semantics (SHOULD only reports unless
// strict). In strict mode a failed SHOULD rule is reported at once but fails the spec only at
// its end, so it never keeps the spec's later checks, MUST ones above all, from being judged.
func check(id string, assertions func(g Gomega)) {
	GinkgoHelper()
	r := rule(id)
	if r.Level != harness.SHOULD || !env().cfg.Strict {
		harness.Verify(r, env().cfg.Strict, assertions)
		return
	}
	held := false
	harness.Verify(r, false, func(g Gomega) {
		assertions(g)
		held = true
	})
	if !held {
		current.strictShould = append(current.strictShould, id)
	}
}

// failStrictShoulds fails the spec, at its end, for the SHOULD rules it broke in strict mode.
func failStrictShoulds() {
	if ids := current.strictShould; len(ids) > 0 {
		Fail(fmt.Sprintf("strict mode: SHOULD rule %s did not hold (the reasons are in the spec's should-violation entries)", strings.Join(ids, ", ")))
	}
}
