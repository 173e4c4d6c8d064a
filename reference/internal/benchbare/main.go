// Command benchbare is the baseline of scripts/bench-wrk.sh: a bare net/http server that
// answers every request with the same bytes and headers the reference gave for one request,
// doing nothing else. It prints "listening on http://HOST:PORT" like mage-reference.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	bodyFile := flag.String("body", "", "file holding the answer to send")
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
	err = http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Headers", "*")
		h.Set("Access-Control-Allow-Methods", "DELETE, GET, PATCH, POST, PUT, OPTIONS")
		_, _ = w.Write(body)
	}))
	fmt.Fprintln(os.Stderr, "benchbare:", err)
	os.Exit(2)
}
