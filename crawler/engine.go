package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/crawler/state"
	"github.com/govnews/govnews/index"
)

// Crawler crawls sources into an index. It is safe to call Crawl
// concurrently for different sources.
type Crawler struct {
	cfg        Config
	state      State
	closeState func() error
	sink       Sink      // nil when state is a Publisher
	pub        Publisher // the state, when it publishes the pages itself
	raw        *rawstore.Store
	log        *slog.Logger

	mu     sync.Mutex
	hosts  map[string]*host
	robots map[string]*robotsEntry
	// robotsLocks: one robots.txt fetch per host at a time in this
	// process, so two sources on one portal starting together fetch it
	// once.
	robotsLocks map[string]*sync.Mutex
	running     map[string]bool
}

// Limits of discovery. Depth counts hops that are not pagination: a seed
// is 0, an article linked from it 1; sections found in a seed's menu are 1,
// their articles 2.
const (
	maxDepth      = 3
	maxSections   = 40   // menu links followed from one seed page
	maxListingRun = 5000 // pages of one listing (pagination) per run
	maxStalePages = 3    // pages in a row with nothing new before a listing is dropped
	// A listing whose article links have failed this many times this
	// run (404, not an article, no answer) without one article stored is
	// a trap (endless pages of dead links): its pagination stops.
	listingNoYield = 30
	patternTracked = 10000
)

// New opens the crawl state (DATA/crawl.db) and the raw page store
// (DATA/raw) in cfg.DataDir, unless cfg gives other backends.
func New(cfg Config) (*Crawler, error) {
	pub, _ := cfg.State.(Publisher)
	needLocal := cfg.State == nil || cfg.Sink == nil && pub == nil
	if needLocal && cfg.DataDir == "" {
		return nil, errors.New("crawler: no data directory")
	}
	if cfg.Sink == nil && pub == nil && cfg.Index == nil {
		return nil, errors.New("crawler: no index")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxBodySize <= 0 {
		cfg.MaxBodySize = 10 << 20
	}
	if cfg.Retries == 0 {
		cfg.Retries = 3
	}
	if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = 2 * time.Second
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 5 * time.Minute
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 50
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = DefaultFlushInterval
	}
	c := &Crawler{cfg: cfg, state: cfg.State, sink: cfg.Sink, log: cfg.Logger,
		hosts: map[string]*host{}, robots: map[string]*robotsEntry{}, robotsLocks: map[string]*sync.Mutex{}, running: map[string]bool{}}
	if c.state == nil {
		st, err := state.Open(filepath.Join(cfg.DataDir, "crawl.db"))
		if err != nil {
			return nil, fmt.Errorf("crawler: %w", err)
		}
		c.state, c.closeState = st, st.Close
	}
	if c.sink == nil && pub != nil {
		c.pub = pub
	}
	if c.sink == nil && c.pub == nil {
		raw, err := rawstore.Open(filepath.Join(cfg.DataDir, "raw"))
		if err != nil {
			if c.closeState != nil {
				c.closeState()
			}
			return nil, fmt.Errorf("crawler: %w", err)
		}
		c.raw = raw
		c.sink = localSink{ix: cfg.Index, raw: raw}
	}
	return c, nil
}

// Close closes the crawl state it opened.
func (c *Crawler) Close() error {
	if c.closeState == nil {
		return nil
	}
	if err := c.closeState(); err != nil {
		return fmt.Errorf("crawler: close: %w", err)
	}
	return nil
}

// Raw is the store of fetched article pages (nil when the crawler writes
// to another sink).
func (c *Crawler) Raw() *rawstore.Store { return c.raw }

// Crawl crawls src once: it resumes the source's interrupted run if there
// is one, else starts a new run from the source's start URLs, feeds and
// sitemaps. It returns when the frontier is empty, the page limit is
// reached, ctx is cancelled or the source's host stops answering. The
// error is for problems of govnews itself (the index, the state file);
// a portal's failures are in the Summary.
func (c *Crawler) Crawl(ctx context.Context, src sources.Source) (Summary, error) {
	c.mu.Lock()
	if c.running[src.ID] {
		c.mu.Unlock()
		return Summary{Source: src.ID}, fmt.Errorf("crawler: source %q is already being crawled", src.ID)
	}
	c.running[src.ID] = true
	c.mu.Unlock()
	defer func() { c.mu.Lock(); delete(c.running, src.ID); c.mu.Unlock() }()

	r, err := c.newRun(ctx, src)
	if err != nil {
		return Summary{Source: src.ID}, err
	}
	err = r.loop(ctx)
	r.sum.Finished = time.Now()
	if r.fatal != nil {
		r.sum.Failed = true
		r.sum.Err = r.fatal.Error()
	} else if r.okResponses == 0 && len(r.disallowedSeeds) > 0 {
		// Not a portal failure: the operator must know robots.txt, which
		// govnews obeys, keeps it out (it fetched nothing, so errors=0).
		r.sum.Failed = true
		if r.robotsDown != 0 {
			// RFC 9309: a robots.txt that cannot be read keeps the whole
			// site out; it is no Disallow line to look for.
			r.sum.Err = fmt.Sprintf("robots.txt answered HTTP %d, which keeps the whole site out until it answers (RFC 9309); nothing was crawled; the next run asks again", r.robotsDown)
			c.log.Warn("robots.txt unavailable; site kept out", "source", src.ID, "status", r.robotsDown)
		} else {
			r.sum.Err = fmt.Sprintf("robots.txt disallows the start URLs (%s) for %q; nothing was crawled", strings.Join(r.disallowedSeeds, ", "), robotsToken)
			c.log.Warn("robots.txt disallows the start URLs", "source", src.ID, "urls", r.disallowedSeeds)
		}
	} else if (r.sum.Requests > 0 || r.sum.HostPaused) && r.okResponses == 0 && ctx.Err() == nil {
		// (A run that asked nothing because its host was paused by an
		// earlier run, or another source, fetched nothing either: the
		// scheduler retries it soon, not at its next schedule.)
		// (A run stopped by a signal before its first page answered
		// has not failed: nothing says the portal is down.)
		r.sum.Failed = true
		if r.sum.Err == "" {
			r.sum.Err = "no page of the source could be fetched"
			if r.lastErr != nil {
				r.sum.Err += ": " + r.lastErr.Error()
			}
		}
	}
	if !r.sum.Failed && r.lastErr != nil {
		r.sum.LastPageErr = r.lastErr.Error()
	}
	summary, _ := json.Marshal(r.sum)
	complete := err == nil && r.complete && !r.sum.Failed
	if ferr := c.state.FinishRun(src.ID, r.sum.Finished, complete, summary); ferr != nil && err == nil {
		err = fmt.Errorf("crawler: %w", ferr)
	}
	c.log.Info("crawl finished", "source", src.ID, "requests", r.sum.Requests, "new", r.sum.New,
		"updated", r.sum.Updated, "unchanged", r.sum.Unchanged, "errors", r.sum.Errors,
		"complete", complete, "failed", r.sum.Failed)
	return r.sum, err
}

// LastSummary returns the summary of the source's last run, if any.
func (c *Crawler) LastSummary(source string) (Summary, bool) {
	run, err := c.state.Run(source)
	if err != nil || len(run.Summary) == 0 {
		return Summary{}, false
	}
	var s Summary
	if json.Unmarshal(run.Summary, &s) != nil {
		return Summary{}, false
	}
	s.Interrupted = run.Running // ended before the run was complete
	return s, true
}

// seeds are the URLs a new run starts from.
func seeds(src sources.Source) []state.Item {
	var items []state.Item
	add := func(list []string, kind string) {
		for _, raw := range list {
			if u, err := url.Parse(raw); err == nil {
				items = append(items, state.Item{URL: index.NormalizeURL(u).String(), Kind: kind})
			}
		}
	}
	add(src.StartURLs, state.KindListing)
	add(src.Feeds, state.KindFeed)
	add(src.Sitemaps, state.KindSitemap)
	return items
}
