package reference_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

// verdict is how a mode answers a bad request: refused with an error envelope, refused
// with Mage's code-500 body (a fault), or accepted, because Mage takes it as valid.
type verdict struct {
	code     int
	typ      string
	fault    bool
	accepted bool
}

func refused(code int, typ string) verdict { return verdict{code: code, typ: typ} }

var (
	fault    = verdict{fault: true}
	accepted = verdict{accepted: true}
)

// Bad input in both modes: never a panic, a stack trace or a plain-text page, and a refused
// request changes no data.
var _ = Describe("Bad input (A4)", Label("errors"), func() {
	for _, mode := range reference.Compats() {
		Context("in "+string(mode), Ordered, func() {
			var c *client
			var owner session
			var snapshot func() string

			BeforeAll(func() {
				cfg := reference.DefaultConfig()
				cfg.MaxBodyBytes = 4096
				cfg.MaxValueBytes = 1024
				cfg.Compat = mode
				now := time.Now()
				cfg.Now = func() time.Time { return now } // so a refused update cannot move updated_at unseen
				c = newClient(cfg)
				owner = c.loginOwner()
				object(c.post("/api/pipelines", body("pipeline", map[string]any{"name": "kept"}), owner.as()), "pipeline")
				object(c.post("/api/pipelines/kept/pipeline_schedules", body("pipeline_schedule", map[string]any{"name": "s"}), owner.as()), "pipeline_schedule")
				object(c.post("/api/secrets", body("secret", map[string]any{"name": "kept", "value": "v"}), owner.as()), "secret")
				object(c.post("/api/pipelines/kept/blocks", body("block", map[string]any{"name": "load", "type": "data_loader"}), owner.as()), "block")
				object(c.post("/api/pipelines/kept/blocks", body("block", map[string]any{"name": "leaf", "type": "custom", "upstream_blocks": []any{"load"}}), owner.as()), "block")
				object(c.post("/api/pipelines/kept/variables", body("variable", map[string]any{"name": "env", "value": "prod"}), owner.as()), "variable")
				object(c.post("/api/pipelines/kept/backfills", body("backfill", map[string]any{"name": "bf"}), owner.as()), "backfill")
				// Everything a bad request could touch, as the owner sees it.
				snapshot = func() string {
					var b strings.Builder
					for _, path := range []string{"/api/users?_limit=1000", "/api/pipelines", "/api/pipeline_schedules?_limit=1000",
						"/api/secrets?_limit=1000", "/api/users/1", "/api/pipelines/kept", "/api/pipeline_schedules/1",
						"/api/pipelines/kept/blocks", "/api/pipelines/kept/blocks/load", "/api/pipelines/kept/variables",
						"/api/backfills", "/api/pipeline_runs", "/api/oauth_access_tokens?show_all=1"} {
						b.Write(c.get(path, owner.as()).Raw)
					}
					return b.String()
				}
			})

			big := `{"user": {"first_name": "` + strings.Repeat("x", 5000) + `"}}`
			nested := func(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }
			DescribeTable("answers with an error envelope (or Mage's answer) and a refusal changes no data",
				func(method, path, raw string, intended, mage verdict) {
					want := intended
					if mode == reference.CompatMage0979 {
						want = mage
					}
					before := snapshot()
					res := c.do(method, path, raw, owner.as(), header("Content-Type", "application/json"))
					Expect(res.Header.Get("Content-Type")).To(Equal("application/json"))
					Expect(string(res.Raw)).NotTo(ContainSubstring("goroutine"))
					switch {
					case want.accepted:
						Expect(res.Status).To(Equal(200), "body %s", res.Raw)
						Expect(res.Body).NotTo(HaveKey("error"), "body %s", res.Raw)
						return // Mage takes it as a valid request, so it may change data
					case want.fault:
						Expect(res.Status).To(Equal(200), "body %s", res.Raw)
						Expect(res.Body).To(HaveKey("url_parameters"), "body %s", res.Raw)
						Expect(res.Body["error"]).To(HaveKeyWithValue("code", BeNumerically("==", 500)))
						Expect(res.Body["error"]).NotTo(HaveKey("type"))
						Expect(res.Body["error"]).NotTo(HaveKeyWithValue("exception", "The server could not complete the request."), "a deviation, not a panic")
					default:
						expectFailure(res, want.code, want.typ)
					}
					Expect(snapshot()).To(Equal(before))
				},
				Entry("malformed JSON", "POST", "/api/pipelines", `{"pipeline": {"name": "x"`, refused(400, "record_invalid"), fault),
				Entry("a JSON array body", "POST", "/api/pipelines", `[{"pipeline": {"name": "x"}}]`, refused(400, "record_invalid"), fault),
				Entry("a JSON string body", "PUT", "/api/users/1", `"user"`, refused(400, "record_invalid"), fault),
				Entry("a wrapper that is an array", "POST", "/api/pipelines", `{"pipeline": [1]}`, refused(400, "record_invalid"), fault),
				Entry("a wrapper that is a string", "PUT", "/api/users/1", `{"user": "admin"}`, refused(400, "record_invalid"), fault),
				// Mage checks no types; the reference refuses a wrong one in every mode.
				Entry("a number for a string", "PUT", "/api/users/1", `{"user": {"first_name": 7}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a string for a list", "PUT", "/api/users/1", `{"user": {"roles_new": "1"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a fraction for an integer", "PUT", "/api/users/1", `{"user": {"roles": 1.5}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a list of the wrong items", "PUT", "/api/pipelines/kept", `{"pipeline": {"tags": [1, 2]}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("null for a string", "PUT", "/api/users/1", `{"user": {"email": null}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("an unknown attribute", "PUT", "/api/pipelines/kept", `{"pipeline": {"colour": "red"}}`, refused(400, "record_invalid"), accepted),
				Entry("an unknown attribute next to a valid one", "PUT", "/api/pipelines/kept", `{"pipeline": {"description": "d", "colour": "red"}}`, refused(400, "record_invalid"), accepted),
				Entry("a body over MaxBodyBytes", "PUT", "/api/users/1", big, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a non-integer user id", "GET", "/api/users/abc", "", refused(400, "record_invalid"), refused(404, "record_not_found")),
				Entry("a non-integer schedule id on delete", "DELETE", "/api/pipeline_schedules/1.5", "", refused(400, "record_invalid"), refused(404, "record_not_found")),
				Entry("a non-integer _limit", "GET", "/api/users?_limit=abc", "", refused(400, "record_invalid"), fault),
				Entry("a negative _limit", "GET", "/api/secrets?_limit=-1", "", refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a non-integer _offset", "GET", "/api/pipelines?_offset=x", "", refused(400, "record_invalid"), fault),
				Entry("an unknown _order_by[] key", "GET", "/api/pipelines?_order_by[]=colour", "", refused(400, "record_invalid"), accepted),
				Entry("a malformed query string", "GET", "/api/users?a=%zz", "", refused(400, "record_invalid"), accepted),
				Entry("an unknown resource", "DELETE", "/api/widgets_of_doom/1", "", refused(404, "record_not_found"), fault),
				Entry("a missing record", "PUT", "/api/users/424242", `{"user": {"first_name": "x"}}`, refused(404, "record_not_found"), refused(404, "record_not_found")),
				Entry("a missing pipeline", "DELETE", "/api/pipelines/nosuch", "", refused(404, "record_not_found"), fault),
				Entry("a bad pipeline schedule interval", "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"schedule_interval": "soon"}}`, refused(400, "record_invalid"), fault),
				Entry("a bad schedule status", "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"status": "paused"}}`, refused(400, "record_invalid"), fault),
				// A pipeline's blocks and variables.
				Entry("a block without a name", "POST", "/api/pipelines/kept/blocks", `{"block": {"type": "custom"}}`, refused(400, "record_invalid"), fault),
				Entry("a block of an unknown type", "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "w", "type": "nosuchtype"}}`, refused(400, "record_invalid"), fault),
				Entry("a block in an unknown language", "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "w", "type": "custom", "language": "cobol"}}`, refused(400, "record_invalid"), fault),
				Entry("a duplicate block", "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "Load", "type": "transformer"}}`, refused(400, "record_invalid"), fault),
				Entry("a block name with no word character", "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "$$", "type": "custom"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a control character in a block name", "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "a\u0000b", "type": "custom"}}`, refused(400, "record_invalid"), accepted),
				Entry("a string for upstream_blocks", "PUT", "/api/pipelines/kept/blocks/leaf", `{"block": {"upstream_blocks": "load"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a block content over MaxValueBytes", "POST", "/api/pipelines/kept/blocks", `{"block": {"name": "big", "type": "custom", "content": "`+strings.Repeat("x", 1025)+`"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a block renamed onto another", "PUT", "/api/pipelines/kept/blocks/leaf", `{"block": {"name": "load"}}`, refused(400, "record_invalid"), fault),
				Entry("a delete of a block with downstream blocks", "DELETE", "/api/pipelines/kept/blocks/load", "", refused(400, "record_invalid"), fault),
				Entry("a missing block", "PUT", "/api/pipelines/kept/blocks/nosuch", `{"block": {"color": "teal"}}`, refused(404, "record_not_found"), refused(400, "record_invalid")),
				Entry("an escaped slash in a block pk", "DELETE", "/api/pipelines/kept/blocks/load%2Fleaf", "", refused(404, "record_not_found"), refused(400, "record_invalid")),
				Entry("blocks of a missing pipeline", "POST", "/api/pipelines/nosuch/blocks", `{"block": {"name": "w", "type": "custom"}}`, refused(404, "record_not_found"), fault),
				Entry("blocks outside a pipeline", "POST", "/api/blocks", `{"block": {"name": "w", "type": "custom"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a variable name that is not an identifier", "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "1bad", "value": 1}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a null variable value", "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "env", "value": null}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a variable without a name", "POST", "/api/pipelines/kept/variables", `{"variable": {"value": 1}}`, refused(400, "record_invalid"), fault),
				Entry("a number for a variable name", "POST", "/api/pipelines/kept/variables", `{"variable": {"name": 1, "value": 1}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a variable value nested 40 deep", "POST", "/api/pipelines/kept/variables", `{"variable": {"name": "deep", "value": `+nested(40)+`}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a variable update without a value", "PUT", "/api/pipelines/kept/variables/env", `{"variable": {"name": "env"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a delete of a missing variable", "DELETE", "/api/pipelines/kept/variables/nosuch", "", refused(404, "record_not_found"), fault),
				Entry("a variable detail", "GET", "/api/pipelines/kept/variables/env", "", refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
				Entry("variables outside a pipeline", "POST", "/api/variables", `{"variable": {"name": "x", "value": 1}}`, refused(400, "record_invalid"), fault),
				Entry("a backfill datetime that is not one", "POST", "/api/pipelines/kept/backfills", `{"backfill": {"start_datetime": "soon"}}`, refused(400, "record_invalid"), fault),
				Entry("a backfill create without a pipeline", "POST", "/api/backfills", `{"backfill": {"name": "x"}}`, refused(400, "record_invalid"), fault),
				Entry("backfills under a schedule", "GET", "/api/pipeline_schedules/1/backfills", "", refused(400, "record_invalid"), fault),
				Entry("a backfill start without dates", "PUT", "/api/backfills/1", `{"backfill": {"status": "initial"}}`, refused(400, "record_invalid"), fault),
				Entry("a string for interval_units", "PUT", "/api/backfills/1", `{"backfill": {"interval_units": "abc"}}`, refused(400, "record_invalid"), accepted),
				Entry("a number for a backfill name", "PUT", "/api/backfills/1", `{"backfill": {"name": 5}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a non-integer backfill id", "GET", "/api/backfills/x", "", refused(400, "record_invalid"), refused(404, "record_not_found")),
				Entry("a missing backfill", "PUT", "/api/backfills/999", `{"backfill": {"name": "x"}}`, refused(404, "record_not_found"), refused(404, "record_not_found")),
				Entry("logs of a missing pipeline", "GET", "/api/pipelines/nosuch/logs", "", refused(404, "record_not_found"), fault),
				Entry("a log timestamp that is not an integer", "GET", "/api/pipelines/kept/logs?start_timestamp=x", "", refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a log create", "POST", "/api/pipelines/kept/logs", `{"log": {}}`, refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
				Entry("a token create", "POST", "/api/oauth_access_tokens", `{"oauth_access_token": {}}`, refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
				Entry("a missing token", "DELETE", "/api/oauth_access_tokens/999", "", refused(404, "record_not_found"), refused(404, "record_not_found")),
				Entry("a project create", "POST", "/api/projects", `{"project": {"uuid": "x"}}`, refused(403, "unauthorized_access"), refused(403, "unauthorized_access")),
				// Limits, in every mode: a body nested past MaxJSONDepth, a value past MaxValueBytes.
				Entry("a body nested 10,000 deep", "POST", "/api/pipelines", `{"pipeline": `+nested(10_000)+`}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("pipeline variables nested 40 deep", "PUT", "/api/pipelines/kept", `{"pipeline": {"variables": {"v": `+nested(40)+`}}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a schedule's variables nested 34 deep", "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"variables": {"v": `+nested(31)+`}}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("a value over MaxValueBytes", "PUT", "/api/pipelines/kept", `{"pipeline": {"description": "`+strings.Repeat("x", 1025)+`"}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("an object value over MaxValueBytes", "PUT", "/api/pipelines/kept", `{"pipeline": {"settings": {"k": "`+strings.Repeat("x", 1020)+`"}}}`, refused(400, "record_invalid"), refused(400, "record_invalid")),
				// What could not be read back or addressed (Mage stores it, or raises on a body that is not UTF-8).
				Entry("invalid UTF-8 in a name", "POST", "/api/secrets", "{\"secret\": {\"name\": \"s\xff\", \"value\": \"v\"}}", refused(400, "record_invalid"), fault),
				Entry("invalid UTF-8 in a first name", "PUT", "/api/users/1", "{\"user\": {\"first_name\": \"\xc3\x28\"}}", refused(400, "record_invalid"), fault),
				Entry("an unpaired surrogate escape in a name", "POST", "/api/pipelines", `{"pipeline": {"name": "p\udc00"}}`, refused(400, "record_invalid"), fault),
				Entry("NUL in a secret name", "POST", "/api/secrets", `{"secret": {"name": "s\u0000", "value": "v"}}`, refused(400, "record_invalid"), accepted),
				Entry("a secret named .", "POST", "/api/secrets", `{"secret": {"name": ".", "value": "v"}}`, refused(400, "record_invalid"), accepted),
				Entry("a secret named ..", "POST", "/api/secrets", `{"secret": {"name": "..", "value": "v"}}`, refused(400, "record_invalid"), accepted),
				Entry("a secret named ../x", "POST", "/api/secrets", `{"secret": {"name": "../x", "value": "v"}}`, refused(400, "record_invalid"), accepted),
				Entry("a line break in a pipeline name", "PUT", "/api/pipelines/kept", `{"pipeline": {"name": "kept\r\nforged"}}`, refused(400, "record_invalid"), accepted),
				Entry("an escape character in a schedule name", "PUT", "/api/pipeline_schedules/1", `{"pipeline_schedule": {"name": "\u001b[31m"}}`, refused(400, "record_invalid"), accepted),
				Entry("a username over 255 bytes", "PUT", "/api/users/1", `{"user": {"username": "`+strings.Repeat("u", 256)+`"}}`, refused(400, "record_invalid"), accepted),
				Entry("the escaped dot-dot path", "DELETE", "/api/secrets/%2E%2E", "", refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("an escaped CR LF in a pk", "DELETE", "/api/secrets/kept%0d%0aforged", "", refused(404, "record_not_found"), refused(404, "record_not_found")),
				// Requests for the server as a whole.
				Entry("GET *", "GET", "*", "", refused(400, "record_invalid"), refused(400, "record_invalid")),
				Entry("DELETE *", "DELETE", "*", "", refused(400, "record_invalid"), refused(400, "record_invalid")),
			)

			It("answers OPTIONS * like any OPTIONS", func() {
				res := c.do("OPTIONS", "*", nil)
				Expect(res.Status).To(Equal(204))
				Expect(res.Raw).To(BeEmpty())
				Expect(res.Header.Get("Access-Control-Allow-Origin")).To(Equal("*"))
			})

			It("reports bad JSON only after authentication", func() {
				expectAuthFailure(c.post("/api/pipelines", `{"broken`), "invalid_api_key")
			})

			It("answers bad JSON with _http_error_codes by the error code, or with Mage's HTTP 200 code-500 body", func() {
				res := c.do("POST", "/api/pipelines?_http_error_codes=1", `{`, owner.as())
				if mode == reference.CompatMage0979 {
					Expect(res.Status).To(Equal(200))
					Expect(res.Body).NotTo(HaveKey("status"))
					Expect(res.Body["error"]).To(HaveKeyWithValue("code", BeNumerically("==", 500)))
					return
				}
				expectError(res, 400, 400, "record_invalid")
				Expect(res.Body["status"]).To(BeNumerically("==", 400))
			})
		})
	}
})

// Bad input that Mage accepts and that costs the server its owner: each on a fresh server.
var _ = Describe("Bad input against the last owner", Label("errors", "auth"), func() {
	for _, mode := range reference.Compats() {
		DescribeTable("in "+string(mode),
			func(method, path, raw string, intended, mage verdict) {
				cfg := reference.DefaultConfig()
				cfg.Compat = mode
				c := newClient(cfg)
				owner := c.loginOwner()
				res := c.do(method, path, raw, owner.as())
				if mode == reference.CompatMage0979 {
					Expect(mage).To(Equal(accepted))
					expectSuccess(res, "user")
					return
				}
				expectFailure(res, intended.code, intended.typ)
				c.loginOwner()
				Expect(object(c.get("/api/users/1", owner.as()), "user")).To(HaveKeyWithValue("owner", true))
			},
			Entry("the last owner deletes itself", "DELETE", "/api/users/1", "", refused(400, "record_invalid"), accepted),
			Entry("the last owner demotes itself", "PUT", "/api/users/1", `{"user": {"owner": false, "roles_new": [4]}}`, refused(400, "record_invalid"), accepted),
		)
	}
})

var _ = Describe("Error envelopes (A3)", Label("errors"), Ordered, func() {
	var c *client
	var owner session

	BeforeAll(func() {
		c = newClient(reference.DefaultConfig())
		owner = c.loginOwner()
	})

	DescribeTable("_http_error_codes: any non-empty value moves the code into the HTTP status and body status",
		func(value string, moved bool) {
			res := c.get("/api/users/999?_http_error_codes="+value, owner.as())
			if moved {
				expectError(res, 404, 404, "record_not_found")
				Expect(res.Body["status"]).To(BeNumerically("==", 404))
			} else {
				expectFailure(res, 404, "record_not_found")
			}
		},
		Entry(nil, "1", true), Entry(nil, "true", true), Entry(nil, "false", true), Entry(nil, "0", true),
		Entry("empty", "", false),
	)

	It("sends the authentication failures with HTTP 401 and body status 200, or 401 with _http_error_codes", func() {
		expectAuthFailure(c.get("/api/users"), "invalid_api_key")
		res := c.get("/api/users?_http_error_codes=1")
		expectError(res, 401, 401, "invalid_api_key")
		Expect(res.Body["status"]).To(BeNumerically("==", 401))
	})

	It("has no errors key unless there are details, and details where there are", func() {
		Expect(c.get("/api/users/999", owner.as()).Body["error"]).NotTo(HaveKey("errors"))
		Expect(c.put("/api/users/1", body("user", map[string]any{"colour": 1}), owner.as()).Body["error"]).To(HaveKey("errors"))
	})

	It("gives list metadata an object and the other actions null, and never a top-level status", func() {
		for _, res := range []response{c.get("/api/users", owner.as()), c.get("/api/users/1", owner.as())} {
			Expect(res.Body).NotTo(HaveKey("status"))
			Expect(res.Body).To(HaveKey("metadata"))
		}
		Expect(c.get("/api/users/1", owner.as()).Body["metadata"]).To(BeNil())
	})
})
