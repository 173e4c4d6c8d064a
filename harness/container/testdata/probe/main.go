// probe stands in for a server image under test and misbehaves on purpose, per PROBE_MODE:
// "exit" prints and exits with code 3, "silent" prints and never listens, anything else serves
// GET /api/status on PROBE_ADDR (default :8080) echoing PROBE_ECHO, so tests can see that the
// port and the environment they configured reached the container.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// As PID 1 in a container, the process must handle SIGTERM itself to stop promptly.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	mode := os.Getenv("PROBE_MODE")
	fmt.Println("probe: starting in mode", mode)
	switch mode {
	case "exit":
		fmt.Println("probe: giving up at once")
		os.Exit(3)
	case "silent":
		fmt.Println("probe: never listening")
		<-ctx.Done()
	default:
		serve(ctx)
	}
}

func serve(ctx context.Context) {
	addr := os.Getenv("PROBE_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/status", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"statuses": []map[string]string{{"echo": os.Getenv("PROBE_ECHO")}},
			"metadata": map[string]any{},
		})
	})
	server := &http.Server{Addr: addr, Handler: mux}
	go func() {
		<-ctx.Done()
		_ = server.Close()
	}()
	fmt.Println("probe: listening on", addr)
	if err := server.ListenAndServe(); err != http.ErrServerClosed {
		fmt.Println("probe:", err)
		os.Exit(1)
	}
}
