package container

import (
	"strings"
)

// logTailLines is how many of a failed container's last log lines go into its error.
const logTailLines = 5

// oneLine flattens an error (errors.Join and wrapped daemon messages span lines) so that every
// failure this package reports is a single line.
func oneLine(err error) string {
	return strings.Join(nonEmptyLines(err.Error()), " | ")
}

// tail returns the last n non-empty lines of text, joined on one line.
func tail(text string, n int) string {
	lines := nonEmptyLines(text)
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
