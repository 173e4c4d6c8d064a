package report

import "fmt"

// The configuration keys the report reads to say what was judged (harness.Config.Redacted).
const (
	keyTargetURL        = "CONFORMANCE_TARGET_URL"
	keyTargetImage      = "CONFORMANCE_TARGET_IMAGE"
	keyTargetDockerfile = "CONFORMANCE_TARGET_DOCKERFILE"
	keyCompat           = "CONFORMANCE_COMPAT"
)

// targetFromConfig reads what was judged from the run's (redacted) configuration; nil when
// the configuration does not say (no target key at all).
func targetFromConfig(cfg any) *TargetInfo {
	values := map[string]string{}
	for _, kv := range configRows(cfg) {
		values[kv.Key] = kv.Value
	}
	_, hasURL := values[keyTargetURL]
	_, hasImage := values[keyTargetImage]
	_, hasDockerfile := values[keyTargetDockerfile]
	if !hasURL && !hasImage && !hasDockerfile {
		return nil
	}
	switch {
	case values[keyTargetImage] != "":
		return &TargetInfo{Description: "the container image " + values[keyTargetImage]}
	case values[keyTargetDockerfile] != "":
		return &TargetInfo{Description: "the image built from " + values[keyTargetDockerfile]}
	case values[keyTargetURL] != "":
		return &TargetInfo{Description: values[keyTargetURL], URL: values[keyTargetURL]}
	}
	return BuiltIn(values[keyCompat])
}

// BuiltIn describes the built-in reference server in a compat mode ("" = intended).
func BuiltIn(compat string) *TargetInfo {
	if compat == "" {
		compat = "intended"
	}
	return &TargetInfo{
		Description: fmt.Sprintf("the built-in reference server (compat %s)", compat),
		BuiltIn:     true,
		Compat:      compat,
	}
}

// judging is the line that says what the run judged, "" when unknown.
func (s *Summary) judging() string {
	if s.Target == nil || s.Target.Description == "" {
		return ""
	}
	j := "judging " + s.Target.Description
	if s.ClaimedVersion != "" {
		j += ", which claims Mage " + s.ClaimedVersion
	}
	return j
}
