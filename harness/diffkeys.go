package harness

import (
	"os"
	"strings"
)

// The baseline keys are read by `mageconform diff` only: a conformance run judges one target
// and never uses them, but they are known keys, so a .env shared by both commands is accepted.
var baselineSecrets = map[string]bool{EnvBaselineAPIKey: true, EnvBaselinePassword: true}

// diffSettings lists the diff's keys for a run's configuration listing, secrets masked.
func diffSettings() map[string]string {
	out := map[string]string{EnvExchangeLog: exchangeLogSetting()}
	for _, k := range []string{EnvBaselineURL, EnvBaselineCompat, EnvBaselineAPIKey, EnvBaselineEmail, EnvBaselinePassword, EnvBaselineUserAuth} {
		v := strings.TrimSpace(os.Getenv(k))
		if baselineSecrets[k] && v != "" {
			v = "<redacted>"
		}
		out[k] = redactedURLIf(k, v)
	}
	return out
}

func redactedURLIf(key, v string) string {
	if key == EnvBaselineURL && v != "" {
		return redactedURL(v)
	}
	return v
}

// LookupKeys reads the given keys as LoadConfig does: the environment, then the .env file
// (CONFORMANCE_ENV_FILE, default ./.env), the environment winning and an empty value counting
// as unset. Keys without a value are absent from the map. Unknown CONFORMANCE_* keys are
// refused here too, with the nearest key named.
func LookupKeys(keys ...string) (map[string]string, error) {
	file, err := readSettings()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, k := range keys {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			out[k] = v
		} else if v := strings.TrimSpace(file[k]); v != "" {
			out[k] = v
		}
	}
	return out, nil
}

// ConfigFromKeys builds a configuration from the given keys alone (no environment, no .env),
// with LoadConfig's checks: `mageconform diff` checks each side's configuration this way
// before it starts the side's run.
func ConfigFromKeys(keys map[string]string) (Config, error) {
	return configFrom(func(k string) (string, bool) {
		v, ok := keys[k]
		return v, ok
	})
}
