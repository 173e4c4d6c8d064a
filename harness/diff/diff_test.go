package diff

import (
	"strings"
	"testing"
)

// ex is a logged exchange of spec "s" at position i.
func ex(i int, method, url string, status int, body string) Exchange {
	return Exchange{Spec: "s", Location: "/x/suites/crud.go:10", Index: i, Method: method, URL: url, Status: status,
		RespHeader: map[string][]string{"Content-Type": {"application/json"}}, RespBody: body,
		Curl: "curl " + url}
}

func runOf(exchanges ...Exchange) *Run {
	r := newRun()
	for _, e := range exchanges {
		r.add(e)
	}
	r.finish()
	return r
}

func TestRequestsPairWhateverTheirNamesIdsAndQueryOrder(t *testing.T) {
	a := requestOf(Exchange{Method: "GET", URL: "http://127.0.0.1:1/api/pipelines/mcabc1231_x9_1_cat_blue/pipeline_schedules/12?_offset=2&_limit=2&q=mcabc1231_x9_2_dog"})
	b := requestOf(Exchange{Method: "GET", URL: "http://h:2/api/pipelines/mczzz9991_k2_1_owl_red/pipeline_schedules/7?_limit=2&q=mczzz9991_k2_2_emu&_offset=2"})
	if a != b {
		t.Errorf("one request, two forms: %q and %q", a, b)
	}
	if want := "GET /api/pipelines/{name}/pipeline_schedules/{id}?_limit={n}&_offset={n}&q={name}"; a != want {
		t.Errorf("requestOf = %q, want %q", a, want)
	}
	// A schedule's trigger token in a path is a value of the run, like an id.
	t1 := requestOf(Exchange{Method: "POST", URL: "http://h:1/api/pipeline_schedules/3/pipeline_runs/ae57c0de7ac4ca879a9b832511050759"})
	t2 := requestOf(Exchange{Method: "POST", URL: "http://h:2/api/pipeline_schedules/9/pipeline_runs/5d18d4f7ed79b15b1b3255d36a72aa01"})
	if want := "POST /api/pipeline_schedules/{id}/pipeline_runs/{token}"; t1 != want || t2 != want {
		t.Errorf("trigger routes: %q and %q, want %q", t1, t2, want)
	}
	for _, other := range []Exchange{
		{Method: "PUT", URL: "http://h:2/api/pipelines/mczzz9991_k2_1_owl_red/pipeline_schedules/7?_limit=2&q=mczzz9991_k2_2_emu&_offset=2"},
		{Method: "GET", URL: "http://h:2/api/pipelines/mczzz9991_k2_1_owl_red/pipeline_schedules/7?_limit=abc&q=mczzz9991_k2_2_emu&_offset=2"},
		{Method: "GET", URL: "http://h:2/api/pipelines/mczzz9991_k2_1_owl_red/pipeline_schedules?_limit=2&q=mczzz9991_k2_2_emu&_offset=2"},
	} {
		if requestOf(other) == a {
			t.Errorf("%s %s pairs with %s", other.Method, other.URL, a)
		}
	}
	// sample names, not the catalogue: requests and the resource × action each is filed under
	for _, c := range []struct{ req, resource, action string }{
		{"GET /api/users", "users", "list"}, {"GET /api/users/{id}", "users", "detail"},
		{"POST /api/pipelines/{name}/pipeline_schedules", "pipeline_schedules", "create"},
		{"PUT /api/pipeline_schedules/{id}", "pipeline_schedules", "update"},
		{"DELETE /api/secrets/{name}", "secrets", "delete"}, {"OPTIONS /api/users", "users", "options"},
		{"GET /healthz", "(other)", "get"},
	} {
		if r, a := route(c.req); r != c.resource || a != c.action {
			t.Errorf("route(%q) = %s × %s, want %s × %s", c.req, r, a, c.resource, c.action)
		}
	}
}

// Values that differ by nature: ids, tokens, timestamps, generated names, message texts.
func TestValuesThatDifferByNatureAreNoDifference(t *testing.T) {
	b := ex(0, "POST", "http://a:1/api/users", 200, `{"user": {"id": 3, "email": "mcabc1231_q_1_cat@example.com", "token": "<redacted:TOKEN>", "created_at": "2026-01-01 10:00:00"}, "metadata": {"count": 1}}`)
	tg := ex(0, "POST", "http://b:2/api/users", 200, `{"user": {"id": 917, "email": "mczzz9991_k_1_owl@example.com", "token": "<redacted:TOKEN_2>", "created_at": "2031-12-31T23:59:59Z"}, "metadata": {"count": 1}}`)
	if got := compareExchange(b, tg, runOf(b), runOf(tg), "users"); len(got) != 0 {
		t.Errorf("differences found: %v", got)
	}
	be := ex(0, "GET", "http://a:1/api/users/3", 404, `{"error": {"code": 404, "type": "record_not_found", "message": "User 3 not found."}, "status": 404}`)
	te := ex(0, "GET", "http://b:2/api/users/9", 404, `{"error": {"code": 404, "type": "record_not_found", "message": "Nope."}, "status": 404}`)
	if got := compareExchange(be, te, runOf(be), runOf(te), "users"); len(got) != 0 {
		t.Errorf("message texts compared: %v", got)
	}
}

func TestEachComparedPropertyIsFoundAndNamed(t *testing.T) {
	base := `{"users": [{"id": 1, "email": "e", "roles": [1]}], "metadata": {"count": 1, "next": false}}`
	for _, c := range []struct {
		name, body string
		status     int
		ctype      string
		want       Finding
	}{
		{"status", base, 500, "application/json", Finding{KindHTTPStatus, "", "200", "500"}},
		{"content type", base, 200, "text/html", Finding{KindContentType, "", "application/json", "text/html"}},
		{"envelope", `{"error": {"code": 400, "type": "record_invalid"}}`, 200, "application/json", Finding{KindEnvelope, "", "success", "error"}},
		{"not JSON", `<html>`, 200, "application/json", Finding{KindEnvelope, "", "success", "not JSON"}},
		{"key missing", `{"users": [{"id": 1, "roles": [1]}], "metadata": {"count": 1, "next": false}}`, 200, "application/json", Finding{KindKeyMissing, "users[].email", "string", absent}},
		{"key extra", `{"users": [{"id": 1, "email": "e", "roles": [1], "x": null}], "metadata": {"count": 1, "next": false}}`, 200, "application/json", Finding{KindKeyExtra, "users[].x", absent, "null"}},
		{"type", `{"users": [{"id": "1", "email": "e", "roles": [1]}], "metadata": {"count": 1, "next": false}}`, 200, "application/json", Finding{KindValueType, "users[].id", "number", "string"}},
		{"list length", `{"users": [{"id": 1, "email": "e", "roles": [1, 2]}], "metadata": {"count": 1, "next": false}}`, 200, "application/json", Finding{KindListLength, "users[].roles", "1", "2"}},
		{"metadata", `{"users": [{"id": 1, "email": "e", "roles": [1]}], "metadata": {"count": 1, "next": true}}`, 200, "application/json", Finding{KindMetadata, "metadata.next", "false", "true"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := ex(0, "GET", "http://a:1/api/users", 200, base)
			tg := ex(0, "GET", "http://b:1/api/users", c.status, c.body)
			tg.RespHeader = map[string][]string{"Content-Type": {c.ctype + "; charset=utf-8"}}
			got := compareExchange(b, tg, runOf(b), runOf(tg), "users")
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("got %v, want exactly %v", got, c.want)
			}
		})
	}
}

func TestErrorCodeTypeAndBodyStatusAreComparedByValue(t *testing.T) {
	b := ex(0, "GET", "http://a:1/api/pipelines/mcabc1231_q_1_cat", 200, `{"error": {"code": 404, "type": "record_not_found", "message": "m"}, "status": 200}`)
	tg := ex(0, "GET", "http://b:1/api/pipelines/mczzz9991_k_1_owl", 200, `{"error": {"code": 500, "message": "m", "errors": ["x"]}, "url_parameters": {}}`)
	got := compareExchange(b, tg, runOf(b), runOf(tg), "users")
	want := map[Finding]bool{
		{KindBodyStatus, "status", "200", absent}:                   true,
		{KindErrorCode, "error.code", "404", "500"}:                 true,
		{KindErrorType, "error.type", `"record_not_found"`, absent}: true,
		{KindKeyExtra, "error.errors", absent, "array"}:             true,
		{KindKeyExtra, "url_parameters", absent, "object"}:          true,
	}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, f := range got {
		if !want[f] {
			t.Errorf("unexpected %v", f)
		}
	}
}

// Records of other runs sharing a server are not the server's behaviour.
func TestOtherRunsRecordsInListsAreLeftOut(t *testing.T) {
	b := ex(0, "GET", "http://a:1/api/secrets?q=mcabc1231_q_1_cat", 200, `{"secrets": [{"name": "mcabc1231_q_1_cat"}], "metadata": {"count": 1}}`)
	tg := ex(0, "GET", "http://b:1/api/secrets?q=mczzz9991_k_1_owl", 200, `{"secrets": [{"name": "mczzz9991_k_1_owl"}, {"name": "mcqqqqqq1_z_3_emu", "extra": 1}], "metadata": {"count": 1}}`)
	if res := Compare(runOf(b), runOf(tg), Side{}, Side{}); res.Differences() != 0 {
		t.Errorf("another run's record compared: %+v", res.Groups)
	}
}

// A record one server held before the run and the other did not (a new Mage project's
// example_pipeline) is state: set aside, named, and not counted. One both servers hold is
// compared like any other.
func TestRecordsOnlyOneServerHeldBeforeTheRunAreSetAside(t *testing.T) {
	b := ex(0, "GET", "http://a:1/api/pipelines?_limit=2", 200, `{"pipelines": [{"uuid": "mcabc1231_q_1_cat"}, {"uuid": "shared", "blocks": []}], "metadata": {"count": 2, "results": 2}}`)
	tg := ex(0, "GET", "http://b:1/api/pipelines?_limit=2", 200, `{"pipelines": [{"uuid": "example_pipeline", "blocks": [1, 2, 3], "x": null}, {"uuid": "mczzz9991_k_1_owl"}, {"uuid": "shared", "blocks": []}], "metadata": {"count": 3, "results": 3}}`)
	res := Compare(runOf(b), runOf(tg), Side{}, Side{})
	if res.Differences() != 0 || len(res.Target.SetAside) != 1 || res.Target.SetAside[0] != "pipelines: uuid=example_pipeline" || res.Baseline.SetAside != nil {
		t.Errorf("groups %+v, set aside %v / %v", res.Groups, res.Baseline.SetAside, res.Target.SetAside)
	}
	// Pages shift around the record set aside: the next page holds another of the run's.
	b2 := ex(1, "GET", "http://a:1/api/pipelines?_limit=2&_offset=2", 200, `{"pipelines": [{"uuid": "mcabc1231_q_2_dog"}], "metadata": {"count": 3, "results": 1}}`)
	t2 := ex(1, "GET", "http://b:1/api/pipelines?_limit=2&_offset=2", 200, `{"pipelines": [{"uuid": "mczzz9991_k_2_emu"}, {"uuid": "mczzz9991_k_3_yak"}], "metadata": {"count": 4, "results": 2}}`)
	res = Compare(runOf(b, b2), runOf(tg, t2), Side{}, Side{})
	if res.Differences() != 0 {
		t.Errorf("pages that shift around a record set aside: %+v", res.Groups)
	}
	t2.RespBody = `{"pipelines": [{"uuid": "mczzz9991_k_2_emu"}, {"uuid": "mczzz9991_k_3_yak"}], "metadata": {"count": 5, "results": 2}}`
	if res = Compare(runOf(b, b2), runOf(tg, t2), Side{}, Side{}); res.Differences() != 1 || res.Groups[0].Where != "metadata.count" {
		t.Errorf("the count is still compared: %+v", res.Groups)
	}
	tg.RespBody = `{"pipelines": [{"uuid": "example_pipeline"}, {"uuid": "mczzz9991_k_1_owl"}, {"uuid": "shared", "blocks": [1]}], "metadata": {"count": 3, "results": 3}}`
	res = Compare(runOf(b), runOf(tg), Side{}, Side{})
	tg.URL = "http://b:1/api/pipelines"
	b.URL = "http://a:1/api/pipelines"
	res = Compare(runOf(b), runOf(tg), Side{}, Side{})
	if res.Differences() != 1 || res.Groups[0].Kind != KindListLength || res.Groups[0].Where != "pipelines[].blocks" {
		t.Errorf("a record both hold is compared: %+v", res.Groups)
	}
}

// A nested or filtered list counts without the records set aside that it holds, not without
// every one: a schedule set aside belongs to another pipeline than the run's.
func TestANestedListCountsWithoutTheRecordsSetAsideItHolds(t *testing.T) {
	all := `{"pipeline_schedules": [{"name": "f"}, {"name": "mczzz9991_k_2_emu"}], "metadata": {"count": 2}}`
	b := runOf(
		ex(0, "GET", "http://a:1/api/pipeline_schedules", 200, `{"pipeline_schedules": [{"name": "mcabc1231_q_2_dog"}], "metadata": {"count": 1}}`),
		ex(1, "GET", "http://a:1/api/pipelines/mcabc1231_q_1_cat/pipeline_schedules", 200, `{"pipeline_schedules": [{"name": "mcabc1231_q_2_dog"}], "metadata": {"count": 1}}`),
		ex(2, "GET", "http://a:1/api/pipeline_schedules?status[]=inactive", 200, `{"pipeline_schedules": [{"name": "mcabc1231_q_2_dog"}], "metadata": {"count": 1}}`),
	)
	tg := runOf(
		ex(0, "GET", "http://b:1/api/pipeline_schedules", 200, all),
		ex(1, "GET", "http://b:1/api/pipelines/mczzz9991_k_1_owl/pipeline_schedules", 200, `{"pipeline_schedules": [{"name": "mczzz9991_k_2_emu"}], "metadata": {"count": 1}}`),
		ex(2, "GET", "http://b:1/api/pipeline_schedules?status[]=inactive", 200, all),
	)
	if res := Compare(b, tg, Side{}, Side{}); res.Differences() != 0 || len(res.Target.SetAside) != 1 {
		t.Errorf("groups %+v, set aside %v", res.Groups, res.Target.SetAside)
	}
	for url, whole := range map[string]bool{
		"http://h/api/pipelines": true, "http://h/api/pipelines?_limit=2&_offset=4&_order_by[]=name": true,
		"http://h/api/pipelines?api_key=k&include_schedules=1&_format=x": true,
		"http://h/api/pipelines?type=python":                             false, "http://h/api/pipelines/p/pipeline_schedules": false,
	} {
		if got := wholeList(Exchange{URL: url}); got != whole {
			t.Errorf("wholeList(%s) = %v, want %v", url, got, whole)
		}
	}
}

func TestABrokenPairingIsOneDivergenceAtTheFirstDifferingRequest(t *testing.T) {
	b := runOf(
		ex(0, "POST", "http://a:1/api/users", 200, `{"user": {"id": 1}}`),
		ex(1, "GET", "http://a:1/api/users/1", 200, `{"user": {"id": 1}}`),
		ex(2, "PUT", "http://a:1/api/users/1", 200, `{"user": {"id": 1}}`),
		ex(3, "DELETE", "http://a:1/api/users/1", 200, `{"user": {"id": 1}}`),
	)
	tgx := []Exchange{
		ex(0, "POST", "http://b:1/api/users", 200, `{"user": {"id": 5}}`),
		ex(1, "GET", "http://b:1/api/users/5", 404, `{"error": {"code": 404, "type": "record_not_found"}}`),
		ex(2, "DELETE", "http://b:1/api/users/5", 200, `{"user": {"id": 5}}`),
	}
	tgx[2].Housekeeping = true
	for i := range tgx {
		tgx[i].SpecFailed = true
	}
	res := Compare(b, runOf(tgx...), Side{Name: "b"}, Side{Name: "t"})
	kinds := map[string]bool{}
	for _, g := range res.Groups {
		kinds[g.Kind] = true
	}
	if res.Compared != 2 || len(res.Groups) != 3 || !kinds[KindDivergence] || !kinds[KindHTTPStatus] || !kinds[KindEnvelope] {
		t.Fatalf("compared %d, groups %v", res.Compared, res.Groups)
	}
	var div Group
	for _, g := range res.Groups {
		if g.Kind == KindDivergence {
			div = g
		}
	}
	if div.Baseline != "PUT /api/users/{id}" || div.Target != "DELETE /api/users/{id}" || div.Example.Index != 2 ||
		div.Resource != "users" || div.Action != "update" || !strings.Contains(div.Example.Note, "4 requests, the target's 3 and failed") {
		t.Errorf("divergence %+v", div)
	}
	if div.Example.Target == nil || !div.Example.Target.Housekeeping || div.Example.Baseline.Curl == "" {
		t.Errorf("the divergence's example has both sides: %+v", div.Example)
	}
}

func TestASpecOnOneSideOnlyDiverges(t *testing.T) {
	only := ex(0, "GET", "http://a:1/api/users", 200, `{"users": []}`)
	res := Compare(runOf(only), runOf(), Side{}, Side{})
	if len(res.Groups) != 1 || res.Groups[0].Kind != KindDivergence || res.Groups[0].Target != "(the spec made no request)" {
		t.Errorf("groups %+v", res.Groups)
	}
	if res := Compare(runOf(only), runOf(only), Side{}, Side{}); res.Differences() != 0 || res.Compared != 1 {
		t.Errorf("a run against itself: %+v", res)
	}
}

func TestOneDifferenceOfManyExchangesIsOneGroupWithItsFirstExample(t *testing.T) {
	var bs, ts []Exchange
	for i := range 3 {
		bs = append(bs, ex(i, "GET", "http://a:1/api/users/1", 200, `{"user": {"id": 1, "email": "e"}}`))
		ts = append(ts, ex(i, "GET", "http://b:1/api/users/1", 200, `{"user": {"id": 1}}`))
	}
	res := Compare(runOf(bs...), runOf(ts...), Side{}, Side{})
	if len(res.Groups) != 1 || res.Groups[0].Count != 3 || res.Groups[0].Example.Index != 0 || res.Groups[0].Where != "user.email" {
		t.Errorf("groups %+v", res.Groups)
	}
}
