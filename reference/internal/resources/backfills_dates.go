package resources

import (
	"time"

	"github.com/mageconform/mageconform/reference/internal/apierr"
)

// IntervalTypes are the backfill interval types; custom steps interval_units seconds.
var IntervalTypes = []string{"second", "minute", "hour", "day", "week", "month", "year", "custom"}

// MaxBackfillDates bounds the dates one backfill previews or starts, in every mode: Mage
// loops without end on an interval_units below 1, and a second-by-second decade would be
// millions of runs.
const MaxBackfillDates = 10_000

var intervalSteps = map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour,
	"day": 24 * time.Hour, "week": 7 * 24 * time.Hour, "custom": time.Second}

func errTooManyDates() *apierr.Error {
	return apierr.Invalid("The backfill has more dates than the reference previews or starts.").
		WithErrors(map[string]any{"max_dates": MaxBackfillDates})
}

// backfillDates are the dates from start to end, end included: fixed steps for second to
// week and custom, and for month and year a calendar step added to the previous date, so a
// month end drifts (Jan 31, Feb 28, Mar 28), as Mage's relativedelta does.
func backfillDates(start, end time.Time, interval string, units int) ([]time.Time, error) {
	var dates []time.Time
	for at := start; !at.After(end); at = nextDate(at, interval, units) {
		if len(dates) == MaxBackfillDates || (len(dates) > 0 && !at.After(dates[len(dates)-1])) {
			return nil, errTooManyDates() // a step that does not move forward never ends
		}
		dates = append(dates, at)
	}
	return dates, nil
}

func nextDate(t time.Time, interval string, units int) time.Time {
	switch interval {
	case "month":
		return addMonths(t, units)
	case "year":
		return addMonths(t, 12*units)
	}
	return t.Add(time.Duration(units) * intervalSteps[interval])
}

// addMonths adds months keeping the day, or the month's last day when it has fewer.
func addMonths(t time.Time, months int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// dateVariables are the variables of each date's run, as Mage builds them: the date's ds, hr
// and execution_date, and its interval, from it to the next date; the last date's interval
// is the one before it, carried forward, and a single date has none.
func dateVariables(dates []time.Time) []map[string]any {
	out := make([]map[string]any, 0, len(dates))
	for i, at := range dates {
		var end, previous time.Time
		var seconds any
		switch {
		case i < len(dates)-1:
			end = dates[i+1]
			seconds = end.Sub(at).Seconds()
		case i > 0:
			previous = dates[i-1]
			seconds = at.Sub(previous).Seconds()
			end = at.Add(at.Sub(previous))
		}
		if s, ok := seconds.(float64); ok && previous.IsZero() {
			previous = at.Add(-time.Duration(s * float64(time.Second)))
		}
		out = append(out, map[string]any{"ds": at.Format("2006-01-02"), "execution_date": isoformat(at),
			"hr": at.Format("15"), "interval_end_datetime": isoOrNull(end), "interval_seconds": seconds,
			"interval_start_datetime": isoformat(at), "interval_start_datetime_previous": isoOrNull(previous)})
	}
	return out
}

// isoformat is Python's isoformat() of a naive datetime: microseconds only when there are some.
func isoformat(t time.Time) string {
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}

func isoOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return isoformat(t)
}
