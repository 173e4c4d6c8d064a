package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/mageconform/mageconform/reference"
)

type options struct {
	addr   string
	config reference.Config
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
}

// parseOptions reads the environment first, then the flags over it.
func parseOptions(args []string, lookupEnv func(string) (string, bool), output io.Writer) (options, error) {
	opts := options{addr: "127.0.0.1:6789", config: reference.DefaultConfig()}
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
	// Read as a string and checked after parsing, so a bad value is one line, not a usage text.
	compat := string(reference.CompatIntended)
	fs.StringVar(&compat, "compat", compat, "behaviour to emulate: "+compatNames()+
		" (every deviation of Mage 0.9.79 is listed in the README)")
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
	mode, err := reference.ParseCompat(compat)
	if err != nil {
		return opts, fmt.Errorf("--compat (or %s): %v", envNames["compat"], err)
	}
	c.Compat = mode
	return opts, nil
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
