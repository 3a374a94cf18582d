// Package schedule decides when each source is crawled, for both ways of
// running govnews: Local runs the crawls in this process on their cron
// schedules (govnews serve without --redis); Worker takes due sources from
// a schedule shared through Leases (govnews worker with --redis), where
// serve only registers the sources. Both compute the next run alike (Next).
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search/web"
)

// DefaultSchedule is how often a source without a schedule is crawled.
const DefaultSchedule = "@every 6h"

// CrawlFunc crawls one source once; *crawler.Crawler's Crawl.
type CrawlFunc func(ctx context.Context, src sources.Source) (crawler.Summary, error)

// Local runs each source's crawl on its schedule, never two crawls of
// one source at once and at most `parallel` crawls in all. It is the serve
// command's web.Crawls.
type Local struct {
	crawl   CrawlFunc
	metrics *web.Metrics
	log     *slog.Logger
	cron    *cron.Cron
	ctx     context.Context // cancelled by stop: running crawls end their batch and return
	cancel  context.CancelFunc
	slots   chan struct{}
	wg      sync.WaitGroup

	// RetryBase is the first wait before a failed source is tried again;
	// each further failure doubles it, up to the source's own interval.
	RetryBase time.Duration

	mu      sync.Mutex
	order   []string
	sources map[string]*sourceState
}

// DefaultRetryBase: a portal that was down is tried again after 15 min,
// 30, 60 … rather than only at its next scheduled run.
const DefaultRetryBase = 15 * time.Minute

type sourceState struct {
	src      sources.Source
	schedule string
	sched    cron.Schedule
	entry    cron.EntryID
	busy     bool // queued or running
	running  bool
	lastRun  time.Time
	lastEnd  time.Time
	last     crawler.Summary
	lastErr  string
	failures int             // failed runs in a row
	retryAt  time.Time       // when a failed source is tried again; zero when no retry is pending
	progress web.RunProgress // the running crawl's counts so far
}

// NewLocal registers srcs. last gives each source's previous run (from
// the crawl state), so a restarted server knows what is due.
func NewLocal(srcs []sources.Source, crawl CrawlFunc, last func(id string) (crawler.Summary, bool),
	metrics *web.Metrics, log *slog.Logger, parallel int) (*Local, error) {
	if parallel < 1 {
		parallel = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Local{
		crawl: crawl, metrics: metrics, log: log,
		cron:      cron.New(cron.WithLocation(index.Zone)),
		ctx:       ctx,
		cancel:    cancel,
		slots:     make(chan struct{}, parallel),
		sources:   map[string]*sourceState{},
		RetryBase: DefaultRetryBase,
	}
	for _, src := range srcs {
		spec := src.Schedule
		if spec == "" {
			spec = DefaultSchedule
		}
		sched, err := sources.ParseSchedule(spec)
		if err != nil {
			cancel()
			return nil, fmt.Errorf("serve: source %q: schedule %q: %w", src.ID, spec, err)
		}
		st := &sourceState{src: src, schedule: spec, sched: sched}
		if last != nil {
			if sum, ok := last(src.ID); ok {
				st.last, st.lastRun, st.lastEnd = sum, sum.Started, sum.Finished
				st.lastErr = sum.Problem()
			}
		}
		id := src.ID
		st.entry = s.cron.Schedule(sched, cron.FuncJob(func() {
			if err := s.Trigger(id); err != nil {
				s.log.Info("serve: scheduled crawl skipped", "source", id, "reason", err)
			}
		}))
		s.order = append(s.order, id)
		s.sources[id] = st
	}
	return s, nil
}

// start runs the schedules, and at once every source that is due: never
// crawled, interrupted (stopped before its run was complete: its frontier
// waits, as after a kill -9), or whose last run ended longer ago than its
// schedule allows.
func (s *Local) Start() {
	now := time.Now()
	for _, id := range s.order {
		st := s.sources[id]
		if st.lastEnd.IsZero() || st.last.Interrupted || !st.sched.Next(st.lastEnd).After(now) {
			if err := s.Trigger(id); err != nil {
				s.log.Warn("serve: initial crawl", "source", id, "err", err)
			}
		}
	}
	s.cron.Start()
}

// stop takes no new crawls, tells running ones to finish their batch, and
// waits for them at most wait.
func (s *Local) Stop(wait time.Duration) error {
	<-s.cron.Stop().Done()
	s.cancel()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("serve: crawls still running after %s", wait)
	}
}

// Trigger queues a crawl of one source now.
func (s *Local) Trigger(id string) error {
	s.mu.Lock()
	st, ok := s.sources[id]
	if !ok {
		s.mu.Unlock()
		return web.ErrUnknownSource
	}
	if st.busy {
		s.mu.Unlock()
		return web.ErrBusy
	}
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		return errors.New("serve: shutting down")
	}
	st.busy = true
	s.wg.Add(1)
	s.mu.Unlock()
	go s.run(st)
	return nil
}

// run waits for a slot, crawls, and records the outcome.
func (s *Local) run(st *sourceState) {
	defer s.wg.Done()
	defer func() { s.mu.Lock(); st.busy, st.running = false, false; s.mu.Unlock() }()
	select {
	case s.slots <- struct{}{}:
	case <-s.ctx.Done():
		return
	}
	defer func() { <-s.slots }()
	started := time.Now()
	s.mu.Lock()
	st.running, st.lastRun = true, started
	st.retryAt = time.Time{}
	st.progress = web.RunProgress{}
	s.mu.Unlock()
	s.log.Info("serve: crawl started", "source", st.src.ID)

	sum, err := s.crawl(s.ctx, st.src)

	s.mu.Lock()
	defer s.mu.Unlock()
	st.last, st.lastEnd = sum, time.Now()
	st.lastErr = sum.Problem()
	if err != nil {
		st.lastErr = err.Error()
	}
	failed := err != nil || sum.Failed
	if failed && s.ctx.Err() == nil {
		st.failures++
		s.retryLater(st)
	} else if !failed {
		st.failures = 0
	}
	if s.metrics != nil {
		s.metrics.CrawlRun(st.src.ID, sum.New+sum.Updated, failed)
	}
	level := slog.LevelInfo
	if failed {
		level = slog.LevelWarn
	}
	s.log.Log(context.Background(), level, "serve: crawl finished", "source", st.src.ID, "requests", sum.Requests,
		"new", sum.New, "updated", sum.Updated, "errors", sum.Errors, "took", time.Since(started).Round(time.Millisecond), "err", st.lastErr)
}

// retryLater tries a failed source again before its next scheduled run:
// after RetryBase, doubled for each failure in a row, never later than the
// schedule would. Trigger skips it if a crawl is running by then.
func (s *Local) retryLater(st *sourceState) {
	wait := s.RetryBase << min(st.failures-1, 16)
	if interval := st.sched.Next(st.lastEnd).Sub(st.lastEnd); interval > 0 && wait >= interval {
		return // the schedule comes first anyway
	}
	id := st.src.ID
	s.log.Info("serve: failed source will be retried", "source", id, "in", wait, "failures", st.failures)
	st.retryAt = time.Now().Add(wait)
	time.AfterFunc(wait, func() {
		if err := s.Trigger(id); err != nil {
			s.log.Info("serve: retry skipped", "source", id, "reason", err)
		}
	})
}

// Progress counts one request of a running crawl (the crawler's
// Config.Progress), so /api/sources and /sources show how far a long crawl
// has got, not only the previous run's counts.
func (s *Local) Progress(e crawler.Event) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.sources[e.Source]
	if !ok || !st.running {
		return
	}
	st.progress.Fetched++
	switch e.Result {
	case "new":
		st.progress.New++
	case "updated":
		st.progress.Updated++
	case "error":
		st.progress.Errors++
	}
	st.progress.Queued = e.Queued
}

// Sources is the status of every source, in config order. Times are in
// Vietnam's zone, as every date govnews shows; next_run is the next attempt,
// the retry of a failed source when that comes before its schedule.
func (s *Local) Sources() []web.SourceStatus {
	s.mu.Lock()
	out := make([]web.SourceStatus, 0, len(s.order))
	for _, id := range s.order {
		st := s.sources[id]
		next := s.cron.Entry(st.entry).Next
		if !st.retryAt.IsZero() && (next.IsZero() || st.retryAt.Before(next)) {
			next = st.retryAt
		}
		out = append(out, web.SourceStatus{
			ID: id, Name: st.src.Name, Province: st.src.Province, Agency: st.src.Agency,
			URL:      first(st.src.StartURLs),
			Schedule: st.schedule, Running: st.running,
			LastRun: inZone(st.lastRun), LastEnd: inZone(st.lastEnd), NextRun: inZone(next),
			Fetched: st.last.Requests, New: st.last.New, Updated: st.last.Updated, Errors: st.last.Errors,
			LastError: st.lastErr, Failed: st.failures > 0,
		})
		if st.running {
			p := st.progress
			out[len(out)-1].Progress = &p
		}
	}
	s.mu.Unlock()
	return out
}

// inZone is t in Vietnam's zone, the zero time left zero; the monotonic
// clock reading is dropped, as it means nothing to a reader.
func inZone(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return index.InZone(t.Round(0))
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
