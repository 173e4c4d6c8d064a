package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Target is a running server to judge.
type Target struct {
	URL         string // base URL without trailing slash
	Description string // for reports: "in-process reference", "URL http://...", "image ..."
	close       func() error
	once        sync.Once
	closeErr    error
}

// NewTarget wraps a server someone else started; close (may be nil) stops it.
func NewTarget(url, description string, close func() error) *Target {
	return &Target{URL: strings.TrimRight(url, "/"), Description: description, close: close}
}

// Close stops the target once; later calls return the first result.
func (t *Target) Close() error {
	if t == nil {
		return nil
	}
	t.once.Do(func() {
		if t.close != nil {
			t.closeErr = t.close()
		}
	})
	return t.closeErr
}

// OpenTarget opens the configured URL, or starts the reference in-process when there is none.
// Container targets are opened by harness/container, not here.
func OpenTarget(cfg Config) (*Target, error) {
	if cfg.TargetImage != "" || cfg.TargetDockerfile != "" {
		return nil, errors.New("container targets (CONFORMANCE_TARGET_IMAGE/_DOCKERFILE) are opened by harness/container")
	}
	if cfg.TargetURL != "" {
		return NewTarget(cfg.TargetURL, "URL "+cfg.TargetURL, nil), nil
	}
	return openInProcess(cfg)
}

// readinessPoll is the pause between readiness probes.
const readinessPoll = 200 * time.Millisecond

// WaitReady polls GET {baseURL}/api/status until it answers with a JSON object, printing one
// progress dot per failed probe to progress (may be nil). On timeout the error is one line that
// names the last cause (connection refused, DNS, non-JSON answer, ...).
func WaitReady(ctx context.Context, baseURL string, timeout time.Duration, progress io.Writer) error {
	if progress == nil {
		progress = io.Discard
	}
	url := strings.TrimRight(baseURL, "/") + "/api/status"
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := newHTTPClient()
	fmt.Fprintf(progress, "waiting for %s ", redactedURL(url))
	attempts := 0
	var last error
	for {
		attempts++
		cause := probe(ctx, client, url)
		if cause == nil {
			fmt.Fprintln(progress, " ready")
			return nil
		}
		// A probe cut short by our own deadline says less than the one before it.
		if last == nil || ctx.Err() == nil {
			last = cause
		}
		fmt.Fprint(progress, ".")
		select {
		case <-ctx.Done():
			fmt.Fprintln(progress, " giving up")
			return fmt.Errorf("target not ready: GET %s did not answer with JSON within %s (%d attempts): %v", redactedURL(url), timeout, attempts, last)
		case <-time.After(readinessPoll):
		}
	}
}

// probe returns nil when the status endpoint answers with a JSON object, else why not.
func probe(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return describeDialError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading the answer: %v", err)
	}
	var obj map[string]any
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return fmt.Errorf("HTTP %d with a non-JSON answer (Content-Type %q): %s", resp.StatusCode, resp.Header.Get("Content-Type"), snippet(body))
	}
	return nil
}

// describeDialError names the usual causes in words a user can act on.
func describeDialError(err error) error {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return fmt.Errorf("DNS lookup of %q failed: %v", dns.Name, dns.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused (is the server running on that port?)")
	case errors.Is(err, syscall.ECONNRESET):
		return errors.New("connection reset by the server")
	case errors.Is(err, context.DeadlineExceeded):
		return errors.New("no answer before the deadline")
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return errors.New("no answer (timeout)")
	}
	if ue, ok := errors.AsType[*neturl.Error](err); ok {
		return ue.Err // its text repeats the URL, which can hold credentials
	}
	return err
}
