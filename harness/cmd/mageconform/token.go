package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mageconform/mageconform/fixtures"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/report"
)

// tokenCommand is `mageconform token`: it prints, as shell assignments, the secrets a run's
// reproduce lines name as variables, so they can be pasted after `eval "$(mageconform token)"`.
// A run never writes a secret in clear; this command exists to hand them out on request, so its
// stdout is the one output that is not redacted (main calls it before the terminal is captured).
//
//	mageconform token                 CONFORMANCE_API_KEY, CONFORMANCE_PASSWORD, TOKEN, JWT (the owner)
//	mageconform token --number 2      TOKEN_2, JWT_2: another owner session
//	mageconform token --role viewer   TOKEN_VIEWER, JWT_VIEWER: a session of the viewer user
//	mageconform token --role viewer --remove   delete that user again
//
// A role user is mageconform_<role>@example.com, created by the owner on first use with a
// password derived from the owner's (so later calls log in again instead of creating another);
// it stays on the target until --remove.
func tokenCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mageconform token", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &options{env: map[string]*envFlag{}}
	for _, cf := range configFlags {
		switch cf.name {
		case "target", "api-key", "email", "password", "user-auth":
			f := &envFlag{key: cf.key}
			o.env[cf.name] = f
			fs.Var(f, cf.name, fmt.Sprintf("%s (%s)", cf.usage, cf.key))
		}
	}
	role := fs.String("role", "owner", "whose session: owner, admin, editor or viewer")
	number := fs.Int("number", 0, "name an extra owner session TOKEN_N, JWT_N (the variables a run's own later logins had)")
	remove := fs.Bool("remove", false, "delete the role's user instead of logging in")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: mageconform token [--role owner|admin|editor|viewer] [--number N] [--remove] [--target URL] [--api-key K] [--email E] [--password P]")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return report.ExitConformant
		}
		return couldNotJudge(stderr, err)
	}
	if fs.NArg() > 0 {
		return couldNotJudge(stderr, fmt.Errorf("token: unexpected argument %q", fs.Arg(0)))
	}
	if err := o.apply(); err != nil {
		return couldNotJudge(stderr, err)
	}
	cfg, err := harness.LoadConfig()
	if err != nil {
		return couldNotJudge(stderr, o.explain(err))
	}
	if cfg.TargetURL == "" {
		return couldNotJudge(stderr, errors.New("token: give the server with --target (or CONFORMANCE_TARGET_URL): a run's built-in reference ends with the run"))
	}
	r := fixtures.Role(strings.ToLower(*role))
	if r.RoleID() < 1 || r.RoleID() > 4 {
		return couldNotJudge(stderr, fmt.Errorf("token: --role %q: want owner, admin, editor or viewer", *role))
	}
	out, err := roleToken(cfg, r, *number, *remove)
	if err != nil {
		return couldNotJudge(stderr, err)
	}
	fmt.Fprint(stdout, out)
	return report.ExitConformant
}

// roleToken logs in (creating the role user when needed) and renders the assignments.
func roleToken(cfg harness.Config, role fixtures.Role, number int, remove bool) (string, error) {
	c := harness.NewClient(cfg.TargetURL, cfg, nil)
	var b strings.Builder
	fmt.Fprintf(&b, "export %s=%s\n", harness.VarAPIKey, shellQuote(cfg.APIKey))
	if !cfg.UserAuth {
		b.WriteString("# user authentication is off: requests need no token\n")
		return b.String(), nil
	}
	if role == fixtures.Owner && !remove {
		fmt.Fprintf(&b, "export %s=%s\n", harness.VarPassword, shellQuote(cfg.Password))
		s, resp := c.Login(cfg.Email, cfg.Password)
		if s == nil {
			return "", fmt.Errorf("token: owner login as %s failed: %s", cfg.Email, answer(resp))
		}
		writeSession(&b, "", number, s)
		return b.String(), nil
	}
	if role == fixtures.Owner {
		return "", errors.New("token: --remove deletes a role user: give --role admin, editor or viewer")
	}
	email, password := roleUser(cfg, role)
	if !remove {
		if s, _ := c.LoginRole(string(role), email, password); s != nil {
			writeSession(&b, string(role), number, s)
			return b.String(), nil
		}
	}
	owner, resp := c.Login(cfg.Email, cfg.Password)
	if owner == nil {
		return "", fmt.Errorf("token: owner login as %s failed: %s", cfg.Email, answer(resp))
	}
	defer c.Logout(owner)
	as := c.As(owner)
	id, found := findUser(as, email)
	switch {
	case remove && !found:
		return "# no user " + email + " to remove\n", nil
	case remove:
		if resp := as.Delete("/api/users/" + id); resp.Err != nil || isError(resp) {
			return "", fmt.Errorf("token: deleting %s: %s", email, answer(resp))
		}
		return "# removed " + email + "\n", nil
	case found:
		// The user exists with another password (the owner's changed): set it again.
		resp := as.Put("/api/users/"+id, harness.WithJSON(map[string]any{"user": map[string]any{
			"password": password, "password_confirmation": password}}))
		if resp.Err != nil || isError(resp) {
			return "", fmt.Errorf("token: resetting the password of %s: %s", email, answer(resp))
		}
	default:
		username, _, _ := strings.Cut(email, "@")
		resp := as.Post("/api/users", harness.WithJSON(map[string]any{"user": map[string]any{
			"email": email, "username": username, "password": password, "password_confirmation": password,
			"roles_new": []int{role.RoleID()},
		}}))
		if resp.Err != nil || isError(resp) {
			return "", fmt.Errorf("token: creating %s: %s", email, answer(resp))
		}
	}
	s, resp := c.LoginRole(string(role), email, password)
	if s == nil {
		return "", fmt.Errorf("token: logging in as %s failed: %s", email, answer(resp))
	}
	writeSession(&b, string(role), number, s)
	fmt.Fprintf(&b, "# %s stays on the target; remove it with: mageconform token --role %s --remove\n", email, role)
	return b.String(), nil
}

// roleUser is the role's user and a password derived from the owner's: whoever knows the
// owner's password may log in as it anyway, and nobody else can compute it.
func roleUser(cfg harness.Config, role fixtures.Role) (email, password string) {
	mac := hmac.New(sha256.New, []byte(cfg.Password))
	mac.Write([]byte("mageconform token " + string(role)))
	return "mageconform_" + string(role) + "@example.com", hex.EncodeToString(mac.Sum(nil))[:24]
}

func writeSession(b *strings.Builder, role string, number int, s *harness.Session) {
	token, jwt := harness.SessionVariables(role)
	if number > 1 {
		token, jwt = token+"_"+strconv.Itoa(number), jwt+"_"+strconv.Itoa(number)
	}
	fmt.Fprintf(b, "export %s=%s %s=%s\n", token, shellQuote(s.Token), jwt, shellQuote(s.JWT))
}

// findUser pages through the users list for the email.
func findUser(c *harness.Client, email string) (string, bool) {
	for offset := 0; offset < 10000; offset += 100 {
		resp := c.Get("/api/users", harness.WithQuery("_limit", "100"), harness.WithQuery("_offset", strconv.Itoa(offset)))
		items := resp.Items("users")
		for _, u := range items {
			if u["email"] == email {
				id, _ := harness.Int(u, "id")
				return strconv.Itoa(id), true
			}
		}
		if len(items) == 0 {
			break
		}
	}
	return "", false
}

func isError(r *harness.Response) bool {
	_, failed := r.Error()
	return failed
}

func answer(r *harness.Response) string {
	switch {
	case r == nil:
		return "no answer"
	case r.Err != nil:
		return r.Err.Error()
	}
	if e, ok := r.Error(); ok {
		return fmt.Sprintf("E(%d, %s)", e.Code, e.Type)
	}
	return fmt.Sprintf("HTTP %d", r.Status)
}

// harnessStderr is stderr through the run's redaction, for `token`, whose stdout is not.
type harnessStderr struct{}

func (harnessStderr) Write(p []byte) (int, error) {
	if _, err := io.WriteString(os.Stderr, harness.Redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
