package profile

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// onOff accepts the spellings people write for a switch (on/off, true/false, yes/no) and
// rejects anything else, instead of YAML 1.2's "only true/false are booleans" surprise.
type onOff bool

func (o *onOff) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: user_authentication must be on or off", n.Line)
	}
	switch strings.ToLower(n.Value) {
	case "on", "true", "yes":
		*o = true
	case "off", "false", "no":
		*o = false
	default:
		return fmt.Errorf("line %d: user_authentication must be on or off, not %q", n.Line, n.Value)
	}
	return nil
}
