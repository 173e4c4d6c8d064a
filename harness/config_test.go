package harness

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference"
)

// isolateEnv clears every CONFORMANCE_* variable and points the .env lookup at an empty dir.
func isolateEnv(t *testing.T) string {
	t.Helper()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "CONFORMANCE_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

func TestConfigDefaults(t *testing.T) {
	isolateEnv(t)
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.TargetURL != "" || c.APIKey != DefaultAPIKey || c.Email != "admin@admin.com" || c.Password != "admin" ||
		!c.UserAuth || c.Strict || c.Wait != 4*time.Second || c.TargetPort != DefaultPort || c.SeedFromEnv {
		t.Errorf("defaults: %+v", c)
	}
}

func TestConfigFromEnv(t *testing.T) {
	isolateEnv(t)
	for k, v := range map[string]string{
		EnvTargetURL: "http://mage:6789/", EnvAPIKey: "k", EnvEmail: "e@x.io", EnvPassword: "p",
		EnvUserAuth: "off", EnvSeed: "42", EnvStrict: "on", EnvReportDir: "out", EnvWait: "90s",
		EnvRequireDocker: "true", EnvProfile: "p.yaml", EnvCertify: "1",
	} {
		t.Setenv(k, v)
	}
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.TargetURL != "http://mage:6789" || c.APIKey != "k" || c.Email != "e@x.io" || c.Password != "p" ||
		c.UserAuth || c.Seed != 42 || !c.SeedFromEnv || !c.Strict || c.ReportDir != "out" ||
		c.Wait != 90*time.Second || !c.RequireDocker || c.Profile != "p.yaml" || !c.Certify {
		t.Errorf("from env: %+v", c)
	}
}

func TestConfigContainerKeys(t *testing.T) {
	isolateEnv(t)
	t.Setenv(EnvTargetImage, "mageai/mageai:0.9.79")
	t.Setenv(EnvTargetPort, "8080")
	t.Setenv(EnvTargetEnv, "A=1, B=x=y")
	t.Setenv(EnvWait, "10")
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.TargetImage != "mageai/mageai:0.9.79" || c.TargetPort != 8080 || c.Wait != 10*time.Second ||
		len(c.TargetEnv) != 2 || c.TargetEnv["A"] != "1" || c.TargetEnv["B"] != "x=y" {
		t.Errorf("container keys: %+v", c)
	}
}

func TestDotEnvFileAndPrecedence(t *testing.T) {
	dir := isolateEnv(t)
	writeFile(t, filepath.Join(dir, ".env"), "CONFORMANCE_API_KEY=fromfile\nCONFORMANCE_SEED=7\nCONFORMANCE_STRICT=yes\n")
	t.Setenv(EnvSeed, "9")
	t.Setenv(EnvAPIKey, "") // empty in the environment: the file still applies
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.APIKey != "fromfile" || !c.Strict {
		t.Errorf(".env values not read: %+v", c)
	}
	if c.Seed != 9 {
		t.Errorf("environment must win over .env: seed %d", c.Seed)
	}

	other := filepath.Join(dir, "other.env")
	writeFile(t, other, "CONFORMANCE_EMAIL=file@x.io\n")
	t.Setenv(EnvFile, other)
	if c, err = LoadConfig(); err != nil || c.Email != "file@x.io" || c.APIKey != DefaultAPIKey {
		t.Errorf("CONFORMANCE_ENV_FILE: %+v, %v", c, err)
	}

	t.Setenv(EnvFile, filepath.Join(dir, "missing.env"))
	if _, err := LoadConfig(); err == nil || !strings.Contains(err.Error(), EnvFile) {
		t.Errorf("a named .env file that is missing should be an error naming %s, got %v", EnvFile, err)
	}
}

func TestBadValuesNameTheirKey(t *testing.T) {
	cases := map[string]string{
		EnvUserAuth:       "maybe",
		EnvSeed:           "abc",
		EnvStrict:         "2",
		EnvWait:           "-3s",
		EnvTargetPort:     "70000",
		EnvTargetURL:      "localhost:6789",
		EnvTargetEnv:      "NOEQUALS",
		EnvCertify:        "sure",
		EnvCompat:         "mage-1.0",
		EnvTimeout:        "never",
		EnvRequestTimeout: "0",
	}
	for key, value := range cases {
		t.Run(key, func(t *testing.T) {
			isolateEnv(t)
			t.Setenv(key, value)
			_, err := LoadConfig()
			if err == nil || !strings.Contains(err.Error(), key) {
				t.Errorf("%s=%s: error %v should name the key", key, value, err)
			}
		})
	}
}

func TestConflictingTargets(t *testing.T) {
	isolateEnv(t)
	t.Setenv(EnvTargetImage, "img")
	t.Setenv(EnvTargetDockerfile, "Dockerfile")
	if _, err := LoadConfig(); err == nil {
		t.Error("image and Dockerfile together should be refused")
	}
	t.Setenv(EnvTargetDockerfile, "")
	t.Setenv(EnvTargetURL, "http://x:1")
	if _, err := LoadConfig(); err == nil {
		t.Error("URL and image together should be refused")
	}
}

func TestRedactedMasksSecretsAndListsEveryKey(t *testing.T) {
	c := DefaultConfig()
	c.TargetURL = "http://user:pw@host:1"
	c.TargetEnv = map[string]string{"DB_PASSWORD": "hunter2"}
	r := c.Redacted()
	for _, k := range KnownKeys() {
		if _, ok := r[k]; !ok && k != EnvFile {
			t.Errorf("Redacted lacks %s", k)
		}
	}
	all := strings.Join(mapValues(r), " ")
	for _, secret := range []string{DefaultAPIKey, "hunter2", ":pw@"} {
		if strings.Contains(all, secret) {
			t.Errorf("Redacted leaks %q: %v", secret, r)
		}
	}
	if r[EnvPassword] == "admin" || r[EnvUserAuth] != "on" {
		t.Errorf("Redacted: %v", r)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestTimeoutsAndCompat(t *testing.T) {
	isolateEnv(t)
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout != 10*time.Minute || c.RequestTimeout != 30*time.Second || c.Compat != "" ||
		c.EffectiveCompat() != reference.CompatIntended || !c.BuiltIn() {
		t.Errorf("defaults: timeout %s, request timeout %s, compat %q", c.Timeout, c.RequestTimeout, c.Compat)
	}
	if r := c.Redacted(); r[EnvCompat] != "intended" || r[EnvTimeout] != "10m0s" || r[EnvRequestTimeout] != "30s" {
		t.Errorf("Redacted: %v", r)
	}
	t.Setenv(EnvTimeout, "2m")
	t.Setenv(EnvRequestTimeout, "5")
	t.Setenv(EnvCompat, "mage-0.9.79")
	if c, err = LoadConfig(); err != nil {
		t.Fatal(err)
	}
	if c.Timeout != 2*time.Minute || c.RequestTimeout != 5*time.Second || c.EffectiveCompat() != reference.CompatMage0979 {
		t.Errorf("from env: timeout %s, request timeout %s, compat %q", c.Timeout, c.RequestTimeout, c.Compat)
	}
	if got := c.Judging(); got != "the built-in reference server (compat mage-0.9.79)" {
		t.Errorf("Judging = %q", got)
	}
}

func TestCompatOnlyForTheBuiltInReference(t *testing.T) {
	for _, other := range []string{EnvTargetURL, EnvTargetImage, EnvTargetDockerfile} {
		t.Run(other, func(t *testing.T) {
			isolateEnv(t)
			t.Setenv(EnvCompat, "intended")
			value := "img"
			if other == EnvTargetURL {
				value = "http://mage:6789"
			}
			t.Setenv(other, value)
			_, err := LoadConfig()
			if err == nil || !strings.HasPrefix(err.Error(), EnvCompat+":") || !strings.Contains(err.Error(), other) {
				t.Errorf("compat with %s: error %v should start with %s and name %s", other, err, EnvCompat, other)
			}
		})
	}
}

func TestUnknownKeysAreErrorsNamingTheNearestKey(t *testing.T) {
	cases := map[string]string{
		"CONFORMANCE_TAGRET_URL":     EnvTargetURL,
		"CONFORMANCE_APIKEY":         EnvAPIKey,
		"CONFORMANCE_REQUEST_TIMOUT": EnvRequestTimeout,
		"CONFORMANCE_STICT":          EnvStrict,
		"CONFORMANCE_NOTHING_ALIKE":  "",
	}
	for key, near := range cases {
		t.Run(key, func(t *testing.T) {
			isolateEnv(t)
			t.Setenv(key, "1")
			_, err := LoadConfig()
			if err == nil || !strings.HasPrefix(err.Error(), key+": unknown key") {
				t.Fatalf("%s: error %v should start with %q", key, err, key+": unknown key")
			}
			if hasHint := strings.Contains(err.Error(), "did you mean "); hasHint != (near != "") ||
				near != "" && !strings.Contains(err.Error(), "did you mean "+near+"?") {
				t.Errorf("%s: error %q should suggest %q", key, err, near)
			}
		})
	}
	t.Run(".env", func(t *testing.T) {
		dir := isolateEnv(t)
		writeFile(t, filepath.Join(dir, ".env"), "CONFORMANCE_SEDE=4\nOTHER_TOOL_KEY=x\n")
		_, err := LoadConfig()
		if err == nil || !strings.HasPrefix(err.Error(), "CONFORMANCE_SEDE: unknown key; did you mean "+EnvSeed+"?") {
			t.Errorf("a typo in .env: %v", err)
		}
	})
	t.Run("other prefixes are not ours", func(t *testing.T) {
		isolateEnv(t)
		t.Setenv("CONFORMANCEX", "1")
		t.Setenv("UPDATE_MUTANTS_DOC", "1")
		if _, err := LoadConfig(); err != nil {
			t.Error(err)
		}
	})
}

// The known keys are the Env* constants, all of them: a key added without joining the list
// would make every run that sets it fail as unknown.
func TestKnownKeysAreTheKeyConstants(t *testing.T) {
	file, err := goparser.ParseFile(token.NewFileSet(), "config.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var constants []string
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			for i, name := range spec.(*ast.ValueSpec).Names {
				if !strings.HasPrefix(name.Name, "Env") {
					continue
				}
				lit, ok := spec.(*ast.ValueSpec).Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a string literal", name.Name)
				}
				constants = append(constants, strings.Trim(lit.Value, `"`))
			}
		}
	}
	slices.Sort(constants)
	if known := KnownKeys(); !slices.Equal(known, constants) {
		t.Errorf("known keys %v, Env constants %v", known, constants)
	}
	for _, k := range constants {
		if !strings.HasPrefix(k, keyPrefix) {
			t.Errorf("%s does not start with %s", k, keyPrefix)
		}
	}
}

func TestEditDistanceCountsASwapAsOne(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"TAGRET", "TARGET", 1}, {"", "ABC", 3}, {"WAIT", "WAIT", 0}, {"SEDE", "SEED", 1}, {"APIKEY", "API_KEY", 1}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
