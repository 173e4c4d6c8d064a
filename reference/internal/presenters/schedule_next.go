package presenters

import (
	"strconv"
	"strings"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// nextRunLayout is how Mage writes a schedule's next run: str() of a Python datetime in UTC,
// whose microseconds are always zero here.
const nextRunLayout = "2006-01-02 15:04:05+00:00"

// nextRunDate is Mage's PipelineSchedule.next_execution_date as shown in
// next_pipeline_run_date (compat.ScheduleNextRunDate): the run after the current one, where the
// current one is the start of the interval now is in (for a cron expression, its last match),
// moved to start_time's time of day when the schedule's settings enable a landing time. It is
// nil for @once, @always_on, no interval, and a cron expression that never matches.
func nextRunDate(s store.Schedule, now time.Time) any {
	interval := stringAttr(s.Attrs["schedule_interval"])
	if interval == "" {
		return nil
	}
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var current, next time.Time
	switch interval {
	case "@once", "@always_on":
		return nil
	case "@daily":
		current = day
	case "@hourly":
		current = now.Truncate(time.Hour)
	case "@weekly":
		current = day.AddDate(0, 0, -pyWeekday(now)) // Monday
	case "@monthly":
		current = day.AddDate(0, 0, 1-now.Day())
	default:
		c, ok := parseCron(interval)
		if !ok {
			return nil
		}
		n, ok := c.next(now)
		if !ok {
			return nil
		}
		return n.Format(nextRunLayout)
	}
	if start, ok := landingTime(s); ok {
		h, m, sec := start.Clock()
		switch interval {
		case "@hourly":
			current = time.Date(current.Year(), current.Month(), current.Day(), current.Hour(), m, sec, 0, time.UTC)
		case "@daily":
			current = time.Date(current.Year(), current.Month(), current.Day(), h, m, sec, 0, time.UTC)
		case "@weekly":
			current = time.Date(current.Year(), current.Month(), current.Day(), h, m, sec, 0, time.UTC).AddDate(0, 0, pyWeekday(start))
		case "@monthly":
			current = time.Date(current.Year(), current.Month(), current.Day(), h, m, sec, 0, time.UTC).AddDate(0, 0, start.Day()-1)
		}
	}
	switch interval {
	case "@daily":
		next = current.AddDate(0, 0, 1)
	case "@hourly":
		next = current.Add(time.Hour)
	case "@weekly":
		next = current.AddDate(0, 0, 7)
	case "@monthly":
		n := current.AddDate(0, 0, 32)
		next = n.AddDate(0, 0, 1-n.Day())
	}
	return next.Format(nextRunLayout)
}

// pyWeekday is Python's weekday(): Monday 0 to Sunday 6.
func pyWeekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

// landingTime is the schedule's start_time when its settings enable a landing time, which
// Mage honours only for a time schedule with a preset interval of an hour or more.
func landingTime(s store.Schedule) (time.Time, bool) {
	if stringAttr(s.Attrs["schedule_type"]) != "time" {
		return time.Time{}, false
	}
	settings, _ := s.Attrs["settings"].(map[string]any)
	if !api.PyTruthy(settings["landing_time_enabled"]) {
		return time.Time{}, false
	}
	start := stringAttr(s.Attrs["start_time"])
	if start == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(api.DatetimeLayout, start)
	return t, err == nil
}

func stringAttr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case *string:
		if x != nil {
			return *x
		}
	}
	return ""
}

// cron is a five-field cron expression as croniter reads one made of digits, * / , and -
// (the only characters the reference accepts in an interval).
type cron struct {
	minute, hour, dom, month, dow [64]bool
	domAny, dowAny                bool
}

var cronRanges = [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}

func parseCron(expr string) (*cron, bool) {
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return nil, false
	}
	c := &cron{domAny: fields[2] == "*", dowAny: fields[4] == "*"}
	sets := []*[64]bool{&c.minute, &c.hour, &c.dom, &c.month, &c.dow}
	for i, f := range fields {
		lo, hi := cronRanges[i][0], cronRanges[i][1]
		for _, part := range strings.Split(f, ",") {
			rng, stepText, stepped := strings.Cut(part, "/")
			step := 1
			if stepped {
				n, err := strconv.Atoi(stepText)
				if err != nil || n < 1 {
					return nil, false
				}
				step = n
			}
			from, to := lo, hi
			if rng != "*" {
				a, b, isRange := strings.Cut(rng, "-")
				x, err := strconv.Atoi(a)
				if err != nil {
					return nil, false
				}
				from, to = x, x
				if isRange {
					if to, err = strconv.Atoi(b); err != nil {
						return nil, false
					}
				} else if stepped {
					to = hi // "5/15" is 5 to the end, every 15
				}
			}
			if from < lo || to > hi || from > to {
				return nil, false
			}
			for v := from; v <= to; v += step {
				sets[i][v] = true
			}
		}
	}
	c.dow[0] = c.dow[0] || c.dow[7] // 7 is Sunday too
	return c, true
}

func (c *cron) dayMatches(t time.Time) bool {
	dom, dow := c.dom[t.Day()], c.dow[int(t.Weekday())]
	switch {
	case c.domAny && c.dowAny:
		return true
	case c.domAny:
		return dow
	case c.dowAny:
		return dom
	}
	return dom || dow // both restricted: either one, as cron does
}

// next is the first match at or after now, to the minute: croniter's get_next from the
// get_prev of now. It gives up after five years (an expression such as "0 0 31 2 *").
func (c *cron) next(now time.Time) (time.Time, bool) {
	t := now.Truncate(time.Minute)
	if t.Before(now) {
		t = t.Add(time.Minute)
	}
	limit := now.AddDate(5, 0, 0)
	for t.Before(limit) {
		switch {
		case !c.month[int(t.Month())]:
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		case !c.dayMatches(t):
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, time.UTC)
		case !c.hour[t.Hour()]:
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, time.UTC)
		case !c.minute[t.Minute()]:
			t = t.Add(time.Minute)
		default:
			return t, true
		}
	}
	return time.Time{}, false
}
