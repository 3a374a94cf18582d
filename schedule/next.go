package schedule

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/govnews/govnews/crawler/sources"
)

// Parse is a source's schedule, DefaultSchedule when it has none.
func Parse(src sources.Source) (spec string, sched cron.Schedule, err error) {
	spec = src.Schedule
	if spec == "" {
		spec = DefaultSchedule
	}
	sched, err = sources.ParseSchedule(spec)
	if err != nil {
		return spec, nil, fmt.Errorf("source %q: schedule %q: %w", src.ID, spec, err)
	}
	return spec, sched, nil
}

// FirstDue is when a source is due when it is put on a schedule: at once
// (now) when it was never crawled or its last run ended longer ago than
// its schedule allows, else at its next scheduled time.
func FirstDue(sched cron.Schedule, lastEnd, now time.Time) time.Time {
	if lastEnd.IsZero() {
		return now
	}
	if next := sched.Next(lastEnd); next.After(now) {
		return next
	}
	return now
}

// Next is when a source is due again after a run that ended at end: its
// next scheduled time, or, after the failures-th failed run in a row, the
// retry (retryBase, doubled for each failure) when that comes first.
func Next(sched cron.Schedule, end time.Time, failures int, retryBase time.Duration) time.Time {
	next := sched.Next(end)
	if failures <= 0 {
		return next
	}
	retry := end.Add(retryBase << min(failures-1, 16))
	if retry.Before(next) {
		return retry
	}
	return next
}
