package harness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		EnvUserAuth:   "maybe",
		EnvSeed:       "abc",
		EnvStrict:     "2",
		EnvWait:       "-3s",
		EnvTargetPort: "70000",
		EnvTargetURL:  "localhost:6789",
		EnvTargetEnv:  "NOEQUALS",
		EnvCertify:    "sure",
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
	for _, k := range []string{EnvTargetURL, EnvAPIKey, EnvEmail, EnvPassword, EnvUserAuth, EnvSeed, EnvStrict,
		EnvReportDir, EnvTargetImage, EnvTargetDockerfile, EnvTargetPort, EnvTargetEnv, EnvRequireDocker,
		EnvProfile, EnvCertify, EnvWait} {
		if _, ok := r[k]; !ok {
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
