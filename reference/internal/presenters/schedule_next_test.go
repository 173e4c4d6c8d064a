package presenters

import (
	"testing"
	"time"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// The next run as Mage computes it (PipelineSchedule.next_execution_date, with croniter for
// cron expressions): the expected values were computed that way, with Mage 0.9.79's algorithm
// and Debian's croniter, for these clocks.
func TestNextRunDateIsMages(t *testing.T) {
	landing := api.Datetime(time.Date(2025, 3, 20, 17, 45, 10, 0, time.UTC)) // a Thursday
	for _, c := range []struct {
		now, interval string
		landing       bool
		want          string
	}{
		{"2026-12-01T21:13:22.123456Z", "@daily", false, "2026-12-02 00:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@daily", true, "2026-12-02 17:45:10+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@hourly", false, "2026-12-01 22:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@hourly", true, "2026-12-01 22:45:10+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@weekly", false, "2026-12-07 00:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@weekly", true, "2026-12-10 17:45:10+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@monthly", false, "2027-01-01 00:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "@monthly", true, "2027-01-01 17:45:10+00:00"},
		{"2026-12-01T21:13:22.123456Z", "*/15 * * * *", false, "2026-12-01 21:15:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "0 3 * * 1", false, "2026-12-07 03:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "5/20 1-3 * * *", false, "2026-12-02 01:05:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "30 6 1,15 * 5", false, "2026-12-04 06:30:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "0 0 * * 7", false, "2026-12-06 00:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "0 12 * 12 *", false, "2026-12-02 12:00:00+00:00"},
		{"2026-12-01T21:13:22.123456Z", "0 0 * * *", false, "2026-12-02 00:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@daily", false, "2026-02-01 00:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@daily", true, "2026-02-01 17:45:10+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@hourly", false, "2026-01-31 01:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@hourly", true, "2026-01-31 01:45:10+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@weekly", false, "2026-02-02 00:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@weekly", true, "2026-02-05 17:45:10+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@monthly", false, "2026-02-01 00:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "@monthly", true, "2026-02-01 17:45:10+00:00"},
		{"2026-01-31T00:00:00.000000Z", "*/15 * * * *", false, "2026-01-31 00:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "0 3 * * 1", false, "2026-02-02 03:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "5/20 1-3 * * *", false, "2026-01-31 01:05:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "30 6 1,15 * 5", false, "2026-02-01 06:30:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "0 0 * * 7", false, "2026-02-01 00:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "0 12 * 12 *", false, "2026-12-01 12:00:00+00:00"},
		{"2026-01-31T00:00:00.000000Z", "0 0 * * *", false, "2026-01-31 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@daily", false, "2026-03-01 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@daily", true, "2026-03-01 17:45:10+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@hourly", false, "2026-03-01 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@hourly", true, "2026-03-01 00:45:10+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@weekly", false, "2026-03-02 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@weekly", true, "2026-03-05 17:45:10+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@monthly", false, "2026-03-01 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "@monthly", true, "2026-03-01 17:45:10+00:00"},
		{"2026-02-28T23:59:30.000000Z", "*/15 * * * *", false, "2026-03-01 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "0 3 * * 1", false, "2026-03-02 03:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "5/20 1-3 * * *", false, "2026-03-01 01:05:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "30 6 1,15 * 5", false, "2026-03-01 06:30:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "0 0 * * 7", false, "2026-03-01 00:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "0 12 * 12 *", false, "2026-12-01 12:00:00+00:00"},
		{"2026-02-28T23:59:30.000000Z", "0 0 * * *", false, "2026-03-01 00:00:00+00:00"},
	} {
		now, err := time.Parse(time.RFC3339Nano, c.now)
		if err != nil {
			t.Fatal(err)
		}
		interval := c.interval
		attrs := map[string]any{"schedule_type": "time", "schedule_interval": &interval, "start_time": landing,
			"settings": map[string]any{"landing_time_enabled": c.landing}}
		if got := nextRunDate(store.Schedule{Attrs: attrs}, now); got != c.want {
			t.Errorf("%s at %s (landing time %v): %v, want %s", c.interval, c.now, c.landing, got, c.want)
		}
	}
}

// No next run: no interval, the intervals that do not repeat on a clock, a landing time
// without a start_time or on a schedule that is not a time schedule, and cron expressions
// the reference cannot read or that never match.
func TestNextRunDateWithoutANextRun(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 13, 22, 0, time.UTC)
	for _, interval := range []any{nil, (*string)(nil), "@once", "@always_on", "61 * * * *", "* * * *", "*/0 * * * *", "0 0 31 2 *"} {
		if got := nextRunDate(store.Schedule{Attrs: map[string]any{"schedule_interval": interval}}, now); got != nil {
			t.Errorf("%v: %v, want nil", interval, got)
		}
	}
	for _, attrs := range []map[string]any{
		{"schedule_type": "time", "settings": map[string]any{"landing_time_enabled": true}},
		{"schedule_type": "api", "start_time": api.Datetime(now.Add(-time.Hour)), "settings": map[string]any{"landing_time_enabled": true}},
		{"schedule_type": nil, "start_time": api.Datetime(now.Add(-time.Hour)), "settings": map[string]any{"landing_time_enabled": true}},
	} {
		attrs["schedule_interval"] = "@daily"
		if got := nextRunDate(store.Schedule{Attrs: attrs}, now); got != "2026-12-02 00:00:00+00:00" {
			t.Errorf("%v: %v, want the next midnight (no landing time)", attrs, got)
		}
	}
}
