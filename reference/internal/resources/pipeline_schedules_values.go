package resources

import (
	"slices"
	"strings"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
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
				return errScheduleName(op, value)
			}
			if err := checkName(op, "name", value.(string), nameShown); err != nil {
				return err
			}
		case "schedule_type":
			if !slices.Contains(ScheduleTypes, value.(string)) {
				return apierr.Invalid("Unknown schedule_type.").WithErrors(map[string]any{"allowed": ScheduleTypes}).
					InMage(compat.ScheduleValues500, errEnum(value.(string), "scheduletype", "API, EVENT, TIME"))
			}
		case "status":
			if !slices.Contains(ScheduleStatuses, value.(string)) {
				return apierr.Invalid("Unknown status.").WithErrors(map[string]any{"allowed": ScheduleStatuses}).
					InMage(compat.ScheduleValues500, errEnum(value.(string), "schedulestatus", "ACTIVE, INACTIVE"))
			}
		case "schedule_interval":
			if s := value.(*string); s != nil && !validInterval(*s) {
				return apierr.Invalid("schedule_interval is neither a preset nor a cron expression.").
					InMage(compat.ScheduleValues500, apierr.Unhandled("ValueError", "Cron expression is invalid."))
			}
		case "start_time":
			if s := value.(*string); s != nil {
				t, ok := parseStartTime(*s)
				if !ok {
					return apierr.Invalid("start_time is not a datetime.").
						InMage(compat.ScheduleValues500, apierr.Unhandled("ParserError", "Unknown string format: %s", *s))
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
		return errScheduleName(op, nil)
	}
	return nil
}

// errScheduleName: the schedule model's name validator (C §8). Mage catches its error on
// create, answering code 200, and not on update, where it raises.
func errScheduleName(op *api.Op, value any) *apierr.Error {
	e := apierr.Invalid("A pipeline schedule needs a name.")
	if op.Action == api.ActionCreate {
		return e.InMage(compat.ValidationCode200, apierr.Invalid("Record is invalid.").WithCode(200).WithErrors(
			map[string]any{"error": "name cannot be empty.", "metadata": map[string]any{"key": "name", "value": value}}))
	}
	return e.InMage(compat.ScheduleValues500, apierr.Unhandled("ValidationError", "name cannot be empty."))
}

// errEnum: the database refuses a value outside one of the schedule's enums.
func errEnum(value, enum, allowed string) *apierr.Fault {
	return apierr.Unhandled("LookupError", "'%s' is not among the defined enum values. Enum name: %s. Possible values: %s", value, enum, allowed)
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
