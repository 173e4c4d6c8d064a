// Package profile reads a target's capability profile: which resources it serves, whether it
// requires user authentication, and which optional behaviours it implements. Specs for
// anything a target does not declare are skipped as "not applicable" instead of failing;
// certification (CONFORMANCE_CERTIFY) then refuses a run that left out a MUST rule.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// NotApplicable starts every reason Applies gives, so a spec can pass it straight to Skip and
// the report can tell "the target does not declare this" from any other skip.
const NotApplicable = "not applicable: "

// OnlyWithoutAuth follows NotApplicable when a spec is about a server running without user
// authentication and the target requires it. Such a spec describes another mode of the
// server, not something the target left out, so certification does not count it as a gap.
const OnlyWithoutAuth = "only without user authentication: "

// OnlyIfDeclared follows NotApplicable when a spec needs an opt-in feature the profile does not
// declare: a capability a target may lack, which certification does not ask for either.
const OnlyIfDeclared = "only for targets that declare it: "

// Profile is what a target declares. The zero value is not useful; use Load or Everything.
type Profile struct {
	// Name identifies the profile in reports (the file name when the file gives none).
	Name string
	// Source is the file the profile came from ("" for Everything).
	Source string
	// Resources lists the declared resources, in vocabulary order.
	Resources []string
	// UserAuthentication says whether the target requires user authentication.
	UserAuthentication bool
	// Features lists the declared optional behaviours, in vocabulary order.
	Features []string
	// MinVersion is the oldest Mage version the target may claim (GET /api/projects); "" for
	// any, a claim or none.
	MinVersion string

	authDeclared bool // the file set user_authentication itself
}

// file is the YAML shape. Pointers tell "left out" (everything) from "empty list" (nothing).
type file struct {
	Name               string    `yaml:"name"`
	Resources          *[]string `yaml:"resources"`
	UserAuthentication *onOff    `yaml:"user_authentication"`
	Features           *[]string `yaml:"features"`
	MinVersion         string    `yaml:"min_version"`
}

// Everything is the profile used when none is given: every resource, every optional
// behaviour, and user authentication on unless ForConfig is told otherwise.
func Everything() *Profile {
	return &Profile{
		Name:               "everything",
		Resources:          KnownResources(),
		UserAuthentication: true,
		Features:           DefaultFeatures(),
	}
}

// Load reads a profile file; an empty path gives Everything. Unknown keys, unknown resource or
// feature names, duplicates and malformed YAML are errors naming the file.
func Load(path string) (*Profile, error) {
	if path == "" {
		return Everything(), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	p, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	p.Source = path
	if p.Name == "" {
		p.Name = path
	}
	return p, nil
}

// ForConfig loads the profile for a run configured with or without user authentication
// (CONFORMANCE_USER_AUTH): a profile that does not say (or no profile at all) takes the run's
// setting, and one that says the opposite is an error, since either the specs for one mode
// would be skipped for nothing or those of the other would run against the wrong server.
func ForConfig(path string, userAuth bool) (*Profile, error) {
	p, err := Load(path)
	if err != nil {
		return nil, err
	}
	if !p.authDeclared {
		p.UserAuthentication = userAuth
		return p, nil
	}
	if p.UserAuthentication != userAuth {
		return nil, fmt.Errorf("profile %s declares user_authentication: %s, but the run is configured with it %s (CONFORMANCE_USER_AUTH)",
			p.Name, onOffWord(p.UserAuthentication), onOffWord(userAuth))
	}
	return p, nil
}

func onOffWord(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// Parse reads a profile from YAML text (see Load).
func Parse(raw []byte) (*Profile, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, readable(err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one YAML document")
	}
	p := Everything()
	p.Name = f.Name
	p.MinVersion = f.MinVersion
	if f.Resources != nil {
		r, err := pick("resource", *f.Resources, knownResources())
		if err != nil {
			return nil, err
		}
		p.Resources = r
	}
	if f.UserAuthentication != nil {
		p.UserAuthentication = bool(*f.UserAuthentication)
		p.authDeclared = true
	}
	if f.Features != nil {
		fs, err := pick("feature", *f.Features, knownFeatures)
		if err != nil {
			return nil, err
		}
		p.Features = fs
	}
	return p, nil
}

var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// readable rewords yaml's "field x not found in type profile.file" in the profile's terms.
func readable(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		msgs[i] = unknownField.ReplaceAllString(m, `unknown key "$1" (known keys: name, resources, user_authentication, features, min_version)`)
	}
	return errors.New(strings.Join(msgs, "; "))
}

// pick validates names against a vocabulary and returns them in vocabulary order.
func pick(kind string, names, known []string) ([]string, error) {
	seen := map[string]bool{}
	for _, n := range names {
		if n == UserAuth || n == NoUserAuth {
			return nil, fmt.Errorf("%s %q is set with user_authentication: on|off", kind, n)
		}
		if !slices.Contains(known, n) {
			return nil, fmt.Errorf("unknown %s %q (known: %s)", kind, n, strings.Join(known, ", "))
		}
		if seen[n] {
			return nil, fmt.Errorf("%s %q listed twice", kind, n)
		}
		seen[n] = true
	}
	var out []string
	for _, k := range known {
		if seen[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

// Applies tells whether a spec about resource ("" when it is about no one resource) that needs
// the given features should run against this target. When it should not, why starts with
// NotApplicable and names what the profile leaves out. A nil profile applies to everything.
// An unknown resource or feature name is a bug in the calling suite and panics, so it fails
// the spec loudly rather than skipping it.
func (p *Profile) Applies(resource string, features ...string) (ok bool, why string) {
	if resource != "" && !slices.Contains(knownResources(), resource) {
		panic(fmt.Sprintf("profile.Applies: unknown resource %q", resource))
	}
	for _, f := range features {
		if f != UserAuth && f != NoUserAuth && !slices.Contains(knownFeatures, f) {
			panic(fmt.Sprintf("profile.Applies: unknown feature %q", f))
		}
	}
	if p == nil {
		return true, ""
	}
	if resource != "" && !slices.Contains(p.Resources, resource) {
		return false, fmt.Sprintf("%sprofile %q does not declare resource %s", NotApplicable, p.Name, resource)
	}
	for _, f := range features {
		switch {
		case f == UserAuth && !p.UserAuthentication:
			return false, fmt.Sprintf("%sprofile %q declares user_authentication: off", NotApplicable, p.Name)
		case f == NoUserAuth && p.UserAuthentication:
			return false, fmt.Sprintf("%s%sprofile %q declares user_authentication: on", NotApplicable, OnlyWithoutAuth, p.Name)
		case slices.Contains(optInFeatures, f) && !slices.Contains(p.Features, f):
			return false, fmt.Sprintf("%s%sprofile %q does not declare feature %s", NotApplicable, OnlyIfDeclared, p.Name, f)
		case f != UserAuth && f != NoUserAuth && !slices.Contains(p.Features, f):
			return false, fmt.Sprintf("%sprofile %q does not declare feature %s", NotApplicable, p.Name, f)
		}
	}
	return true, ""
}

// LeavesOut lists what the profile does not declare ("resource users", "feature cors",
// "user_authentication: off"), for the report header and for certification messages.
func (p *Profile) LeavesOut() []string {
	var out []string
	for _, r := range knownResources() {
		if !slices.Contains(p.Resources, r) {
			out = append(out, "resource "+r)
		}
	}
	if !p.UserAuthentication {
		out = append(out, "user_authentication: off")
	}
	for _, f := range knownFeatures {
		if !slices.Contains(p.Features, f) && !slices.Contains(optInFeatures, f) {
			out = append(out, "feature "+f)
		}
	}
	return out
}
