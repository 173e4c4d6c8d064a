// Command mage-reference serves the reference Mage-style API.
//
// Every flag has an environment variable of the same meaning; a flag given on
// the command line wins over the environment.
//
//	--addr                          MAGE_REFERENCE_ADDR                 default 127.0.0.1:6789
//	--api-key                       MAGE_API_KEY                        default Mage's frontend key
//	--require-user-authentication   REQUIRE_USER_AUTHENTICATION         default true
//	--owner-email                   MAGE_OWNER_EMAIL                    default admin@admin.com
//	--owner-password                MAGE_OWNER_PASSWORD                 default admin
//	--owner-username                MAGE_OWNER_USERNAME                 default admin
//	--jwt-secret                    JWT_SECRET                          default materia
//	--bcrypt-cost                   MAGE_BCRYPT_COST                    default 4
//	--compat                        MAGE_REFERENCE_COMPAT               default intended (or mage-0.9.79)
//	--runs                          MAGE_REFERENCE_RUNS                 default stay (or advance: runs move a step per read)
//	--deviations                    MAGE_REFERENCE_DEVIATIONS           default none (ids of compat entries)
//	--max-body-bytes                MAGE_REFERENCE_MAX_BODY_BYTES       default 1048576
//	--max-json-depth                MAGE_REFERENCE_MAX_JSON_DEPTH       default 32
//	--max-value-bytes               MAGE_REFERENCE_MAX_VALUE_BYTES      default 65536
//	--read-header-timeout           MAGE_REFERENCE_READ_HEADER_TIMEOUT  default 10s
//	--read-timeout                  MAGE_REFERENCE_READ_TIMEOUT         default 30s
//	--write-timeout                 MAGE_REFERENCE_WRITE_TIMEOUT        default 30s
//	--idle-timeout                  MAGE_REFERENCE_IDLE_TIMEOUT         default 60s
//	--max-header-bytes              MAGE_REFERENCE_MAX_HEADER_BYTES     default 65536
//	--max-connections               MAGE_REFERENCE_MAX_CONNECTIONS      default 256
//	--shutdown-grace                MAGE_REFERENCE_SHUTDOWN_GRACE       default 5s
//
// It prints "listening on http://HOST:PORT" once it accepts connections, logs
// one line per request to stderr (written out in batches, at most 0.1 s late), and stops on SIGINT or SIGTERM: requests in
// flight get the shutdown grace to finish, then their connections are closed,
// and it exits 0.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mageconform/mageconform/reference/internal/logline"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mage-reference:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr *os.File) error {
	opts, err := parseOptions(args, os.LookupEnv, stderr)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return err
	}
	listener = limitListener(listener, opts.server.maxConnections)
	out := newBatchWriter(stderr, 100*time.Millisecond)
	defer out.Close()
	logger := log.New(out, "", log.LstdFlags|log.Lmicroseconds)
	redact := logline.New(opts.config.APIKey)
	srv := &http.Server{
		Handler:           logRequests(out, redact, opts.handler()),
		ReadHeaderTimeout: opts.server.readHeaderTimeout,
		ReadTimeout:       opts.server.readTimeout,
		WriteTimeout:      opts.server.writeTimeout,
		IdleTimeout:       opts.server.idleTimeout,
		MaxHeaderBytes:    opts.server.maxHeaderBytes,
		// OPTIONS * reaches the handler, which answers it like any OPTIONS.
		DisableGeneralOptionsHandler: true,
		ErrorLog:                     logger,
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	// The listener already accepts connections (the kernel queues them), so the
	// line is true as soon as it is printed.
	fmt.Fprintf(stdout, "listening on http://%s\n", listener.Addr())
	select {
	case err := <-served:
		return err
	case <-signals:
	}
	return shutdown(srv, served, signals, logger, opts.server)
}

// shutdown stops accepting, lets the requests in flight finish within the grace, then closes
// every connection still open (a stalled upload, a client that does not read its answer); a
// second signal closes them at once. Either way the server has stopped: exit 0.
func shutdown(srv *http.Server, served <-chan error, signals <-chan os.Signal, logger *log.Logger, o serverOptions) error {
	logger.Printf("shutting down (grace %s)", o.shutdownGrace)
	ctx, cancel := context.WithTimeout(context.Background(), o.shutdownGrace)
	defer cancel()
	go func() {
		select {
		case <-signals:
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := srv.Shutdown(ctx); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			return err
		}
		logger.Print("closing the connections still open")
		if err := srv.Close(); err != nil {
			return err
		}
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Print("stopped")
	return nil
}
