package harness

import (
	"strconv"
	"strings"
)

// ReportEntryClaimedVersion names the suite-level report entry with the Mage version the target
// claims (GET /api/projects), "" when it claims none.
const ReportEntryClaimedVersion = "claimed-version"

// ClaimedVersion is the Mage version the target says it is: `projects[0].version` of
// GET /api/projects, which Mage shows to a caller with a session (a caller with only the key
// sees the features alone). "" when the answer has none.
func (c *Client) ClaimedVersion() (string, *Response) {
	resp := c.Get("/api/projects")
	items := resp.Items("projects")
	if len(items) == 0 {
		return "", resp
	}
	v, _ := items[0]["version"].(string)
	return v, resp
}

// VersionAtLeast reports whether version is min or later, comparing dot-separated numbers
// ("0.9.79" < "0.10.1"); build metadata after "+" is ignored (the reference claims
// "0.9.79+mageconform.1"), a part that is not a number compares as 0, a missing part is 0.
func VersionAtLeast(version, min string) bool {
	version, _, _ = strings.Cut(version, "+")
	min, _, _ = strings.Cut(min, "+")
	v, m := strings.Split(version, "."), strings.Split(min, ".")
	for i := range max(len(v), len(m)) {
		a, b := part(v, i), part(m, i)
		if a != b {
			return a > b
		}
	}
	return true
}

func part(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimLeft(parts[i], "v"))
	return n
}
