// Package version says which mageconform made a run, from the build information Go writes into
// every binary: the module version (v0.3.0 for `go install ...@v0.3.0`, "(devel)" for a build
// from a checkout) and the VCS revision of a checkout build. Reports and `mageconform
// --version` print it, so a result can be traced to the code that judged it.
package version

import (
	"runtime/debug"
	"strings"
)

// Module is mageconform's module path.
const Module = "github.com/mageconform/mageconform"

// Info is what the build knows about itself.
type Info struct {
	Version  string `json:"version" yaml:"version"`                       // module version, or "devel"
	Revision string `json:"revision,omitempty" yaml:"revision,omitempty"` // VCS commit of a checkout build
	Modified bool   `json:"modified,omitempty" yaml:"modified,omitempty"` // the checkout had uncommitted changes
	Go       string `json:"go" yaml:"go"`
}

// Get reads the running binary's build information.
func Get() Info {
	info := Info{Version: "devel"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.Go = bi.GoVersion
	if v := moduleVersion(bi); v != "" && v != "(devel)" {
		info.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// moduleVersion is mageconform's version whether it is the main module (go install, go build)
// or a dependency (a program that imports the suites).
func moduleVersion(bi *debug.BuildInfo) string {
	if bi.Main.Path == Module {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == Module {
			return d.Version
		}
	}
	return ""
}

// String is one line: "v0.3.0", or "devel (a1b2c3d4e5f6, modified)".
func (i Info) String() string {
	var extra []string
	if i.Revision != "" {
		extra = append(extra, short(i.Revision))
	}
	if i.Modified {
		extra = append(extra, "modified")
	}
	if len(extra) == 0 {
		return i.Version
	}
	return i.Version + " (" + strings.Join(extra, ", ") + ")"
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
