// Package presenters says what a response shows of each resource (C §7): one
// file per resource with how each value is rendered. Its formats (attribute
// allow-lists per action or _format) are read from the resource's declared
// attributes (resources.<Resource>Attributes.Formats()); what is kept here are
// Mage's formats (InMage) and the key lists of nested objects, which are not
// formats of the record. The operation filters what Present returns through the
// chosen format, so an attribute no format lists is never shown.
package presenters

// RepoPath is the project path the reference reports.
const RepoPath = "/home/src/default_repo"

// VariablesDir is the project's variables folder the reference reports in the Mage-faithful
// mode (compat.PipelineVariablesDir): Mage's default, ~/.mage_data/<project>, in its image.
const VariablesDir = "/root/.mage_data/default_repo"

// withAttributes copies base and appends extra, so formats never share a backing array.
func withAttributes(base []string, extra ...string) []string {
	return append(append([]string{}, base...), extra...)
}
