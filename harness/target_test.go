package harness

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWaitReadySucceedsOnAJSONStatus(t *testing.T) {
	f := newFakeMage(t)
	var progress strings.Builder
	if err := WaitReady(context.Background(), f.srv.URL+"/", time.Second, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "/api/status") || !strings.Contains(progress.String(), "ready") {
		t.Errorf("progress: %q", progress.String())
	}
	if f.last().Path != "/api/status" {
		t.Errorf("probed %s", f.last().Path)
	}
}

func TestWaitReadyWaitsForALateServer(t *testing.T) {
	url := closedURL(t)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, map[string]any{"statuses": []any{}})
	})}
	t.Cleanup(func() { _ = srv.Close() })
	go func() {
		time.Sleep(300 * time.Millisecond)
		l, err := net.Listen("tcp", strings.TrimPrefix(url, "http://"))
		if err != nil {
			return // port taken meanwhile; the wait below then fails and says so
		}
		_ = srv.Serve(l)
	}()
	var progress strings.Builder
	if err := WaitReady(context.Background(), url, 5*time.Second, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), ".") {
		t.Errorf("refused probes should print dots: %q", progress.String())
	}
}

func TestWaitReadyNamesTheCause(t *testing.T) {
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>login</html>"))
	}))
	t.Cleanup(html.Close)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hang.Close)
	slowHTML := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(250 * time.Millisecond) // so the second probe runs into the 600ms deadline
		_, _ = w.Write([]byte("<html>"))
	}))
	t.Cleanup(slowHTML.Close)
	cases := map[string]struct{ url, want string }{
		// The probe our deadline cuts short must not hide what the earlier ones found.
		"slow non-JSON": {slowHTML.URL, "non-JSON answer"},
		"refused":       {closedURL(t), "connection refused"},
		"non-JSON":      {html.URL, `non-JSON answer (Content-Type "text/html")`},
		"hanging":       {hang.URL, "no answer"},
		"dns":           {"http://no-such-host.invalid", `DNS lookup of "no-such-host.invalid"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := WaitReady(context.Background(), c.url, 600*time.Millisecond, nil)
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("want one line mentioning %q, got: %v", c.want, err)
			}
		})
	}
}

func TestWaitReadyHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WaitReady(ctx, closedURL(t), time.Minute, nil); err == nil {
		t.Error("a cancelled context must stop the wait")
	}
}

func TestTargets(t *testing.T) {
	closed := 0
	tg := NewTarget("http://x:1/", "test", func() error { closed++; return errors.New("once") })
	if tg.URL != "http://x:1" {
		t.Errorf("URL %q", tg.URL)
	}
	if err1, err2 := tg.Close(), tg.Close(); err1 == nil || err2 == nil || closed != 1 {
		t.Errorf("Close must run once and keep its result: %v %v %d", err1, err2, closed)
	}
	if err := (*Target)(nil).Close(); err != nil {
		t.Error(err)
	}
	cfg := DefaultConfig()
	cfg.TargetURL = "http://mage:6789"
	if tg, err := OpenTarget(cfg); err != nil || tg.URL != "http://mage:6789" || !strings.Contains(tg.Description, "mage:6789") {
		t.Errorf("URL target: %+v %v", tg, err)
	}
	cfg.TargetURL, cfg.TargetImage = "", "img"
	if _, err := OpenTarget(cfg); err == nil {
		t.Error("container configs belong to harness/container")
	}
}
