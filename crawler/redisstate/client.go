// Package redisstate runs govnews' crawl on Redis, so that several worker
// processes on several machines share the work and one serve indexes it:
//
//   - State: the crawl state and frontier (crawler.State and
//     crawler.Publisher): URL records, content hashes, each source's run,
//     frontier and queued set, the same data as the bbolt file of a local
//     crawl; stored articles go out on a stream in the same script that
//     records them, so no crash separates the two.
//   - Gate: per-host politeness across processes, a Lua script that takes
//     a host's next allowed request time atomically (crawler.Gate).
//   - robots.txt cached with an expiry (crawler.RobotsCache).
//   - Schedule: sources due, leased (with a TTL renewed while a worker
//     crawls) or waiting (schedule.Leases), and what serve shows of it.
//   - Indexer: serve's consumer of the article stream, which acknowledges
//     entries only once their batch is in the index.
//
// Every call that fails for want of Redis (a restart, a dropped connection)
// is retried with backoff and logged, never given up while the client is
// open: workers and serve pause, then continue. Redis time (TIME) is the
// clock of leases and host gates, so machines' clocks need not agree.
package redisstate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// Prefix begins every key govnews writes.
const Prefix = "govnews:"

// Client is a connection to Redis with govnews' retry rules.
type Client struct {
	rdb    *redis.Client
	log    *slog.Logger
	addr   string // for logs: the URL without its password
	closed atomic.Bool
	// RoundTrips counts commands and pipelines sent (for the benchmark).
	RoundTrips atomic.Int64
}

// Open connects to rawURL (redis://[:password@]host:port/db, or rediss://
// for TLS). The password never appears in logs or errors.
func Open(rawURL string, log *slog.Logger) (*Client, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis: bad --redis URL %s: %v", Redact(rawURL), scrub(err, rawURL))
	}
	// A host that does not exist is a typo, not an outage to wait out:
	// said at once, while a refused connection (Redis starting) is
	// waited for.
	if host, _, err := net.SplitHostPort(opt.Addr); err == nil && net.ParseIP(host) == nil {
		lctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, lerr := net.DefaultResolver.LookupHost(lctx, host)
		cancel()
		var dnsErr *net.DNSError
		if errors.As(lerr, &dnsErr) && dnsErr.IsNotFound {
			return nil, fmt.Errorf("redis: --redis %s: host %q not found", Redact(rawURL), host)
		}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opt.MaxRetries = 0 // retried here, with logging and no limit
	opt.DialTimeout = 2 * time.Second
	opt.ReadTimeout = 5 * time.Second
	opt.WriteTimeout = 5 * time.Second
	// go-redis waits out short outages itself (its pool re-dials); its
	// reports of that go to our log, so that every pause is logged.
	loggerOnce.Do(func() { redis.SetLogger(poolLogger{log}) })
	c := &Client{rdb: redis.NewClient(opt), log: log, addr: Redact(rawURL)}
	c.rdb.AddHook(countHook{&c.RoundTrips})
	return c, nil
}

// Redact is the URL with its password replaced.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "redis://(unparseable URL)"
	}
	return u.Redacted()
}

func scrub(err error, rawURL string) string {
	s := err.Error()
	if u, perr := url.Parse(rawURL); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			s = strings.ReplaceAll(s, pw, "xxxxx")
		}
	}
	return s
}

// Addr is the URL, password redacted, for logs.
func (c *Client) Addr() string { return c.addr }

// Redis is the go-redis client (tests, benchmarks).
func (c *Client) Redis() *redis.Client { return c.rdb }

// Close ends the retries and the connections.
func (c *Client) Close() error {
	c.closed.Store(true)
	return c.rdb.Close()
}

// Ping waits until Redis answers or ctx ends, logging while it waits.
func (c *Client) Ping(ctx context.Context) error {
	return c.do(ctx, "ping", func(ctx context.Context) error { return c.rdb.Ping(ctx).Err() })
}

// do runs fn until it succeeds, fails for a reason other than Redis being
// unreachable, ctx ends or the client is closed. While Redis is away it
// waits 100 ms, doubling to 5 s, and logs each wait.
func (c *Client) do(ctx context.Context, op string, fn func(ctx context.Context) error) error {
	backoff := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := fn(ctx)
		if err == nil || !Unavailable(err) || ctx.Err() != nil || c.closed.Load() {
			if err != nil && attempt > 0 {
				return fmt.Errorf("redis %s: %w", op, err)
			}
			if attempt > 0 {
				c.log.Info("redis: available again", "redis", c.addr, "op", op, "after_attempts", attempt)
			}
			return err
		}
		c.log.Warn("redis: unavailable; pausing and retrying", "redis", c.addr, "op", op, "retry_in", backoff, "err", err)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("redis %s: %w", op, err)
		case <-t.C:
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// Unavailable says err means Redis could not be reached or is not ready
// (restarting, loading its append-only file): worth waiting for.
func Unavailable(err error) bool {
	if err == nil || errors.Is(err, redis.Nil) || errors.Is(err, context.Canceled) {
		return false
	}
	var rerr redis.Error
	if errors.As(err, &rerr) {
		msg := rerr.Error()
		for _, p := range []string{"LOADING", "READONLY", "MASTERDOWN", "TRYAGAIN", "BUSY ", "CLUSTERDOWN"} {
			if strings.HasPrefix(msg, p) {
				return true
			}
		}
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(err.Error(), "connection") ||
		errors.Is(err, context.DeadlineExceeded)
}

var loggerOnce sync.Once

type poolLogger struct{ log *slog.Logger }

func (l poolLogger) Printf(_ context.Context, format string, v ...any) {
	l.log.Warn("redis: connection problem; waiting and retrying", "detail", fmt.Sprintf(format, v...))
}

type countHook struct{ n *atomic.Int64 }

func (h countHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h countHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { h.n.Add(1); return next(ctx, cmd) }
}
func (h countHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { h.n.Add(1); return next(ctx, cmds) }
}

// now is Redis' clock, for callers that compare with it.
func (c *Client) now(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := c.do(ctx, "time", func(ctx context.Context) error {
		var err error
		t, err = c.rdb.Time(ctx).Result()
		return err
	})
	return t, err
}
