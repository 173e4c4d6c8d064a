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
func Datetime(t time.Time) string {
	var b [40]byte
	return string(AppendDatetime(b[:0], t))
}

// AppendDatetime appends t in DatetimeLayout, UTC. It writes the digits itself: every answer
// that shows a record writes two or more datetimes, and time.Format reads its layout each time.
func AppendDatetime(out []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	if year < 0 || year > 9999 {
		return t.AppendFormat(out, DatetimeLayout)
	}
	out = appendDigits(out, year, 4)
	out = appendDigits(append(out, '-'), int(month), 2)
	out = appendDigits(append(out, '-'), day, 2)
	out = appendDigits(append(out, ' '), hour, 2)
	out = appendDigits(append(out, ':'), minute, 2)
	out = appendDigits(append(out, ':'), second, 2)
	out = appendDigits(append(out, '.'), t.Nanosecond()/1000, 6)
	return append(out, "+00:00"...)
}

// DatetimeValue is a time shown as Datetime shows it. A presenter can point one at a record's
// time (a *DatetimeValue, converted from a *time.Time), which costs no allocation.
type DatetimeValue time.Time

// MarshalJSON is the datetime as a JSON string.
func (d DatetimeValue) MarshalJSON() ([]byte, error) {
	return append(AppendDatetime([]byte{'"'}, time.Time(d)), '"'), nil
}

// appendDigits appends n, zero-padded to width digits.
func appendDigits(b []byte, n, width int) []byte {
	for i := width - 1; i >= 0; i-- {
		b = append(b, 0)
	}
	for i := len(b) - 1; i >= len(b)-width; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

// PyTruthy is Python's truth value of a decoded JSON value: null, false, 0, "", [] and {} are
// false (how Mage tests what a client sent, for the compat deviations).
func PyTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// Truthy reads a query flag as Mage does: present with a first value other than "false"
// (Mage turns the strings "true" and "false" into booleans and tests the first value).
func Truthy(values []string) bool {
	return len(values) > 0 && values[0] != "false" && values[0] != ""
}
