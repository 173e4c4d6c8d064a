package harness

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"github.com/mageconform/mageconform/reference"
)

// Mage's documented defaults, so the doc page's examples work against the reference unchanged.
const (
	DefaultAPIKey   = "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2"
	DefaultEmail    = "admin@admin.com"
	DefaultPassword = "admin"
	DefaultWait     = 4 * time.Second
	DefaultPort     = 6789 // Mage's port, for container targets
	// DefaultTimeout bounds the whole run (the suites' Ginkgo timeout in the CLI).
	DefaultTimeout = 10 * time.Minute
	// DefaultRequestTimeout bounds one exchange, so a hanging target fails a spec, not the run.
	DefaultRequestTimeout = 30 * time.Second
)

// Config is everything a run is told from outside. See docs/architecture.md for the key table.
type Config struct {
	TargetURL        string // "" = in-process reference
	APIKey           string
	Email            string
	Password         string
	UserAuth         bool
	Seed             int64
	SeedFromEnv      bool // false when Seed was derived from the clock
	Strict           bool
	ReportDir        string
	TargetImage      string
	TargetDockerfile string
	TargetPort       int
	TargetEnv        map[string]string
	RequireDocker    bool
	Profile          string
	Certify          bool
	Wait             time.Duration
	// Compat is the behaviour the built-in reference emulates; "" = not set (intended). Only
	// meaningful without a URL or container target (see EffectiveCompat).
	Compat reference.Compat
	// Runs is the built-in reference's run simulation ("" = not set: runs stay as created).
	Runs reference.Runs
	// RunWait bounds how long a spec waits for a run to execute (B4.run-completes), on a
	// target whose profile says it executes runs.
	RunWait        time.Duration
	Timeout        time.Duration // the whole run
	RequestTimeout time.Duration // one exchange; 0 = DefaultRequestTimeout
}

// Config keys, environment or .env.
const (
	EnvFile             = "CONFORMANCE_ENV_FILE"
	EnvTargetURL        = "CONFORMANCE_TARGET_URL"
	EnvAPIKey           = "CONFORMANCE_API_KEY"
	EnvEmail            = "CONFORMANCE_EMAIL"
	EnvPassword         = "CONFORMANCE_PASSWORD"
	EnvUserAuth         = "CONFORMANCE_USER_AUTH"
	EnvSeed             = "CONFORMANCE_SEED"
	EnvStrict           = "CONFORMANCE_STRICT"
	EnvReportDir        = "CONFORMANCE_REPORT_DIR"
	EnvTargetImage      = "CONFORMANCE_TARGET_IMAGE"
	EnvTargetDockerfile = "CONFORMANCE_TARGET_DOCKERFILE"
	EnvTargetPort       = "CONFORMANCE_TARGET_PORT"
	EnvTargetEnv        = "CONFORMANCE_TARGET_ENV"
	EnvRequireDocker    = "CONFORMANCE_REQUIRE_DOCKER"
	EnvProfile          = "CONFORMANCE_PROFILE"
	EnvCertify          = "CONFORMANCE_CERTIFY"
	EnvWait             = "CONFORMANCE_WAIT"
	EnvCompat           = "CONFORMANCE_COMPAT"
	EnvRuns             = "CONFORMANCE_RUNS"
	EnvRunWait          = "CONFORMANCE_RUN_WAIT"
	EnvTimeout          = "CONFORMANCE_TIMEOUT"
	EnvRequestTimeout   = "CONFORMANCE_REQUEST_TIMEOUT"
)

// Keys of `mageconform diff` (diffkeys.go): the exchange log a run writes, and the baseline side.
const (
	EnvExchangeLog      = "CONFORMANCE_EXCHANGE_LOG"
	EnvBaselineURL      = "CONFORMANCE_BASELINE_URL"
	EnvBaselineCompat   = "CONFORMANCE_BASELINE_COMPAT"
	EnvBaselineAPIKey   = "CONFORMANCE_BASELINE_API_KEY"
	EnvBaselineEmail    = "CONFORMANCE_BASELINE_EMAIL"
	EnvBaselinePassword = "CONFORMANCE_BASELINE_PASSWORD"
	EnvBaselineUserAuth = "CONFORMANCE_BASELINE_USER_AUTH"
)

// knownKeys is every configuration key: a CONFORMANCE_* variable (environment or .env) not in
// it is a mistake, reported with the nearest of these. One entry per Env constant above.
var knownKeys = []string{
	EnvFile, EnvTargetURL, EnvAPIKey, EnvEmail, EnvPassword, EnvUserAuth, EnvSeed, EnvStrict,
	EnvReportDir, EnvTargetImage, EnvTargetDockerfile, EnvTargetPort, EnvTargetEnv, EnvRequireDocker,
	EnvProfile, EnvCertify, EnvWait, EnvCompat, EnvRuns, EnvRunWait, EnvTimeout, EnvRequestTimeout,
	EnvExchangeLog, EnvBaselineURL, EnvBaselineCompat, EnvBaselineAPIKey, EnvBaselineEmail, EnvBaselinePassword, EnvBaselineUserAuth,
}

// keyPrefix starts every configuration key; any variable with it must be a known key.
const keyPrefix = "CONFORMANCE_"

// KnownKeys lists every configuration key, sorted.
func KnownKeys() []string {
	out := append([]string(nil), knownKeys...)
	sort.Strings(out)
	return out
}

// DefaultConfig is the configuration with no environment at all (seed taken from the clock).
func DefaultConfig() Config {
	return Config{
		APIKey:         DefaultAPIKey,
		Email:          DefaultEmail,
		Password:       DefaultPassword,
		UserAuth:       true,
		Seed:           time.Now().UnixNano() % 1_000_000_000,
		TargetPort:     DefaultPort,
		Wait:           DefaultWait,
		Timeout:        DefaultTimeout,
		RequestTimeout: DefaultRequestTimeout,
	}
}

// BuiltIn reports whether the run judges the built-in reference (no URL, no container).
func (c Config) BuiltIn() bool {
	return c.TargetURL == "" && c.TargetImage == "" && c.TargetDockerfile == ""
}

// EffectiveCompat is the mode the built-in reference runs in ("" for any other target).
func (c Config) EffectiveCompat() reference.Compat {
	if !c.BuiltIn() {
		return ""
	}
	if c.Compat == "" {
		return reference.CompatIntended
	}
	return c.Compat
}

// Judging names what the run judges, for the first line of a run and the summary:
// "the built-in reference server (compat intended)", "http://host:6789", "the image X".
func (c Config) Judging() string {
	switch {
	case c.TargetImage != "":
		return "the container image " + c.TargetImage
	case c.TargetDockerfile != "":
		return "the image built from " + c.TargetDockerfile
	case c.TargetURL != "":
		return redactedURL(c.TargetURL)
	}
	return fmt.Sprintf("the built-in reference server (compat %s)", c.EffectiveCompat())
}

func redactedURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return s
}

// LoadConfig reads the environment, then the .env file (CONFORMANCE_ENV_FILE, default ./.env;
// a missing file is fine); the environment wins. Bad values are errors naming the key.
func LoadConfig() (Config, error) {
	file, err := readSettings()
	if err != nil {
		return Config{}, err
	}
	return configFrom(func(key string) (string, bool) {
		// An empty variable counts as unset (CI systems define them empty), so .env still applies.
		if v := os.Getenv(key); strings.TrimSpace(v) != "" {
			return v, true
		}
		v, ok := file[key]
		return v, ok
	})
}

// configFrom builds a Config from a lookup; every parse error names its key.
func configFrom(lookup func(string) (string, bool)) (Config, error) {
	c := DefaultConfig()
	p := parser{lookup: lookup}
	c.TargetURL = p.url(EnvTargetURL)
	p.str(EnvAPIKey, &c.APIKey)
	p.str(EnvEmail, &c.Email)
	p.str(EnvPassword, &c.Password)
	p.boolean(EnvUserAuth, &c.UserAuth)
	if v, ok := p.get(EnvSeed); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		p.check(EnvSeed, v, err, "an integer")
		c.Seed, c.SeedFromEnv = n, err == nil
	}
	p.boolean(EnvStrict, &c.Strict)
	p.str(EnvReportDir, &c.ReportDir)
	p.str(EnvTargetImage, &c.TargetImage)
	p.str(EnvTargetDockerfile, &c.TargetDockerfile)
	if v, ok := p.get(EnvTargetPort); ok {
		n, err := strconv.Atoi(v)
		if err == nil && (n < 1 || n > 65535) {
			err = errors.New("out of range")
		}
		p.check(EnvTargetPort, v, err, "a port number 1-65535")
		c.TargetPort = n
	}
	c.TargetEnv = p.pairs(EnvTargetEnv)
	p.boolean(EnvRequireDocker, &c.RequireDocker)
	p.str(EnvProfile, &c.Profile)
	p.boolean(EnvCertify, &c.Certify)
	if v, ok := p.get(EnvWait); ok {
		c.Wait = p.duration(EnvWait, v)
	}
	if v, ok := p.get(EnvTimeout); ok {
		c.Timeout = p.duration(EnvTimeout, v)
	}
	if v, ok := p.get(EnvRequestTimeout); ok {
		c.RequestTimeout = p.duration(EnvRequestTimeout, v)
	}
	if v, ok := p.get(EnvCompat); ok {
		mode, err := reference.ParseCompat(v)
		p.check(EnvCompat, v, err, "one of "+compatNames())
		c.Compat = mode
	}
	if v, ok := p.get(EnvRunWait); ok {
		c.RunWait = p.duration(EnvRunWait, v)
	}
	if v, ok := p.get(EnvRuns); ok {
		runs, err := reference.ParseRuns(v)
		p.check(EnvRuns, v, err, "stay or advance")
		c.Runs = runs
	}
	if p.err == nil && c.Runs != "" && !c.BuiltIn() {
		p.err = fmt.Errorf("%s: chooses how the built-in reference server runs pipelines, so it means nothing with another target; unset it", EnvRuns)
	}
	if p.err == nil && c.TargetImage != "" && c.TargetDockerfile != "" {
		p.err = fmt.Errorf("%s and %s: set at most one of them", EnvTargetImage, EnvTargetDockerfile)
	}
	if p.err == nil && c.TargetURL != "" && (c.TargetImage != "" || c.TargetDockerfile != "") {
		p.err = fmt.Errorf("%s: cannot be combined with a container target (%s/%s)", EnvTargetURL, EnvTargetImage, EnvTargetDockerfile)
	}
	if p.err == nil && c.Compat != "" && !c.BuiltIn() {
		other := EnvTargetURL
		if c.TargetURL == "" {
			other = EnvTargetImage + "/" + EnvTargetDockerfile
		}
		p.err = fmt.Errorf("%s: chooses how the built-in reference server behaves, so it means nothing with %s (the target is another server); unset one of them", EnvCompat, other)
	}
	if p.err != nil {
		return Config{}, p.err
	}
	return c, nil
}

func compatNames() string {
	var names []string
	for _, m := range reference.Compats() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// unknownKeys refuses a CONFORMANCE_* variable that is no configuration key: a typo would
// otherwise be ignored and the run would judge something else than asked.
func unknownKeys(environ []string, where string) error {
	var unknown []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, keyPrefix) && !slices.Contains(knownKeys, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	k := unknown[0]
	msg := k + ": unknown key"
	if near := nearestKey(k); near != "" {
		msg += "; did you mean " + near + "?"
	}
	if where != "" {
		msg += " (in " + where + ")"
	}
	if len(unknown) > 1 {
		msg += "; also unknown: " + strings.Join(unknown[1:], ", ")
	}
	return errors.New(msg)
}

// maxSuggestDistance is how far a typo may be from a key for the key to be suggested.
const maxSuggestDistance = 3

// nearestKey is the known key closest to k, or "" when none is close.
func nearestKey(k string) string {
	best, bestDist := "", maxSuggestDistance+1
	for _, known := range KnownKeys() {
		if d := editDistance(strings.TrimPrefix(k, keyPrefix), strings.TrimPrefix(known, keyPrefix)); d < bestDist {
			best, bestDist = known, d
		}
	}
	return best
}

// editDistance counts insertions, deletions, substitutions and swaps of two neighbours
// (optimal string alignment), so TAGRET is one step from TARGET.
func editDistance(a, b string) int {
	prev2, prev, cur := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// readSettings reads the .env file (CONFORMANCE_ENV_FILE, default ./.env) and refuses unknown
// CONFORMANCE_* keys there and in the environment, naming the nearest known key.
func readSettings() (map[string]string, error) {
	path := os.Getenv(EnvFile)
	explicit := path != ""
	if !explicit {
		path = ".env"
	}
	file, err := godotenv.Read(path)
	if err != nil {
		// Only the implicit ./.env may be absent: a named file that is missing is a typo.
		if explicit || !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: reading %s: %w", EnvFile, path, err)
		}
		file = nil
	}
	if err := unknownKeys(os.Environ(), ""); err != nil {
		return nil, err
	}
	var fileKeys []string
	for k := range file {
		fileKeys = append(fileKeys, k+"=")
	}
	if err := unknownKeys(fileKeys, path); err != nil {
		return nil, err
	}
	return file, nil
}

// parser keeps the first error so LoadConfig reports one clear problem.
type parser struct {
	lookup func(string) (string, bool)
	err    error
}

func (p *parser) get(key string) (string, bool) {
	v, ok := p.lookup(key)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

func (p *parser) check(key, value string, err error, want string) {
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("%s=%q: want %s", key, value, want)
	}
}

func (p *parser) str(key string, dst *string) {
	if v, ok := p.get(key); ok {
		*dst = v
	}
}

func (p *parser) boolean(key string, dst *bool) {
	v, ok := p.get(key)
	if !ok {
		return
	}
	switch strings.ToLower(v) {
	case "1", "on", "true", "yes", "y":
		*dst = true
	case "0", "off", "false", "no", "n":
		*dst = false
	default:
		p.check(key, v, errors.New("bad"), "on/off (also true/false, yes/no, 1/0)")
	}
}

func (p *parser) url(key string) string {
	v, ok := p.get(key)
	if !ok {
		return ""
	}
	u, err := url.Parse(v)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = errors.New("not an absolute http(s) URL")
	}
	if err == nil && (u.RawQuery != "" || u.Fragment != "") {
		err = errors.New("has a query or fragment")
	}
	p.check(key, v, err, "an absolute http(s) base URL like http://localhost:6789")
	return strings.TrimRight(v, "/")
}

// duration accepts Go durations ("90s", "2m") and plain seconds ("10").
func (p *parser) duration(key, v string) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil {
		if n, nerr := strconv.Atoi(v); nerr == nil {
			d, err = time.Duration(n)*time.Second, nil
		}
	}
	if err == nil && d <= 0 {
		err = errors.New("not positive")
	}
	p.check(key, v, err, `a positive duration like "4s" or "2m"`)
	return d
}

// pairs reads KEY=VALUE items separated by commas or newlines.
func (p *parser) pairs(key string) map[string]string {
	v, ok := p.get(key)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' }) {
		k, val, found := strings.Cut(strings.TrimSpace(item), "=")
		if !found || strings.TrimSpace(k) == "" {
			p.check(key, v, errors.New("bad pair"), "comma-separated KEY=VALUE pairs")
			return nil
		}
		out[strings.TrimSpace(k)] = val
	}
	return out
}

// Redacted lists every key with its effective value, secrets masked, for reports.
func (c Config) Redacted() map[string]string {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return "<redacted>"
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	target := c.TargetURL
	if target != "" {
		target = redactedURL(target)
	}
	var env []string
	for k := range c.TargetEnv {
		env = append(env, k+"=<redacted>")
	}
	sort.Strings(env)
	m := map[string]string{
		EnvTargetURL:        target,
		EnvAPIKey:           mask(c.APIKey),
		EnvEmail:            c.Email,
		EnvPassword:         mask(c.Password),
		EnvUserAuth:         onOff(c.UserAuth),
		EnvSeed:             strconv.FormatInt(c.Seed, 10),
		EnvStrict:           onOff(c.Strict),
		EnvReportDir:        c.ReportDir,
		EnvTargetImage:      c.TargetImage,
		EnvTargetDockerfile: c.TargetDockerfile,
		EnvTargetPort:       strconv.Itoa(c.TargetPort),
		EnvTargetEnv:        strings.Join(env, ","),
		EnvRequireDocker:    onOff(c.RequireDocker),
		EnvProfile:          c.Profile,
		EnvCertify:          onOff(c.Certify),
		EnvWait:             c.Wait.String(),
		EnvCompat:           string(c.EffectiveCompat()),
		EnvRuns:             string(c.Runs),
		EnvRunWait:          c.RunWaitOrDefault().String(),
		EnvTimeout:          c.Timeout.String(),
		EnvRequestTimeout:   c.requestTimeout().String(),
	}
	maps.Copy(m, diffSettings())
	return m
}

func (c Config) requestTimeout() time.Duration {
	if c.RequestTimeout <= 0 {
		return DefaultRequestTimeout
	}
	return c.RequestTimeout
}

// DefaultRunWait is how long a run may take to execute when CONFORMANCE_RUN_WAIT is not set:
// a real Mage scheduler ticks every ten seconds and runs one block per tick or so.
const DefaultRunWait = 2 * time.Minute

// RunWaitOrDefault is RunWait, or DefaultRunWait when it is not set.
func (c Config) RunWaitOrDefault() time.Duration {
	if c.RunWait > 0 {
		return c.RunWait
	}
	return DefaultRunWait
}
