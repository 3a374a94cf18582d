package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/crawler/redisstate"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/schedule"
	"github.com/govnews/govnews/search/web"
)

// redisServe is serve's part in a Redis deployment: it puts the sources on
// the shared schedule, indexes the article stream and shows the schedule.
type redisServe struct {
	c       *redisstate.Client
	sched   *redisstate.Schedule
	indexer *redisstate.Indexer
	srcs    []sources.Source
	specs   map[string]string
	log     *slog.Logger
	cancel  context.CancelFunc
	done    chan struct{}
}

// startRedisServe registers srcs on the shared schedule and starts the
// indexer, which writes each batch to the raw store, then the index, before
// acknowledging. Both wait in the background for Redis, so that the search
// server answers from the index it has while Redis is down at start (the
// client logs each retry); a bad URL or schedule is an error at once.
func startRedisServe(url string, st *store, data string, srcs []sources.Source, metrics *web.Metrics, log *slog.Logger) (*redisServe, *rawstore.Store, error) {
	c, err := redisstate.Open(url, log)
	if err != nil {
		return nil, nil, usageError("serve: %v", err)
	}
	raw, err := rawstore.Open(filepath.Join(data, "raw"))
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	rs := &redisServe{c: c, sched: redisstate.NewSchedule(c), srcs: srcs, specs: map[string]string{}, log: log, done: make(chan struct{})}
	ids := make([]string, len(srcs))
	schedules := map[string]cron.Schedule{}
	for i, s := range srcs {
		ids[i] = s.ID
		spec, sch, err := schedule.Parse(s)
		if err != nil {
			c.Close()
			return nil, nil, fmt.Errorf("serve: %w", err)
		}
		rs.specs[s.ID], schedules[s.ID] = spec, sch
	}
	rs.indexer = &redisstate.Indexer{C: c, Store: func(pages []crawler.Page) error {
		arts := make([]index.Article, 0, len(pages))
		for _, p := range pages {
			if err := raw.Put(p.Article.URL, p.ContentType, p.Body); err != nil {
				return err
			}
			arts = append(arts, p.Article)
		}
		return st.ix.Put(arts...)
	}}
	ictx, cancel := context.WithCancel(context.Background())
	rs.cancel = cancel
	log.Info("serve: connecting to redis", "redis", c.Addr())
	go func() {
		defer close(rs.done)
		if rs.register(ictx, ids, schedules) {
			rs.indexer.Run(ictx)
		}
	}()
	var statsMu sync.Mutex
	metrics.WatchCluster(func() (web.ClusterStats, error) {
		statsMu.Lock()
		defer statsMu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s, err := rs.sched.Stats(ctx, redisstate.DefaultGroup, 45*time.Second)
		if err != nil {
			return web.ClusterStats{}, err
		}
		out := web.ClusterStats{StreamLength: s.StreamLength, StreamPending: s.Pending, StreamLag: s.Lag,
			Indexed: rs.indexer.Indexed(), IndexLag: rs.indexer.Lag(), LiveWorkers: s.LiveWorkers, LeasesHeld: s.Leases,
			LastRun: map[string]time.Time{}}
		if runs, err := rs.sched.LastRuns(ctx, ids); err == nil {
			for id, o := range runs {
				out.LastRun[id] = o.Summary.Finished
			}
		}
		return out, nil
	})
	return rs, raw, nil
}

// register puts the sources on the shared schedule, each due when its
// schedule says after its last run anywhere. It waits for Redis until ctx
// ends (false then), retrying errors that are not Redis being away (those
// the client retries itself) every few seconds.
func (rs *redisServe) register(ctx context.Context, ids []string, schedules map[string]cron.Schedule) bool {
	for {
		err := rs.c.Ping(ctx)
		if err == nil {
			var last map[string]schedule.Outcome
			if last, err = rs.sched.LastRuns(ctx, ids); err == nil {
				due := map[string]time.Time{}
				now := time.Now()
				for _, id := range ids {
					due[id] = schedule.FirstDue(schedules[id], last[id].Summary.Finished, now)
				}
				err = rs.sched.Register(ctx, due)
			}
		}
		if err == nil {
			rs.log.Info("serve: sources on the redis schedule; crawling is left to govnews worker", "sources", len(ids))
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		rs.log.Error("serve: redis: cannot register the sources; retrying", "err", err)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(3 * time.Second):
		}
	}
}

// stop ends the indexer after its current batch (an unacknowledged batch
// is read again at the next start) and closes the connection.
func (rs *redisServe) stop(wait time.Duration) error {
	rs.cancel()
	defer rs.c.Close()
	select {
	case <-rs.done:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("stream indexer still writing after %s", wait)
	}
}

// Sources shows the shared schedule: who holds each source, when it is due,
// its last run.
func (rs *redisServe) Sources() []web.SourceStatus {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ids := make([]string, len(rs.srcs))
	for i, s := range rs.srcs {
		ids[i] = s.ID
	}
	st, err := rs.sched.Status(ctx, ids)
	if err != nil {
		rs.log.Warn("serve: redis schedule unreadable", "err", err)
	}
	out := make([]web.SourceStatus, 0, len(rs.srcs))
	for _, s := range rs.srcs {
		v := st[s.ID]
		ss := web.SourceStatus{ID: s.ID, Name: s.Name, Province: s.Province, Agency: s.Agency, URL: firstURL(s.StartURLs),
			Schedule: rs.specs[s.ID], Running: v.Worker != "", Worker: v.Worker, NextRun: inZone(v.Due)}
		if v.Last != nil {
			sum := v.Last.Summary
			ss.LastRun, ss.LastEnd = inZone(sum.Started), inZone(sum.Finished)
			ss.Fetched, ss.New, ss.Updated, ss.Errors, ss.LastError, ss.Failed = sum.Requests, sum.New, sum.Updated, sum.Errors, v.Last.Err, v.Last.Failed
			if ss.LastError == "" {
				ss.LastError = sum.Problem()
			}
		}
		out = append(out, ss)
	}
	return out
}

// Trigger makes a source due at once.
func (rs *redisServe) Trigger(id string) error {
	known := false
	for _, s := range rs.srcs {
		known = known || s.ID == id
	}
	if !known {
		return web.ErrUnknownSource
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ok, err := rs.sched.Trigger(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return web.ErrBusy
	}
	return nil
}

func inZone(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return index.InZone(t.Round(0))
}

func firstURL(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
