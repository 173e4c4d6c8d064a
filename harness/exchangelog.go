package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sync"

	"github.com/onsi/ginkgo/v2"
)

// LoggedExchange is one line of the exchange log (EnvExchangeLog): an exchange of a spec as
// `mageconform diff` compares it, every text redacted like a transcript.
type LoggedExchange struct {
	Spec         string              `json:"spec"`     // the spec's full text
	Location     string              `json:"location"` // where the spec is declared, for specs of the same text
	Labels       []string            `json:"labels,omitempty"`
	Index        int                 `json:"index"` // position within the spec, from 0
	SpecFailed   bool                `json:"spec_failed,omitempty"`
	Housekeeping bool                `json:"housekeeping,omitempty"`
	Method       string              `json:"method"`
	URL          string              `json:"url"`
	ReqHeader    map[string][]string `json:"request_headers,omitempty"`
	ReqBody      string              `json:"request_body,omitempty"`
	Status       int                 `json:"status"`
	RespHeader   map[string][]string `json:"response_headers,omitempty"`
	RespBody     string              `json:"response_body,omitempty"`
	Err          string              `json:"error,omitempty"`
	Curl         string              `json:"curl"`
}

// maxLoggedBody cuts a logged body: a diff compares envelopes and shapes, and a cut body is
// still kept (it then compares as a body that is not JSON, on both sides alike).
const maxLoggedBody = 1 << 20

// exchangeLog is the open log file; writes are serialised so lines never interleave.
var exchangeLog struct {
	sync.Mutex
	path string
	file *os.File
	err  error
}

// logExchanges appends the spec's exchanges to the exchange log, when one is configured. It
// runs when the spec ends (from AttachRecorder's cleanup), so every token the spec learnt is a
// known secret by then and the spec's text and labels are at hand.
func logExchanges(rec *Recorder) {
	path := os.Getenv(EnvExchangeLog)
	if path == "" || rec == nil {
		return
	}
	spec := ginkgo.CurrentSpecReport()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keeps <redacted:NAME> readable
	for i, e := range rec.Exchanges() {
		line := LogLine(e)
		line.Spec, line.Location, line.Labels = spec.FullText(), spec.LeafNodeLocation.String(), spec.Labels()
		line.Index, line.SpecFailed = i, spec.Failed()
		_ = enc.Encode(line)
	}
	if buf.Len() > 0 {
		appendExchangeLog(path, buf.Bytes())
	}
}

// LogLine renders one exchange for the log, every part redacted; spec fields are left empty.
func LogLine(e *Exchange) LoggedExchange {
	line := LoggedExchange{
		Method: e.Method, URL: loggedURL(e.URL),
		Housekeeping: e.Housekeeping, Status: e.Status, Curl: Curl(e),
		ReqHeader: loggedHeaders(e.ReqHeader), RespHeader: loggedHeaders(e.RespHeader),
		ReqBody: loggedBody(e.ReqBody), RespBody: loggedBody(e.RespBody),
	}
	if e.Err != nil {
		line.Err = Redact(redactedText(globalPieces(e.Err.Error())))
	}
	return line
}

// loggedURL is the URL as a transcript shows it, except that a credential an answer showed is
// named by its declared name, not its number (TRIGGER_TOKEN, not TRIGGER_TOKEN_43): another
// run's parent has another token, and the diff pairs the same request of two runs by its URL.
func loggedURL(rawURL string) string {
	pieces := urlPieces(rawURL)
	for i, p := range pieces {
		if c, ok := shownCredentialOf(p.text); p.sensitive && ok {
			pieces[i].name = c.name
		}
	}
	return Redact(redactedText(pieces))
}

func loggedHeaders(h http.Header) map[string][]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string][]string, len(h))
	for name, values := range h {
		for _, v := range values {
			out[name] = append(out[name], Redact(redactedText(headerPieces(name, v))))
		}
	}
	return out
}

func loggedBody(body []byte) string {
	if len(body) > maxLoggedBody {
		body = body[:maxLoggedBody]
	}
	if len(body) == 0 {
		return ""
	}
	return Redact(redactedText(bodyPieces(body)))
}

// appendExchangeLog writes one spec's lines in one write: `ginkgo -p` processes share the
// file, and an O_APPEND write lands whole. A log that cannot be written is said once on
// stderr; the diff then finds the log missing or short and says it could not run.
func appendExchangeLog(path string, lines []byte) {
	exchangeLog.Lock()
	defer exchangeLog.Unlock()
	if exchangeLog.path != path {
		if exchangeLog.file != nil {
			exchangeLog.file.Close()
		}
		exchangeLog.path, exchangeLog.err = path, nil
		exchangeLog.file, exchangeLog.err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if exchangeLog.err != nil {
			fmt.Fprintf(os.Stderr, "mageconform: %s: %v\n", EnvExchangeLog, exchangeLog.err)
		}
	}
	if exchangeLog.file == nil {
		return
	}
	if _, err := exchangeLog.file.Write(lines); err != nil && exchangeLog.err == nil {
		exchangeLog.err = err
		fmt.Fprintf(os.Stderr, "mageconform: %s: %v\n", EnvExchangeLog, err)
	}
}

// exchangeLogSetting is the key's value for the run's configuration listing.
func exchangeLogSetting() string { return os.Getenv(EnvExchangeLog) }
