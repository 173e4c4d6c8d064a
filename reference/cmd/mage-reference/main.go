// Command mage-reference serves the reference Mage-style API.
//
// Every flag has an environment variable of the same meaning; a flag given on
// the command line wins over the environment.
//
//	--addr                          MAGE_REFERENCE_ADDR          default 127.0.0.1:6789
//	--api-key                       MAGE_API_KEY                 default Mage's frontend key
//	--require-user-authentication   REQUIRE_USER_AUTHENTICATION  default true
//	--owner-email                   MAGE_OWNER_EMAIL             default admin@admin.com
//	--owner-password                MAGE_OWNER_PASSWORD          default admin
//	--owner-username                MAGE_OWNER_USERNAME          default admin
//	--jwt-secret                    JWT_SECRET                   default materia
//	--bcrypt-cost                   MAGE_BCRYPT_COST             default 4
//	--compat                        MAGE_REFERENCE_COMPAT        default intended (or mage-0.9.79)
//
// It prints "listening on http://HOST:PORT" once it accepts connections, logs
// one line per request to stderr, and stops cleanly on SIGINT or SIGTERM.
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

	"github.com/mageconform/mageconform/reference"
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
	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	srv := &http.Server{
		Handler:           logRequests(logger, reference.New(opts.config)),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	// The listener already accepts connections (the kernel queues them), so the
	// line is true as soon as it is printed.
	fmt.Fprintf(stdout, "listening on http://%s\n", listener.Addr())
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
