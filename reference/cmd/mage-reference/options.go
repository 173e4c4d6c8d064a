package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mageconform/mageconform/reference"
)

type options struct {
	addr   string
	config reference.Config
	server serverOptions
	// deviations, when set, are the compat entries served on top of the intended mode instead
	// of a named mode (reference.NewWithDeviations).
	deviations []string
}

// serverOptions bound what one connection may take from the server: how long it may send a
// request, take its answer and sit idle, how large its header may be, and how many
// connections are served at once. With them, memory is bounded by
// max-connections × (max-header-bytes + max-body-bytes + the largest answer).
type serverOptions struct {
	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration
	shutdownGrace     time.Duration
	maxHeaderBytes    int
	maxConnections    int
}

// defaultServer are the defaults the README documents.
var defaultServer = serverOptions{
	readHeaderTimeout: 10 * time.Second,
	readTimeout:       30 * time.Second,
	writeTimeout:      30 * time.Second,
	idleTimeout:       60 * time.Second,
	shutdownGrace:     5 * time.Second,
	maxHeaderBytes:    64 << 10,
	maxConnections:    256,
}

// envNames maps each flag to the environment variable with the same meaning.
var envNames = map[string]string{
	"addr":                        "MAGE_REFERENCE_ADDR",
	"api-key":                     "MAGE_API_KEY",
	"require-user-authentication": "REQUIRE_USER_AUTHENTICATION",
	"owner-email":                 "MAGE_OWNER_EMAIL",
	"owner-password":              "MAGE_OWNER_PASSWORD",
	"owner-username":              "MAGE_OWNER_USERNAME",
	"jwt-secret":                  "JWT_SECRET",
	"bcrypt-cost":                 "MAGE_BCRYPT_COST",
	"compat":                      "MAGE_REFERENCE_COMPAT",
	"deviations":                  "MAGE_REFERENCE_DEVIATIONS",
	"max-body-bytes":              "MAGE_REFERENCE_MAX_BODY_BYTES",
	"max-json-depth":              "MAGE_REFERENCE_MAX_JSON_DEPTH",
	"max-value-bytes":             "MAGE_REFERENCE_MAX_VALUE_BYTES",
	"read-header-timeout":         "MAGE_REFERENCE_READ_HEADER_TIMEOUT",
	"read-timeout":                "MAGE_REFERENCE_READ_TIMEOUT",
	"write-timeout":               "MAGE_REFERENCE_WRITE_TIMEOUT",
	"idle-timeout":                "MAGE_REFERENCE_IDLE_TIMEOUT",
	"max-header-bytes":            "MAGE_REFERENCE_MAX_HEADER_BYTES",
	"max-connections":             "MAGE_REFERENCE_MAX_CONNECTIONS",
	"shutdown-grace":              "MAGE_REFERENCE_SHUTDOWN_GRACE",
	"runs":                        "MAGE_REFERENCE_RUNS",
}

// parseOptions reads the environment first, then the flags over it.
func parseOptions(args []string, lookupEnv func(string) (string, bool), output io.Writer) (options, error) {
	opts := options{addr: "127.0.0.1:6789", config: reference.DefaultConfig(), server: defaultServer}
	fs := flag.NewFlagSet("mage-reference", flag.ContinueOnError)
	fs.SetOutput(output)
	c := &opts.config
	fs.StringVar(&opts.addr, "addr", opts.addr, "address to listen on (port 0 picks a free port)")
	fs.StringVar(&c.APIKey, "api-key", c.APIKey, "the API key clients must send")
	fs.BoolVar(&c.RequireUserAuthentication, "require-user-authentication", c.RequireUserAuthentication,
		"require an API key and a user session (false: every caller is an anonymous owner)")
	fs.StringVar(&c.OwnerEmail, "owner-email", c.OwnerEmail, "email of the owner created at start")
	fs.StringVar(&c.OwnerPassword, "owner-password", c.OwnerPassword, "password of the owner")
	fs.StringVar(&c.OwnerUsername, "owner-username", c.OwnerUsername, "username of the owner")
	fs.StringVar(&c.JWTSecret, "jwt-secret", c.JWTSecret, "HS256 secret of session tokens")
	fs.IntVar(&c.BcryptCost, "bcrypt-cost", c.BcryptCost, "bcrypt cost of password hashes (Mage uses 14)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body")
	fs.IntVar(&c.MaxJSONDepth, "max-json-depth", c.MaxJSONDepth, "deepest nesting of arrays and objects in a JSON body")
	fs.IntVar(&c.MaxValueBytes, "max-value-bytes", c.MaxValueBytes, "largest written attribute value, encoded as JSON")
	so := &opts.server
	fs.DurationVar(&so.readHeaderTimeout, "read-header-timeout", so.readHeaderTimeout, "time to send a request's header")
	fs.DurationVar(&so.readTimeout, "read-timeout", so.readTimeout, "time to send a whole request, header and body")
	fs.DurationVar(&so.writeTimeout, "write-timeout", so.writeTimeout, "time from the end of a request's header to the end of its answer")
	fs.DurationVar(&so.idleTimeout, "idle-timeout", so.idleTimeout, "time a keep-alive connection may wait for its next request")
	fs.IntVar(&so.maxHeaderBytes, "max-header-bytes", so.maxHeaderBytes, "largest request line and header")
	fs.IntVar(&so.maxConnections, "max-connections", so.maxConnections, "connections served at once; more wait to be accepted")
	fs.DurationVar(&so.shutdownGrace, "shutdown-grace", so.shutdownGrace, "time requests in flight get to finish on SIGINT or SIGTERM")
	// Read as a string and checked after parsing, so a bad value is one line, not a usage text.
	compat := string(reference.CompatIntended)
	fs.StringVar(&compat, "compat", compat, "behaviour to emulate: "+compatNames()+
		" (every deviation of Mage 0.9.79 is listed in the README)")
	deviations := ""
	fs.StringVar(&deviations, "deviations", "", "compat entries to serve on top of the intended mode, by id, comma-separated"+
		" (instead of --compat; one entry alone shows what it changes)")
	runs := string(reference.RunsStay)
	fs.StringVar(&runs, "runs", runs, "what happens to pipeline runs: stay (as created) or advance (one step per request that reads them)")
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := envNames[f.Name]
		if v, ok := lookupEnv(name); ok && envErr == nil {
			if name == "REQUIRE_USER_AUTHENTICATION" {
				v = normalizeBool(v)
			}
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("environment %s=%q: %v", name, v, err)
			}
		}
	})
	if envErr != nil {
		return opts, envErr
	}
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if err := opts.check(); err != nil {
		return opts, err
	}
	mode, err := reference.ParseCompat(compat)
	if err != nil {
		return opts, fmt.Errorf("--compat (or %s): %v", envNames["compat"], err)
	}
	c.Compat = mode
	if c.Runs, err = reference.ParseRuns(runs); err != nil {
		return opts, fmt.Errorf("--runs (or %s): %v", envNames["runs"], err)
	}
	for _, id := range strings.Split(deviations, ",") {
		if id = strings.TrimSpace(id); id != "" {
			opts.deviations = append(opts.deviations, id)
		}
	}
	if len(opts.deviations) > 0 {
		if mode != reference.CompatIntended {
			return opts, fmt.Errorf("--deviations (or %s) is the intended mode plus the entries it names: not with --compat %s", envNames["deviations"], mode)
		}
		if _, err := reference.NewWithDeviations(*c, opts.deviations...); err != nil {
			return opts, fmt.Errorf("--deviations (or %s): %v", envNames["deviations"], strings.TrimPrefix(err.Error(), "reference: "))
		}
	}
	return opts, nil
}

// handler is the reference the options describe.
func (o options) handler() http.Handler {
	if len(o.deviations) > 0 {
		h, err := reference.NewWithDeviations(o.config, o.deviations...)
		if err != nil {
			panic(err) // parseOptions checked the ids
		}
		return h
	}
	return reference.New(o.config)
}

func compatNames() string {
	var names []string
	for _, c := range reference.Compats() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// normalizeBool accepts Mage's spellings (0/1, true/false, yes/no, on/off).
func normalizeBool(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return "true"
	case "0", "false", "no", "off", "":
		return "false"
	}
	return v // flag.BoolVar reports anything else as invalid
}

// check refuses settings that would leave a bound off: every timeout and limit is positive.
func (o options) check() error {
	for name, d := range map[string]time.Duration{"read-header-timeout": o.server.readHeaderTimeout,
		"read-timeout": o.server.readTimeout, "write-timeout": o.server.writeTimeout,
		"idle-timeout": o.server.idleTimeout, "shutdown-grace": o.server.shutdownGrace} {
		if d <= 0 {
			return fmt.Errorf("--%s (or %s) must be positive, not %s", name, envNames[name], d)
		}
	}
	for name, n := range map[string]int64{"max-header-bytes": int64(o.server.maxHeaderBytes),
		"max-connections": int64(o.server.maxConnections), "max-body-bytes": o.config.MaxBodyBytes,
		"max-json-depth": int64(o.config.MaxJSONDepth), "max-value-bytes": int64(o.config.MaxValueBytes)} {
		if n <= 0 {
			return fmt.Errorf("--%s (or %s) must be positive, not %d", name, envNames[name], n)
		}
	}
	return nil
}
