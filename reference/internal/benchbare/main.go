// Command benchbare is the baseline of scripts/bench-wrk.sh: a bare net/http handler that
// answers every request with the same bytes and headers the reference gave for one request,
// doing nothing else. By default its http.Server has mage-reference's timeouts and header
// limit, so that a comparison measures what the reference's handler and request log add;
// --plain serves with Go's defaults (no timeouts). It prints "listening on http://HOST:PORT"
// like mage-reference.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	bodyFile := flag.String("body", "", "file holding the answer to send")
	plain := flag.Bool("plain", false, "Go's default server settings instead of mage-reference's")
	flag.Parse()
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchbare:", err)
		os.Exit(2)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchbare:", err)
		os.Exit(2)
	}
	fmt.Printf("listening on http://%s\n", l.Addr())
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Headers", "*")
		h.Set("Access-Control-Allow-Methods", "DELETE, GET, PATCH, POST, PUT, OPTIONS")
		_, _ = w.Write(body)
	})}
	if !*plain { // mage-reference's defaults (reference/cmd/mage-reference/options.go)
		srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = 10*time.Second, 30*time.Second, 30*time.Second, 60*time.Second
		srv.MaxHeaderBytes = 64 << 10
	}
	err = srv.Serve(l)
	fmt.Fprintln(os.Stderr, "benchbare:", err)
	os.Exit(2)
}
