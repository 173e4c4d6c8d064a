package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/mageconform/mageconform/harness/redact"
)

// userAgent names the harness in the target's logs.
const userAgent = "mageconform-harness"

// noContentTypeHeader asks the pre-request hook to drop the Content-Type resty would guess.
const noContentTypeHeader = "X-Conformance-No-Content-Type"

type exchangeKey struct{}

// Client is the domain client for one target. Every client of the run shares one HTTP
// transport (connections are reused) and one secret registry, so a secret one client learnt
// is hidden in every other's transcripts; copies made by As share the recorder too.
type Client struct {
	http    *resty.Client
	baseURL string
	cfg     Config
	rec     *Recorder
	session *Session
	ctx     context.Context // nil = context.Background()
	chores  bool            // exchanges are the harness's own setup/cleanup (Exchange.Housekeeping)
}

// NewClient talks to baseURL with cfg's key, recording every exchange into rec (nil: none).
// It is cheap: the connections come from the run's shared transport.
func NewClient(baseURL string, cfg Config, rec *Recorder) *Client {
	redact.Remember(cfg.APIKey, VarAPIKey)
	redact.Remember(cfg.Password, VarPassword)
	rc := resty.NewWithClient(newHTTPClient()).
		SetTimeout(cfg.requestTimeout()).
		SetHeader("User-Agent", userAgent).
		SetCookieJar(nil). // every credential must come from the options, never from a jar
		SetLogger(quietLogger{}).
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is an answer to judge, not to follow
		})).
		SetAllowGetMethodPayload(true). // a suite may test that a GET body is ignored
		SetPreRequestHook(captureRequest)
	return &Client{http: rc, baseURL: strings.TrimRight(baseURL, "/"), cfg: cfg, rec: rec}
}

// BaseURL is the target's base URL.
func (c *Client) BaseURL() string { return c.baseURL }

// Config is the configuration the client was made with.
func (c *Client) Config() Config { return c.cfg }

// Recorder is where this client records (may be nil).
func (c *Client) Recorder() *Recorder { return c.rec }

// As returns a copy that sends s's T in OAUTH-TOKEN unless a request says otherwise.
func (c *Client) As(s *Session) *Client {
	cp := *c
	cp.session = s
	rememberSession(s)
	return &cp
}

// WithContext returns a copy whose requests stop when ctx ends (e.g. a Ginkgo SpecContext, so
// an interrupted run does not wait for a hanging target).
func (c *Client) WithContext(ctx context.Context) *Client {
	cp := *c
	cp.ctx = ctx
	return &cp
}

// Housekeeping returns a copy whose exchanges are marked as the harness's own setup or cleanup,
// so rules checked over a whole spec do not judge them as answers under test.
func (c *Client) Housekeeping() *Client {
	cp := *c
	cp.chores = true
	return &cp
}

// WithRecorder returns a copy recording into rec, e.g. a per-spec recorder for a shared client.
func (c *Client) WithRecorder(rec *Recorder) *Client {
	cp := *c
	cp.rec = rec
	return &cp
}

func (c *Client) Get(path string, opts ...Option) *Response {
	return c.Do(http.MethodGet, path, opts...)
}

func (c *Client) Post(path string, opts ...Option) *Response {
	return c.Do(http.MethodPost, path, opts...)
}

func (c *Client) Put(path string, opts ...Option) *Response {
	return c.Do(http.MethodPut, path, opts...)
}

func (c *Client) Delete(path string, opts ...Option) *Response {
	return c.Do(http.MethodDelete, path, opts...)
}

func (c *Client) Options(path string, opts ...Option) *Response {
	return c.Do(http.MethodOptions, path, opts...)
}

// Do sends one request and records it. It never returns nil: a request that got no HTTP
// answer has Response.Err, a *TransportError (redacted), and marks the running spec as one
// the run could not judge (see NoteTransportError); after TransportErrorLimit of them in a
// row, the run stops (ginkgo.AbortSuite from the calling goroutine).
func (c *Client) Do(method, path string, opts ...Option) *Response {
	req := &Request{Method: method, Path: path, Query: url.Values{}, Header: http.Header{}}
	withDefaultKey(configuredKey)(req)
	withDefaultToken(c.session)(req)
	for _, o := range opts {
		o(req)
	}
	ex := &Exchange{Method: method, Housekeeping: c.chores, dependsOn: req.dependsOn}
	for _, t := range req.tokens {
		if t.session != nil {
			ex.sessions = append(ex.sessions, t.session)
		}
	}
	countRequest(method, path)
	rr, fullURL, err := c.build(req, ex)
	if err != nil {
		ex.URL, ex.Err = c.baseURL+path, redact.Error(err)
		c.rec.add(ex)
		return &Response{Err: ex.Err, Exchange: ex}
	}
	ctx := c.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	rr.SetContext(context.WithValue(ctx, exchangeKey{}, ex))
	slow := time.AfterFunc(slowRequestAfter, func() { noteSlowRequest(method, fullURL) })
	resp, err := rr.Execute(method, fullURL)
	slow.Stop()
	if ex.URL == "" { // the hook did not run: the request never left
		ex.URL, ex.ReqHeader = fullURL, req.Header.Clone()
	}
	out := &Response{Exchange: ex}
	if err != nil {
		out.Err = newTransportError(method, ex.URL, err, ctx)
	}
	if resp != nil && resp.RawResponse != nil {
		out.Status, out.Header, out.Body = resp.StatusCode(), resp.Header(), resp.Body()
	}
	ex.Status, ex.RespHeader, ex.RespBody, ex.Err = out.Status, out.Header, out.Body, out.Err
	out.decode()
	ex.credentials = learnCredentials(out.JSON) // before anything can print the answer
	c.rec.add(ex)
	noteExchange(ex)
	if out.Err == nil && isWrite(method) {
		noteWrite(req.Path, ex)
		if isLogout(method, req.Path) {
			for _, s := range ex.sessions {
				noteLogout(s, ex)
			}
		}
	}
	if out.Err != nil {
		transportFailed(out.Err)
	} else {
		targetAnswered()
		learnAcceptedPasswords(out)
		if _, failed := out.JSON["error"]; method == http.MethodDelete && out.Status < 300 && !failed {
			noteRemoved(req.Path, ex)
		}
	}
	return out
}

// build turns the options into a resty request and the exact URL.
func (c *Client) build(req *Request, ex *Exchange) (*resty.Request, string, error) {
	if req.err != nil {
		return nil, "", req.err
	}
	var keys []keySpec
	for _, k := range req.keys {
		if k.value == configuredKey {
			if c.cfg.APIKey == "" {
				continue // no key configured: send none rather than an empty one
			}
			k.value = c.cfg.APIKey
		}
		keys = append(keys, k)
		switch k.placement {
		case KeyQuery:
			req.Query.Add("api_key", k.value)
		case KeyHeader:
			req.Header.Add("X-API-KEY", k.value)
		case KeyBody: // merged into the body below
		default:
			return nil, "", fmt.Errorf("unknown key placement %q", k.placement)
		}
	}
	for _, t := range req.tokens {
		rememberSession(t.session)
		switch t.placement {
		case TokenOAuthHeader:
			req.Header.Add("OAUTH-TOKEN", t.value)
		case TokenBearer:
			req.Header.Add("Authorization", "Bearer "+t.value)
		case TokenCookie:
			cookie := "oauth_token=" + t.value
			if old := req.Header.Get("Cookie"); old != "" {
				cookie = old + "; " + cookie
			}
			req.Header.Set("Cookie", cookie)
		default:
			return nil, "", fmt.Errorf("unknown token placement %q", t.placement)
		}
	}
	body, contentType, err := req.body(keys)
	if err != nil {
		return nil, "", err
	}
	rr := c.http.R()
	rr.Header = req.Header.Clone()
	if body != nil {
		ex.ReqBody = body
		rr.SetBody(body)
		if contentType != "" {
			rr.Header.Set("Content-Type", contentType)
		} else if rr.Header.Get("Content-Type") == "" {
			rr.Header.Set(noContentTypeHeader, "1")
		}
	}
	return rr, c.fullURL(req.Path, req.Query), nil
}

// fullURL keeps the caller's path bytes as given (a suite may send %2e%2e on purpose) and
// appends the option query after any query already in the path.
func (c *Client) fullURL(path string, query url.Values) string {
	u := c.baseURL + path
	if extra := query.Encode(); extra != "" {
		if strings.Contains(path, "?") {
			u += "&" + extra
		} else {
			u += "?" + extra
		}
	}
	return u
}

// captureRequest records the request exactly as it goes on the wire (after resty's additions).
func captureRequest(_ *resty.Client, r *http.Request) error {
	if r.Header.Get(noContentTypeHeader) != "" {
		r.Header.Del(noContentTypeHeader)
		r.Header.Del("Content-Type")
	}
	ex, _ := r.Context().Value(exchangeKey{}).(*Exchange)
	if ex == nil {
		return nil
	}
	ex.URL = r.URL.String()
	ex.ReqHeader = r.Header.Clone()
	return nil
}

// learnAcceptedPasswords remembers the passwords of a request the target accepted (a user
// created or updated with them, a login that worked): they are credentials on the target now.
// A rejected one (too short, mismatched, a wrong login) is no secret and stays reproducible.
func learnAcceptedPasswords(r *Response) {
	ex := r.Exchange
	if ex == nil || len(ex.ReqBody) == 0 || r.Status < 200 || r.Status > 299 || r.JSON == nil {
		return
	}
	if _, failed := r.JSON["error"]; failed {
		return
	}
	scalars, _, ok := scanJSON(ex.ReqBody)
	if !ok {
		return
	}
	for _, s := range scalars {
		if v, isString := s.Value.(string); isString && strings.Contains(strings.ToLower(s.Key), "password") {
			redact.Remember(v, VarUserPassword)
		}
	}
}

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
