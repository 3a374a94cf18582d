package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/redisstate"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/schedule"
)

func newWorkerCmd(a *app) *cobra.Command {
	var redisURL, file, name, provinces string
	var parallel, batch int
	var lease, poll, timeout time.Duration
	cmd := &cobra.Command{
		Use:   "worker --redis URL [--config FILE] [--name NAME] [--parallel N]",
		Short: "Crawl sources due on a schedule shared through Redis, for a serve --redis to index",
		Long: `A crawl worker with no index. It takes due sources from the schedule held
in Redis (put there by govnews serve --redis), under a lease it renews while
it works; crawls them with the same engine as govnews crawl, its state
(frontier, seen URLs, validators, content hashes) in Redis so a source
resumes on any worker; and publishes each stored article, with its fetched
page compressed, to a Redis stream that serve indexes.

Politeness holds across workers: a host's next request time is taken in
Redis, so all workers together send a host one request at a time, its delay
(and robots.txt Crawl-delay) apart. robots.txt is cached in Redis for 24 h.

URL is redis://[:password@]host:port/db, or rediss:// for TLS; the password
is never logged. When Redis is away (a restart, a dropped connection) the
worker pauses and retries, logging it; it does not exit.

SIGTERM (or Ctrl-C): running crawls finish their current batch, their
leases are given back (the sources are due at once, for another worker)
and the worker exits 0. A worker killed outright loses its leases when they
expire (--lease), and another worker resumes its sources.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if redisURL == "" {
				return usageError("worker: --redis URL is required")
			}
			if parallel < 1 || batch < 1 {
				return usageError("worker: --parallel and --batch must be 1 or more")
			}
			if lease < time.Second {
				return usageError("worker: --lease %s: at least 1s", lease)
			}
			srcs, err := loadSourcesFile(file, provinces)
			if err != nil {
				return err
			}
			if name == "" {
				host, _ := os.Hostname()
				name = fmt.Sprintf("%s-%d", host, os.Getpid())
			}
			return runWorker(cmd.Context(), a, workerOptions{redis: redisURL, name: name, parallel: parallel, batch: batch,
				lease: lease, poll: poll, timeout: timeout}, srcs)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&redisURL, "redis", "", "Redis URL, redis://[:password@]host:port/db (rediss:// for TLS)")
	fs.StringVar(&file, "config", "", "sources file (default: the shipped configs/sources.yaml); the same as serve's")
	fs.StringVar(&provinces, "provinces", "", "provinces file (default: the shipped configs/provinces.yaml)")
	fs.StringVar(&name, "name", "", "worker name, shown in /api/sources (default: HOST-PID)")
	fs.IntVar(&parallel, "parallel", 4, "sources crawled at the same time")
	fs.IntVar(&batch, "batch", 50, "articles per published batch (a killed worker repeats at most one batch of fetching per source)")
	fs.DurationVar(&lease, "lease", 15*time.Second, "lease time: a killed worker's sources go to others this long after it stopped renewing")
	fs.DurationVar(&poll, "poll", time.Second, "how often an idle worker looks for due sources")
	fs.DurationVar(&timeout, "timeout", 30*time.Second, "per-request timeout (a host is held at most this long plus 5s by a request)")
	return cmd
}

type workerOptions struct {
	redis, name          string
	parallel, batch      int
	lease, poll, timeout time.Duration
}

func runWorker(ctx context.Context, a *app, o workerOptions, srcs []sources.Source) error {
	log := a.logger()
	c, err := redisstate.Open(o.redis, log)
	if err != nil {
		return usageError("worker: %v", err)
	}
	defer c.Close()
	log.Info("worker: connecting", "redis", c.Addr(), "name", o.name)
	if err := c.Ping(ctx); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	// The state outlives SIGTERM: the last batch of each crawl is still
	// published after the signal.
	bg := context.Background()
	st := redisstate.NewState(bg, c)
	st.Holder = o.name // a batch of a source taken over by another worker is refused
	cr, err := crawler.New(crawler.Config{
		State: st, Gate: redisstate.NewGate(bg, c, o.timeout), Robots: redisstate.NewRobots(bg, c),
		Logger: log, BatchSize: o.batch, Timeout: o.timeout,
	})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	defer cr.Close()
	w := &schedule.Worker{Name: o.name, Leases: redisstate.NewSchedule(c), Crawl: cr.Crawl, Sources: srcs,
		Parallel: o.parallel, LeaseTTL: o.lease, Poll: o.poll, Log: log}
	log.Info("worker: started", "redis", c.Addr(), "name", o.name, "sources", len(srcs), "parallel", o.parallel)
	err = w.Run(ctx)
	log.Info("worker: stopped", "name", o.name)
	return err
}
