package api

import (
	"strconv"
	"time"
)

// isInt reports whether s is an integer, as an integer pk must be.
func isInt(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// DatetimeLayout is how datetimes are presented, like Python's str(datetime).
const DatetimeLayout = "2006-01-02 15:04:05.000000+00:00"

// Datetime presents t in DatetimeLayout, UTC.
func Datetime(t time.Time) string { return t.UTC().Format(DatetimeLayout) }

// Truthy reads a query flag as Mage does: present with a first value other than "false"
// (Mage turns the strings "true" and "false" into booleans and tests the first value).
func Truthy(values []string) bool {
	return len(values) > 0 && values[0] != "false" && values[0] != ""
}
