package report_test

import (
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mageconform/mageconform/harness/report"
)

// Synthetic Ginkgo reports, shaped like the suites' (labels and report entries as in
// docs/architecture.md), so the report is tested without running any suite.

type specOpt func(*types.SpecReport)

func labels(l ...string) specOpt {
	return func(s *types.SpecReport) { s.LeafNodeLabels = append(s.LeafNodeLabels, l...) }
}

func failed(msg string) specOpt {
	return func(s *types.SpecReport) {
		s.State = types.SpecStateFailed
		s.Failure = types.Failure{Message: msg}
	}
}

// inAfterEach moves the failure to an AfterEach, after the spec's body completed.
func inAfterEach() specOpt {
	return func(s *types.SpecReport) { s.Failure.FailureNodeType = types.NodeTypeAfterEach }
}

func skipped(msg string) specOpt {
	return func(s *types.SpecReport) {
		s.State = types.SpecStateSkipped
		s.Failure = types.Failure{Message: msg}
	}
}

func entry(name, value string) specOpt {
	return func(s *types.SpecReport) {
		s.ReportEntries = append(s.ReportEntries, types.ReportEntry{Name: name, Value: types.WrapEntryValue(value)})
	}
}

func nodeType(t types.NodeType) specOpt {
	return func(s *types.SpecReport) { s.LeafNodeType = t }
}

func spec(text string, opts ...specOpt) types.SpecReport {
	s := types.SpecReport{
		ContainerHierarchyTexts: []string{"conformance"},
		LeafNodeText:            text,
		LeafNodeType:            types.NodeTypeIt,
		LeafNodeLocation:        types.CodeLocation{FileName: "/src/mageconform/suites/crud.go", LineNumber: 42},
		State:                   types.SpecStatePassed,
	}
	for _, o := range opts {
		o(&s)
	}
	return s
}

func run(specs ...types.SpecReport) types.Report {
	return types.Report{
		SuiteDescription: "Mage conformance",
		SuiteSucceeded:   true,
		StartTime:        time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC),
		RunTime:          3 * time.Second,
		SuiteConfig:      types.SuiteConfig{RandomSeed: 7},
		SpecReports:      specs,
	}
}

var catalogue = []report.Rule{
	{ID: "B1.envelope-shape", Level: "MUST", Section: "B1", Text: "Every error body MUST have an `error` object with code, message and type."},
	{ID: "B3.key-header", Level: "MUST", Section: "B3", Text: "The API key MUST be accepted in the X-API-KEY header."},
	{ID: "B4.create", Level: "MUST", Section: "B4", Text: "Create MUST store the record."},
	{ID: "B4.delete", Level: "MUST", Section: "B4", Text: "Delete MUST remove the record."},
	{ID: "B7.no-secrets", Level: "MUST", Section: "B7", Text: "No response MUST carry a sensitive attribute."},
	{ID: "B9.cors", Level: "SHOULD", Section: "B9", Text: "Responses SHOULD carry the CORS headers."},
	{ID: "B10.unknown-resource", Level: "SHOULD", Section: "B10", Text: "An unknown resource SHOULD give record_not_found."},
}

const (
	transcript = "> GET /api/users/7 HTTP/1.1\n> X-Api-Key: [REDACTED]\n< HTTP/1.1 200 OK\n< {\"user\": {\"id\": 7, \"password_hash\": \"$2a$...\"}}"
	curl       = "curl -sS -X GET -H 'X-API-KEY: $CONFORMANCE_API_KEY' 'http://127.0.0.1:6789/api/users/7'"
)

// brokenRun is a run against a target that leaks password_hash and has no CORS headers.
func brokenRun() types.Report {
	return run(
		spec("users create", labels("resource:users", "action:create", "rule:B4.create", "must")),
		spec("users detail hides secrets", labels("resource:users", "action:detail", "rule:B7.no-secrets", "must"),
			failed("[B7.no-secrets MUST] response carries password_hash"), entry("transcript", transcript), entry("curl", curl)),
		spec("users delete", labels("resource:users", "action:delete", "rule:B4.delete", "must")),
		spec("pipelines create", labels("resource:pipelines", "action:create", "rule:B4.create", "must"),
			skipped("not applicable: profile \"mini\" does not declare resource pipelines")),
		spec("key in header, bearer token", labels("key:header", "token:bearer", "rule:B3.key-header", "must")),
		spec("key in body, no token", labels("key:body", "rule:B3.key-header", "must")),
		spec("CORS headers", labels("headers", "rule:B9.cors", "should"), entry("should-violation", "B9.cors: no Access-Control-Allow-Origin")),
		spec("unknown resource", labels("errors", "rule:B10.unknown-resource", "should"), skipped("")),
	)
}
