package schedule

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/sources"
)

// Claim is a source a worker took off the shared schedule.
type Claim struct {
	ID       string
	Failures int // failed runs in a row before this one
}

// Outcome is what a worker reports when it gives a source back.
type Outcome struct {
	Worker   string          `json:"worker"`
	Summary  crawler.Summary `json:"summary"`
	Failed   bool            `json:"failed"`
	Failures int             `json:"failures"` // failed runs in a row, this one included
	Err      string          `json:"err,omitempty"`
}

// Leases is the schedule shared by workers (redisstate.Schedule). A source
// is due, leased to one worker, or waiting for its next time; a lease not
// renewed within its ttl expires and the source is due again at once.
type Leases interface {
	// Claim leases one due source to worker, ok false when none is due.
	Claim(ctx context.Context, worker string, ttl time.Duration) (c Claim, ok bool, err error)
	// Renew extends worker's lease of id; false when it is no longer the
	// holder (the lease expired and was taken).
	Renew(ctx context.Context, worker, id string, ttl time.Duration) (bool, error)
	// Finish ends the lease with the run's outcome, the source due at next.
	Finish(ctx context.Context, worker, id string, next time.Time, o Outcome) error
	// Release ends the lease with the source due at once, for another
	// worker to resume (shutdown, a source this worker does not know).
	Release(ctx context.Context, worker, id string) error
	// Heartbeat says the worker is alive (for /metrics).
	Heartbeat(ctx context.Context, worker string, ttl time.Duration) error
	// Leave says the worker stopped: it is no longer counted as live.
	Leave(ctx context.Context, worker string) error
}

// Worker takes due sources from Leases and crawls them, at most Parallel
// at once, renewing each lease while it works.
type Worker struct {
	Name      string
	Leases    Leases
	Crawl     CrawlFunc
	Sources   []sources.Source
	Parallel  int           // 4
	LeaseTTL  time.Duration // 15 s
	Poll      time.Duration // how often to look for due sources when idle (1 s)
	RetryBase time.Duration // DefaultRetryBase
	Log       *slog.Logger
}

// Run works until ctx is cancelled; then running crawls finish their
// batch, their leases are given back (due at once, for another worker)
// and Run returns nil. Errors of the shared schedule (Redis away) are
// logged and retried with backoff, never fatal.
func (w *Worker) Run(ctx context.Context) error {
	if w.Parallel < 1 {
		w.Parallel = 4
	}
	if w.LeaseTTL <= 0 {
		w.LeaseTTL = 15 * time.Second
	}
	if w.Poll <= 0 {
		w.Poll = time.Second
	}
	if w.RetryBase <= 0 {
		w.RetryBase = DefaultRetryBase
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	byID := map[string]sources.Source{}
	for _, s := range w.Sources {
		byID[s.ID] = s
	}
	slots := make(chan struct{}, w.Parallel)
	var wg sync.WaitGroup
	defer func() {
		wg.Wait() // the heartbeats too: none comes after the leave
		if err := w.Leases.Leave(context.WithoutCancel(ctx), w.Name); err != nil {
			w.Log.Warn("worker: could not leave the worker list; it drops out after three lease times", "err", err)
		}
	}()
	backoff := w.Poll
	// Heartbeats go on while every slot is busy.
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(w.LeaseTTL / 3)
		defer t.Stop()
		for {
			_ = w.Leases.Heartbeat(ctx, w.Name, w.LeaseTTL)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	for ctx.Err() == nil {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		c, ok, err := w.Leases.Claim(ctx, w.Name, w.LeaseTTL)
		if err != nil || !ok {
			<-slots
			wait := w.Poll
			if err != nil && ctx.Err() == nil {
				backoff = min(backoff*2, 30*time.Second)
				wait = backoff
				w.Log.Warn("worker: schedule unavailable, retrying", "in", wait, "err", err)
			}
			sleep(ctx, wait)
			continue
		}
		backoff = w.Poll
		src, known := byID[c.ID]
		if !known {
			w.Log.Warn("worker: due source not in this worker's config; given back", "source", c.ID)
			_ = w.Leases.Release(context.WithoutCancel(ctx), w.Name, c.ID)
			<-slots
			sleep(ctx, w.Poll)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			w.work(ctx, src, c)
		}()
	}
	return nil
}

// work crawls one leased source, renewing the lease; a lost lease stops
// the crawl (another worker has the source now).
func (w *Worker) work(ctx context.Context, src sources.Source, c Claim) {
	crawlCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	lost := make(chan struct{})
	renewDone := make(chan struct{})
	go func() {
		defer close(renewDone)
		t := time.NewTicker(w.LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-crawlCtx.Done():
				return
			case <-t.C:
			}
			held, err := w.Leases.Renew(crawlCtx, w.Name, src.ID, w.LeaseTTL)
			if err != nil {
				w.Log.Warn("worker: lease renewal failed, retrying", "source", src.ID, "err", err)
				continue
			}
			if !held {
				w.Log.Error("worker: lease lost; stopping the crawl of this source", "source", src.ID)
				close(lost)
				cancel()
				return
			}
		}
	}()
	w.Log.Info("worker: crawl started", "source", src.ID, "worker", w.Name)
	started := time.Now()
	sum, err := w.Crawl(crawlCtx, src)
	cancel()
	<-renewDone
	bg := context.WithoutCancel(ctx)
	select {
	case <-lost:
		return
	default:
	}
	if ctx.Err() != nil {
		// Shutdown: the frontier is in the shared state; another worker
		// (or this one, restarted) resumes it at once.
		if rerr := w.Leases.Release(bg, w.Name, src.ID); rerr != nil {
			w.Log.Warn("worker: lease not given back; it expires", "source", src.ID, "err", rerr)
		}
		w.Log.Info("worker: crawl interrupted, lease given back", "source", src.ID)
		return
	}
	o := Outcome{Worker: w.Name, Summary: sum, Failed: err != nil || sum.Failed, Err: sum.Err}
	if err != nil {
		o.Err = err.Error()
	}
	if o.Failed {
		o.Failures = c.Failures + 1
	}
	_, sched, perr := Parse(src)
	next := time.Now().Add(6 * time.Hour)
	if perr == nil {
		next = Next(sched, time.Now(), o.Failures, w.RetryBase)
	}
	for attempt := 0; ; attempt++ {
		ferr := w.Leases.Finish(bg, w.Name, src.ID, next, o)
		if ferr == nil || attempt >= 5 {
			if ferr != nil {
				w.Log.Error("worker: could not record the run; the lease expires and the source is crawled again", "source", src.ID, "err", ferr)
			}
			break
		}
		sleep(bg, time.Second<<attempt)
	}
	level := slog.LevelInfo
	if o.Failed {
		level = slog.LevelWarn
	}
	w.Log.Log(bg, level, "worker: crawl finished", "source", src.ID, "requests", sum.Requests,
		"new", sum.New, "updated", sum.Updated, "errors", sum.Errors, "took", time.Since(started).Round(time.Millisecond), "next", next.Round(time.Second), "err", o.Err)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
