package resources

import (
	"slices"
	"strings"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
)

// ScheduleTypes and ScheduleStatuses are the values Mage accepts.
var (
	ScheduleTypes    = []string{"time", "event", "api"}
	ScheduleStatuses = []string{"active", "inactive"}
	// presetIntervals are Mage's named schedule intervals.
	presetIntervals  = []string{"@once", "@hourly", "@daily", "@weekly", "@monthly", "@always_on"}
	startTimeLayouts = []string{time.RFC3339Nano, api.DatetimeLayout, "2006-01-02 15:04:05.999999",
		"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"}
)

// applyScheduleAttrs validates written schedule attributes and sets them on
// attrs; on error attrs may be partly set, so callers pass a copy.
func applyScheduleAttrs(op *api.Op, attrs, written map[string]any) error {
	for name, value := range written {
		switch name {
		case "name":
			if strings.TrimSpace(value.(string)) == "" {
				return apierr.Invalid("A pipeline schedule needs a name.")
			}
		case "schedule_type":
			if !slices.Contains(ScheduleTypes, value.(string)) {
				return apierr.Invalid("Unknown schedule_type.").WithErrors(map[string]any{"allowed": ScheduleTypes})
			}
		case "status":
			if !slices.Contains(ScheduleStatuses, value.(string)) {
				return apierr.Invalid("Unknown status.").WithErrors(map[string]any{"allowed": ScheduleStatuses})
			}
		case "schedule_interval":
			if s := value.(*string); s != nil && !validInterval(*s) {
				return apierr.Invalid("schedule_interval is neither a preset nor a cron expression.")
			}
		case "start_time":
			if s := value.(*string); s != nil {
				t, ok := parseStartTime(*s)
				if !ok {
					return apierr.Invalid("start_time is not a datetime.")
				}
				value = api.Datetime(t)
			}
		case "token":
			if value.(string) == "" {
				return apierr.Invalid("A token cannot be empty.")
			}
		}
		attrs[name] = value
	}
	if attrs["name"] == "" {
		return apierr.Invalid("A pipeline schedule needs a name.")
	}
	return nil
}

func parseStartTime(s string) (time.Time, bool) {
	for _, layout := range startTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// validInterval accepts a preset or five cron fields made of digits, * / , -.
func validInterval(s string) bool {
	if slices.Contains(presetIntervals, s) {
		return true
	}
	fields := strings.Fields(s)
	if len(fields) != 5 {
		return false
	}
	for _, f := range fields {
		if strings.Trim(f, "0123456789*/,-") != "" {
			return false
		}
	}
	return true
}
