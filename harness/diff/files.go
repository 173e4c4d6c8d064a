package diff

import (
	"bytes"
	"encoding/json"
	"html/template"
	"os"
	"path/filepath"

	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/redact"
)

// Report file names.
const (
	FileJSON = "diff.json"
	FileHTML = "diff.html"
)

// WriteFiles writes diff.json and diff.html into dir, redacted, and returns their paths.
func WriteFiles(dir string, r *Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	var page bytes.Buffer
	if err := htmlPage.Execute(&page, r); err != nil {
		return nil, err
	}
	files := []struct{ name, text string }{
		{FileJSON, harness.Redact(js.String())},
		{FileHTML, redact.Markup(page.String())},
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// htmlPage is self-contained: inline style, no script, no external asset.
var htmlPage = template.Must(template.New("diff").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mageconform diff</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
code,pre{font:12px/1.4 ui-monospace,monospace}
pre{background:#f7f7f7;padding:.5em;white-space:pre-wrap;word-break:break-all;margin:.2em 0}
details{margin:.2em 0}
.none{color:#1a7f37;font-weight:bold}.some{color:#b42318;font-weight:bold}
</style></head><body>
<h1>mageconform diff</h1>
<table>
<tr><th>baseline</th><td>{{.Baseline.Name}}</td><td>seed {{.Baseline.Seed}}</td><td>{{.Baseline.Exchanges}} exchanges</td></tr>
<tr><th>target</th><td>{{.Target.Name}}</td><td>seed {{.Target.Seed}}</td><td>{{.Target.Exchanges}} exchanges</td></tr>
</table>
{{range .Sides}}{{if .SetAside}}<p>Set aside, held before the run by {{.Name}} only: {{range .SetAside}}<code>{{.}}</code> {{end}}</p>{{end}}{{end}}
<p>{{.Specs}} specs, {{.Compared}} exchange pairs compared.
{{if .Groups}}<span class="some">{{.Verdict}}</span>{{else}}<span class="none">{{.Verdict}}</span>{{end}}</p>
{{if .Groups}}
<table>
<tr><th>resource</th><th>action</th><th>kind</th><th>where</th><th>baseline</th><th>target</th><th>count</th><th>example</th></tr>
{{range .Groups}}<tr>
<td>{{.Resource}}</td><td>{{.Action}}</td><td>{{.Kind}}</td><td><code>{{.Where}}</code></td>
<td><code>{{.Baseline}}</code></td><td><code>{{.Target}}</code></td><td>{{.Count}}</td>
<td><details><summary>{{.Example.Spec}} (exchange #{{.Example.Number}})</summary>
{{if .Example.Note}}<p>{{.Example.Note}}</p>{{end}}
{{with .Example.Baseline}}<p>baseline: <code>{{.Request}}</code> HTTP {{.Status}}{{if .Housekeeping}} (harness housekeeping){{end}}</p><pre>{{.Curl}}</pre><pre>{{.Body}}</pre>{{else}}<p>baseline: no exchange</p>{{end}}
{{with .Example.Target}}<p>target: <code>{{.Request}}</code> HTTP {{.Status}}{{if .Housekeeping}} (harness housekeeping){{end}}</p><pre>{{.Curl}}</pre><pre>{{.Body}}</pre>{{else}}<p>target: no exchange</p>{{end}}
</details></td></tr>
{{end}}</table>
{{end}}
<p>Ids, tokens, timestamps, the run's names and generated values are normalised; message texts are never compared (docs/diff.md).</p>
</body></html>
`))
