package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/schedule"
	"github.com/govnews/govnews/search/web"
)

// serveOptions are serve's and demo's flags.
type serveOptions struct {
	data           dataFlags
	config         string
	addr           string
	tokenFile      string
	parallel       int
	demo           bool
	demoPortals    int
	demoArticles   int
	shutdownWait   time.Duration
	requestTimeout time.Duration
	redis          string
	publicURL      string
}

func newServeCmd(a *app) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--config FILE] [--data DIR] [--addr HOST:PORT]",
		Short: "Serve the search API and web UI, and crawl each source on its schedule",
		Long: `Serve runs govnews as one long-running process: the JSON API, the Atom
feeds, the exports and the Vietnamese web UI over the index in --data, and a
scheduler that crawls each source of --config on its schedule (never two
crawls of one source at once; searches keep working during crawls).

A config with "sources: []" only serves the existing index. Starting a crawl
by hand (POST /api/sources/{id}/crawl) needs the admin token, read from
--admin-token-file or the GOVNEWS_ADMIN_TOKEN environment variable; without
one it is disabled.

SIGINT/SIGTERM stop taking requests, let running crawls finish their batch,
flush the index and exit 0.

With --redis URL, serve crawls nothing itself: it puts the sources of
--config on a schedule held in Redis (their cron schedules; a source never
crawled is due at once), for govnews worker processes to crawl, and indexes
the articles they publish to a Redis stream, acknowledging each batch only
once it is in the index (see docs/scaling.md).

With --demo, serve starts simulated portals on loopback, crawls them into a
temporary data directory (unless --data is given) and serves the result:
the whole pipeline, without internet.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("data") && o.demo {
				o.data.data = ""
			}
			return serve(cmd.Context(), a, o)
		},
	}
	o.register(cmd)
	cmd.Flags().BoolVar(&o.demo, "demo", false, "crawl simulated portals on loopback and serve them (see govnews demo)")
	return cmd
}

func (o *serveOptions) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	o.data.register(fs)
	fs.StringVar(&o.config, "config", "", "sources file (default: the shipped configs/sources.yaml; sources: [] serves the index without crawling)")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0 picks a free one)")
	fs.StringVar(&o.tokenFile, "admin-token-file", "", "file holding the admin token for starting crawls by hand (default: $GOVNEWS_ADMIN_TOKEN)")
	fs.IntVar(&o.parallel, "parallel", 4, "most crawls running at once (each source's own politeness still applies)")
	fs.DurationVar(&o.shutdownWait, "shutdown-wait", 10*time.Second, "how long to wait for requests and crawls to finish on SIGTERM")
	fs.DurationVar(&o.requestTimeout, "request-timeout", 15*time.Second, "longest a search or page may take")
	fs.StringVar(&o.publicURL, "public-url", "", "the address readers reach govnews at (https://tin.example.vn): feed links use it, and feeds may be kept by shared caches; without it they are built from the request's Host and cached only by the reader")
	fs.StringVar(&o.redis, "redis", "", "Redis URL (redis://[:password@]host:port/db, rediss:// for TLS): index the article stream of govnews worker processes and put the sources on their shared schedule, instead of crawling here")
	fs.IntVar(&o.demoPortals, "demo-portals", 3, "simulated portals (with --demo)")
	fs.IntVar(&o.demoArticles, "demo-articles", 40, "articles per simulated portal (with --demo)")
}

// serveGCPercent is the garbage collector's target for the server. Searches
// allocate a lot of short-lived memory; at Go's default (100) the collector
// took a quarter of the CPU of a search, at 400 the 20k-article benchmark
// needs 25 % less CPU per query for 10 % more peak memory (188 MB vs
// 170 MB). GOGC and GOMEMLIMIT in the environment still win.
const serveGCPercent = 400

// serve runs until ctx is cancelled (SIGINT/SIGTERM).
func serve(ctx context.Context, a *app, o serveOptions) error {
	log := a.logger()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if o.parallel < 1 {
		return usageError("serve: --parallel must be at least 1, not %d", o.parallel)
	}
	if o.requestTimeout <= 0 {
		return usageError("serve: --request-timeout must be positive, not %s", o.requestTimeout)
	}
	if o.shutdownWait < 0 {
		return usageError("serve: --shutdown-wait must not be negative, not %s", o.shutdownWait)
	}
	if err := checkListenAddr(o.addr); err != nil {
		return err
	}
	if o.publicURL != "" {
		u, err := url.Parse(o.publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return usageError("serve: --public-url %q: want an absolute http(s) address such as https://tin.example.vn", o.publicURL)
		}
		o.publicURL = strings.TrimSuffix(u.String(), "/")
	}
	token, err := adminToken(o.tokenFile)
	if err != nil {
		return err
	}

	var srcs []sources.Source
	if o.demo {
		sim, err := portalsim.Start(portalsim.Options{Portals: o.demoPortals, Articles: o.demoArticles})
		if err != nil {
			return fmt.Errorf("demo: start simulated portals: %w", err)
		}
		defer sim.Close()
		srcs = sim.Sources()
		for i := range srcs {
			srcs[i].Schedule = "@every 10m"
		}
		if o.data.data == "" {
			dir, err := os.MkdirTemp("", "govnews-demo-")
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			defer os.RemoveAll(dir)
			o.data.data = dir
		}
	} else {
		srcs, err = loadSourcesFile(o.config, o.data.provinces)
		if err != nil {
			return err
		}
	}

	st, err := openStore(o.data)
	if err != nil {
		return err
	}
	// Closing the index flushes it; it happens last, after the server and
	// the crawls have stopped writing.
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("serve: close index", "err", err)
		}
	}()

	metrics := web.NewMetrics()
	var crawls web.Crawls
	var raw web.RawPages
	var sched *schedule.Local
	var rs *redisServe
	if o.redis != "" {
		if o.demo {
			return usageError("serve: --redis and --demo do not go together")
		}
		var store *rawstore.Store
		rs, store, err = startRedisServe(o.redis, st, o.data.data, srcs, metrics, log)
		if err != nil {
			return err
		}
		crawls, raw = rs, rawPages{store}
	} else if len(srcs) > 0 {
		var local *schedule.Local // set before the first crawl starts
		cr, err := crawler.New(crawler.Config{Index: st.ix, DataDir: o.data.data, Logger: log,
			Progress: func(e crawler.Event) {
				metrics.Page(e.Source, e.Status > 0, e.Result == "error")
				local.Progress(e)
			}})
		if err != nil {
			return err
		}
		defer cr.Close()
		raw = rawPages{cr.Raw()}
		sched, err = schedule.NewLocal(srcs, cr.Crawl, cr.LastSummary, metrics, log, o.parallel)
		if err != nil {
			return err
		}
		local = sched
		crawls = sched
	} else if store, err := rawstore.Open(filepath.Join(o.data.data, "raw")); err == nil {
		// No sources, but pages crawled earlier are still worth showing.
		raw = rawPages{store}
	}

	var topics []web.Topic
	for _, t := range st.searcher.Topics() {
		topics = append(topics, web.Topic{ID: t.ID, Name: t.Name, Description: t.Description, Queries: t.Queries})
	}
	handler := web.NewServer(web.Config{
		Index: st.ix, Searcher: st.searcher, Topics: topics, Crawls: crawls, Raw: raw,
		AdminToken: token, Logger: log, Metrics: metrics, RequestTimeout: o.requestTimeout, PublicURL: o.publicURL,
	})

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", o.addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/"
	n, _ := st.ix.Count()
	fmt.Fprintf(a.stdout, "govnews: serving %d articles at %s (%d sources)\n", n, url, len(srcs))
	log.Info("serve: listening", "url", url, "data", o.data.data, "sources", len(srcs), "articles", n)
	if sched != nil {
		sched.Start()
		if o.demo {
			go announceDemo(ctx, a.stdout, sched, st, url)
		}
	}

	select {
	case err := <-errc:
		if sched != nil {
			_ = sched.Stop(o.shutdownWait)
		}
		if rs != nil {
			_ = rs.stop(o.shutdownWait)
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Stop taking requests and stop the crawls at the same time, so the
	// whole shutdown takes at most one --shutdown-wait; the deferred closes
	// then flush the crawl state and the index.
	log.Info("serve: shutting down")
	crawlsDone := make(chan error, 1)
	go func() {
		switch {
		case rs != nil:
			crawlsDone <- rs.stop(o.shutdownWait)
		case sched == nil:
			crawlsDone <- nil
		default:
			crawlsDone <- sched.Stop(o.shutdownWait)
		}
	}()
	shutCtx, cancel := context.WithTimeout(context.Background(), o.shutdownWait)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("serve: requests still open at shutdown", "err", err)
		_ = srv.Close()
	}
	if err := <-crawlsDone; err != nil {
		// Committed batches are safe (the index and crawl state survive a
		// kill -9), but the exit status must say the stop was not clean.
		log.Error("serve: crawls did not stop in time; the next run resumes them", "err", err)
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("serve: stopped")
	return nil
}

// announceDemo tells a newcomer when the simulated portals are crawled and
// what to try.
func announceDemo(ctx context.Context, out io.Writer, sched *schedule.Local, st *store, url string) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		done := true
		for _, s := range sched.Sources() {
			done = done && !s.LastEnd.IsZero() && !s.Running
		}
		if !done {
			continue
		}
		n, _ := st.ix.Count()
		fmt.Fprintf(out, "govnews: demo ready: %d articles from %d simulated portals. Open %s?q=khoa+hoc (diacritics optional), %ssources, %sapi/search?q=ke+hoach\n",
			n, len(sched.Sources()), url, url, url)
		return
	}
}

// adminToken reads the token that guards starting crawls by hand: from
// file, else from $GOVNEWS_ADMIN_TOKEN; none disables the endpoint. A short
// token is refused rather than weakly guarding the endpoint.
func adminToken(file string) (string, error) {
	token, from := strings.TrimSpace(os.Getenv("GOVNEWS_ADMIN_TOKEN")), "GOVNEWS_ADMIN_TOKEN"
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fileError(err, "serve: --admin-token-file")
		}
		token, from = strings.TrimSpace(string(b)), "--admin-token-file "+file
	}
	if token != "" && len(token) < 16 {
		return "", usageError("serve: %s: admin token shorter than 16 characters", from)
	}
	return token, nil
}

// checkListenAddr rejects an --addr that no listen could take (no port, a
// port out of range) as a usage error; a port already taken is found by the
// listen itself (exit 1).
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		var n int
		if n, err = strconv.Atoi(port); err == nil && (n < 0 || n > 65535) {
			err = fmt.Errorf("port %d out of range 0–65535", n)
		}
	}
	if err != nil {
		return usageError("serve: --addr %q: %v (want HOST:PORT, e.g. 127.0.0.1:8080)", addr, err)
	}
	return nil
}

// rawPages serves the crawler's stored pages to the web package.
type rawPages struct{ st *rawstore.Store }

func (r rawPages) Get(url string) ([]byte, string, bool, error) {
	page, ctype, err := r.st.Get(url)
	if errors.Is(err, rawstore.ErrNotFound) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, err
	}
	return page, ctype, true, nil
}
