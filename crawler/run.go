package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/crawler/state"
)

// run is one crawl of one source.
type run struct {
	c         *Crawler
	src       sources.Source
	f         *fetcher
	sum       Summary
	base      time.Duration // the source's delay
	delay     time.Duration // base raised by the current host's Crawl-delay
	maxPages  int
	pages     int
	articleRe *regexp.Regexp
	hosts     map[string]bool
	// incremental: the source was crawled to the end before, so listings
	// are fetched conditionally and pagination stops at known articles.
	incremental bool
	patterns    map[string]int // listing pages per listing this run (bounded)
	stale       map[string]int // consecutive pages per listing with no link new to the run
	// What a listing's article links turned out to be this run: origin
	// names the listing of each link still waiting (bounded with
	// patterns), yield counts their outcomes per listing.
	origin map[string]string
	yield  map[string]*listingYield

	after   uint64 // last frontier item taken
	queued  int    // frontier size, kept up to date for progress
	change  state.Change
	batch   []Page
	pending map[string]string // in the batch: identity -> hash, "#"+hash -> identity
	oldest  time.Time         // when the batch's first article was fetched

	// Lookups of the links of the page being classified (Prefetcher).
	pre       map[string]state.Record
	preQueued map[string]bool
	preAsked  map[string]bool

	okResponses     int
	disallowedSeeds []string // start URLs, feeds, sitemaps robots.txt kept us from
	lastErr         error
	robotsDown      int   // the 5xx a robots.txt answered, which kept the site out
	fatal           error // the source cannot be crawled (TLS, robots)
	flushErr        error // a batch written during a request failed (fetchFlushing)
	complete        bool
}

func (c *Crawler) newRun(ctx context.Context, src sources.Source) (*run, error) {
	r := &run{c: c, src: src, sum: Summary{Source: src.ID, Started: time.Now()},
		base: src.Delay, maxPages: src.MaxPages, articleRe: src.ArticleRegexp(),
		hosts: map[string]bool{}, patterns: map[string]int{}, stale: map[string]int{}, pending: map[string]string{},
		origin: map[string]string{}, yield: map[string]*listingYield{}}
	if r.base <= 0 {
		r.base = DefaultDelay
	}
	r.delay = r.base
	if c.cfg.MaxPages > 0 && (r.maxPages == 0 || c.cfg.MaxPages < r.maxPages) {
		r.maxPages = c.cfg.MaxPages
	}
	for _, h := range src.Hosts() {
		r.allowHost(h)
	}
	ua := c.cfg.UserAgent
	if src.UserAgent != "" {
		ua = src.UserAgent
	}
	if src.InsecureTLS {
		c.log.Warn("TLS certificate checks are off for this source (insecure_tls)", "source", src.ID)
	}
	r.f = c.newFetcher(ctx, ua, src.InsecureTLS)
	r.change.Source = src.ID

	prev, err := c.state.Run(src.ID)
	if err != nil {
		return nil, fmt.Errorf("crawler: %w", err)
	}
	r.incremental = !prev.LastComplete.IsZero()
	r.queued = c.state.Pending(src.ID)
	if prev.Running && r.queued > 0 {
		c.log.Info("resuming interrupted crawl", "source", src.ID, "queued", r.queued)
		return r, nil
	}
	items := seeds(src)
	// Sitemaps announced in robots.txt are seeds too.
	for _, s := range src.StartURLs {
		u, err := url.Parse(s)
		if err != nil {
			continue
		}
		if rb, err := r.robots(ctx, u); err == nil {
			for _, sm := range rb.sitemaps {
				if su := resolve(u, sm); su != nil && r.hosts[su.Host] {
					items = append(items, state.Item{URL: su.String(), Kind: state.KindSitemap})
				}
			}
		}
	}
	if err := c.state.StartRun(src.ID, r.sum.Started, items); err != nil {
		return nil, fmt.Errorf("crawler: %w", err)
	}
	r.queued = c.state.Pending(src.ID)
	return r, nil
}

// allowHost lets the crawl onto h and its www. twin.
func (r *run) allowHost(h string) {
	r.hosts[h] = true
	if strings.HasPrefix(h, "www.") {
		r.hosts[strings.TrimPrefix(h, "www.")] = true
	} else {
		r.hosts["www."+h] = true
	}
}

// loop takes frontier items until there are none, or the run must stop.
func (r *run) loop(ctx context.Context) error {
	for {
		if r.flushErr != nil {
			return r.flushErr
		}
		if ctx.Err() != nil {
			return r.flush()
		}
		if r.maxPages > 0 && r.pages >= r.maxPages {
			r.c.log.Info("page limit reached", "source", r.src.ID, "max_pages", r.maxPages)
			return r.flush()
		}
		it, ok, err := r.c.state.Next(r.src.ID, r.after)
		if err != nil {
			return fmt.Errorf("crawler: %w", err)
		}
		if !ok {
			if err := r.flush(); err != nil {
				return err
			}
			r.complete = true
			return nil
		}
		r.after = it.Seq
		// The next request waits at least the delay: the batch goes to
		// the index first if that wait would make it overdue.
		if r.flushDue(r.delay) {
			if err := r.flush(); err != nil {
				return err
			}
		}
		err = r.process(ctx, it)
		switch {
		case err == nil:
		case errors.Is(err, errHostPaused):
			r.sum.Err = fmt.Sprintf("%s: %v; the rest of the frontier waits for the next run", it.URL, err)
			r.sum.HostPaused = true
			r.c.log.Warn("host paused", "source", r.src.ID, "url", it.URL)
			return r.flush()
		case ctx.Err() != nil:
			return r.flush()
		case r.fatal != nil:
			return r.flush()
		default:
			return err
		}
	}
}

// process handles one frontier item. Portal failures are counted in the
// summary; only failures of govnews' own storage are returned.
func (r *run) process(ctx context.Context, it state.Item) error {
	u, err := url.Parse(it.URL)
	if err != nil {
		return r.done(it, nil)
	}
	rec, known, err := r.c.state.URL(it.URL)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	if _, ok := r.pending[it.URL]; it.Kind == state.KindArticle && ok {
		return r.doneLater(it) // reached by another link earlier in this batch
	}
	if it.Kind == state.KindArticle && r.skipKnown(it, rec, known) {
		r.sum.Unchanged += b2i(rec.Stored() || !known)
		r.event(Event{URL: it.URL, Kind: it.Kind, Result: "unchanged"})
		return r.doneLater(it)
	}
	header := http.Header{}
	if known && (rec.ETag != "" || rec.LastModified != "") && (r.incremental || it.Kind == state.KindArticle) {
		if rec.ETag != "" {
			header.Set("If-None-Match", rec.ETag)
		}
		if rec.LastModified != "" {
			header.Set("If-Modified-Since", rec.LastModified)
		}
	}
	resp, final, err := r.fetchFollow(ctx, u, header, it)
	if errors.Is(err, errStored) {
		// A redirect to an article already stored: remember the alias.
		now := time.Now()
		r.change.Records = mapPut(r.change.Records, it.URL, state.Record{Kind: state.KindDuplicate, Source: r.src.ID, Canonical: final.String(), FetchedAt: now, StoredAt: now})
		r.event(Event{URL: it.URL, Kind: it.Kind, Result: "redirect to a stored article"})
		return r.doneLater(it)
	}
	if err != nil {
		return r.failed(ctx, it, err)
	}
	r.pages++
	if resp.Status < 400 {
		r.okResponses++
	}
	switch {
	case resp.Status == http.StatusNotModified:
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: 304, Result: "unchanged"})
		if it.Kind == state.KindArticle {
			r.sum.Unchanged++
		}
		rec.FetchedAt = time.Now()
		if !it.Mod.IsZero() {
			rec.Mod = it.Mod
		}
		return r.done(it, map[string]state.Record{it.URL: rec})
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusGone:
		// Counted as an error, so named like one: an operator must be
		// able to tell a dead link of the portal from a broken crawl.
		r.sum.Errors++
		r.lastErr = fmt.Errorf("%s: HTTP %d", it.URL, resp.Status)
		r.c.log.Warn("page gone", "source", r.src.ID, "url", it.URL, "status", resp.Status)
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "gone"})
		return r.done(it, map[string]state.Record{it.URL: {Kind: state.KindGone, Source: r.src.ID, Status: resp.Status, FetchedAt: time.Now()}})
	case resp.Status < 200 || resp.Status >= 300:
		r.sum.Errors++
		r.lastErr = fmt.Errorf("%s: HTTP %d", it.URL, resp.Status)
		r.c.log.Warn("fetch failed", "source", r.src.ID, "url", it.URL, "status", resp.Status)
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "error"})
		return r.done(it, nil)
	}
	validators := state.Record{Source: r.src.ID, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Status: resp.Status, FetchedAt: time.Now()}
	kind := it.Kind
	switch sniff(resp.Body) {
	case "feed":
		kind = state.KindFeed
	case "sitemap":
		kind = state.KindSitemap
	}
	switch kind {
	case state.KindFeed:
		return r.handleFeed(it, final, resp, validators)
	case state.KindSitemap:
		return r.handleSitemap(it, final, resp, validators)
	case state.KindArticle:
		return r.handleArticle(it, final, resp, validators, false)
	default:
		// A link that did not look like an article (a section link, an
		// old short URL) may redirect to one: portals that moved after the
		// 2025 merger answer their old links with 301s to articles. The
		// final URL and the page decide, not the link that led there.
		if final.String() != it.URL && r.looksLikeArticle(final) {
			return r.handleArticle(it, final, resp, validators, true)
		}
		return r.handleListing(it, final, resp, validators)
	}
}

// skipKnown says an article candidate needs no request: it is stored and
// no sitemap or feed says it changed, or it is known not to be an article.
func (r *run) skipKnown(it state.Item, rec state.Record, known bool) bool {
	if known {
		unchanged := !rec.ChangedSince(it.Mod)
		return unchanged && (rec.Stored() || rec.Kind == state.KindGone || rec.Kind == state.KindListing || rec.Kind == state.KindDuplicate)
	}
	// Stored by a run killed between the index write and the state write.
	if r.c.sink == nil {
		return false
	}
	if ok, err := r.c.sink.Has(it.URL); err == nil && ok {
		now := time.Now()
		r.change.Records = mapPut(r.change.Records, it.URL, state.Record{Kind: state.KindArticle, Source: r.src.ID, FetchedAt: now, StoredAt: now})
		return true
	}
	return false
}

// fetchFollow fetches u, following redirects itself so that every hop
// waits its turn and obeys robots.txt. A seed may move to another host
// (a merged province's portal); other pages stay on the source's hosts.
func (r *run) fetchFollow(ctx context.Context, u *url.URL, header http.Header, it state.Item) (*response, *url.URL, error) {
	seed := it.Depth == 0
	for hop := 0; ; hop++ {
		if hop > 0 && (it.Kind == state.KindArticle || it.Kind == state.KindListing) && r.isStored(u.String()) {
			return nil, u, errStored
		}
		if hop == 0 && !r.hosts[u.Host] {
			// Only allowed hosts enter the frontier; a resumed run may not
			// have seen its seed move to this one yet.
			r.allowHost(u.Host)
		}
		if !r.hosts[u.Host] {
			return nil, nil, fmt.Errorf("%s: off the source's hosts", u)
		}
		rb, err := r.robots(ctx, u)
		if err != nil {
			return nil, nil, err
		}
		if !rb.allowed(u) {
			if rb.status >= 500 {
				r.robotsDown = rb.status
			}
			return nil, nil, errDisallowed
		}
		r.delay = max(r.base, rb.crawlDelay())
		resp, err := r.fetchFlushing(ctx, u, header)
		if err != nil {
			return nil, nil, err
		}
		loc := resp.Header.Get("Location")
		if resp.Status < 300 || resp.Status >= 400 || resp.Status == http.StatusNotModified || loc == "" {
			return resp, u, nil
		}
		if hop >= 5 {
			return nil, nil, fmt.Errorf("%s: %w", u, errRedirectLoop)
		}
		next := resolve(u, loc)
		if next == nil {
			return nil, nil, fmt.Errorf("%s: redirect to %q", u, loc)
		}
		if seed && !r.hosts[next.Host] {
			r.c.log.Info("start URL moved to another host", "source", r.src.ID, "from", u.String(), "to", next.String())
			r.allowHost(next.Host)
		}
		u, header = next, http.Header{}
	}
}

var (
	errRedirectLoop = errors.New("more than 5 redirects")
	errDisallowed   = errors.New("disallowed by robots.txt")
	errStored       = errors.New("already stored")
)

// looksLikeArticle says a URL, taken alone, is an article's: it matches
// the source's article_url_pattern, or, without one, has an id parameter,
// a long slug or a numeric id (the link heuristic without anchor text).
func (r *run) looksLikeArticle(u *url.URL) bool {
	return !isFile(u) && isArticleLink(r.articleRe, link{URL: u})
}

// isStored says the article at u is in the index or in the pending batch.
func (r *run) isStored(u string) bool {
	if _, ok := r.pending[u]; ok {
		return true
	}
	rec, ok, _ := r.c.state.URL(u)
	return ok && rec.Stored()
}

// failed accounts for a request that got no usable answer.
func (r *run) failed(ctx context.Context, it state.Item, err error) error {
	switch {
	case errors.Is(err, errDisallowed):
		if it.Depth == 0 {
			r.disallowedSeeds = append(r.disallowedSeeds, it.URL)
			// Said even when the run goes on from a sitemap or a feed:
			// the operator's start URL is not what is crawled.
			r.c.log.Warn("robots.txt disallows a start URL; it is not fetched", "source", r.src.ID, "url", it.URL)
		}
		r.event(Event{URL: it.URL, Kind: it.Kind, Result: "disallowed"})
		return r.done(it, map[string]state.Record{it.URL: {Kind: state.KindGone, Source: r.src.ID, FetchedAt: time.Now()}})
	case errors.Is(err, errHostPaused), ctx.Err() != nil:
		return err
	case isTLS(err):
		r.sum.Errors++
		r.fatal = fmt.Errorf("%s: TLS: %v (hint: the portal's certificate does not verify; if you accept that, set insecure_tls: true for source %q)", it.URL, err, r.src.ID)
		r.c.log.Error("TLS failure", "source", r.src.ID, "url", it.URL, "err", err)
		return r.fatal
	}
	r.sum.Errors++
	r.lastErr = err
	r.c.log.Warn("fetch failed", "source", r.src.ID, "url", it.URL, "err", err)
	r.event(Event{URL: it.URL, Kind: it.Kind, Result: "error"})
	if errors.Is(err, errTooLarge) || errors.Is(err, errRedirectLoop) {
		// No article, now or on the next run: remembered as gone, so
		// that 10 MiB or six redirects are not asked again every run
		// (a sitemap's newer lastmod still brings it back).
		return r.done(it, map[string]state.Record{it.URL: {Kind: state.KindGone, Source: r.src.ID, FetchedAt: time.Now()}})
	}
	return r.done(it, nil)
}

// done finishes a non-article item at once, with what was learned.
func (r *run) done(it state.Item, records map[string]state.Record) error {
	_, _, err := r.c.state.Apply(state.Change{Source: r.src.ID, Done: []uint64{it.Seq}, Records: records})
	r.queued--
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	return nil
}

// doneLater finishes an item with the next batch.
func (r *run) doneLater(it state.Item) error {
	r.change.Done = append(r.change.Done, it.Seq)
	r.queued--
	if len(r.change.Done) >= 4*r.c.cfg.BatchSize {
		return r.flush()
	}
	return nil
}

func (r *run) event(e Event) {
	if e.Kind == state.KindArticle {
		r.countYield(e.URL, e.Result)
	}
	if r.c.cfg.Progress == nil {
		return
	}
	e.Source = r.src.ID
	e.Queued = max(r.queued, 0)
	r.c.cfg.Progress(e)
}

func mapPut[V any](m map[string]V, k string, v V) map[string]V {
	if m == nil {
		m = map[string]V{}
	}
	m[k] = v
	return m
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fetchFlushing is the fetcher's fetch, during which the batch is written
// when its oldest article comes due: a slow page (30 s, and its retries)
// or a Retry-After wait would otherwise keep the articles fetched before
// it out of the index, unsearchable and lost to a kill -9, for minutes.
// The run's goroutine waits in fetch meanwhile and touches no batch, and
// it waits for the write before it goes on.
func (r *run) fetchFlushing(ctx context.Context, u *url.URL, header http.Header) (*response, error) {
	count := func() { r.sum.Requests++ }
	if len(r.batch) == 0 && r.change.Empty() {
		return r.f.fetch(ctx, u, r.delay, header, count)
	}
	due := r.c.cfg.FlushInterval - time.Since(r.oldest)
	if len(r.batch) == 0 {
		due = r.c.cfg.FlushInterval // frontier progress only
	}
	stop := make(chan struct{})
	written := make(chan error, 1)
	go func() {
		t := time.NewTimer(max(due, 0))
		defer t.Stop()
		select {
		case <-stop:
			written <- nil
		case <-t.C:
			written <- r.flush()
		}
	}()
	resp, err := r.f.fetch(ctx, u, r.delay, header, count)
	close(stop)
	if werr := <-written; werr != nil {
		r.flushErr = werr
	}
	return resp, err
}

// listingYield is what one listing's article links gave this run.
type listingYield struct {
	stored, missed int
	warned         bool // the stop was logged
}

// countYield records the outcome of an article link queued by a listing.
func (r *run) countYield(u, result string) {
	key, ok := r.origin[u]
	if !ok {
		return
	}
	delete(r.origin, u)
	y := r.yield[key]
	if y == nil {
		y = &listingYield{}
		r.yield[key] = y
	}
	switch result {
	case "new", "updated", "unchanged", "duplicate", "redirect to a stored article":
		y.stored++
	default:
		y.missed++
	}
}

// barren says a listing has given only dead links this run: listingNoYield
// of them failed, and none was an article.
func (r *run) barren(key string) bool {
	y := r.yield[key]
	return y != nil && y.stored == 0 && y.missed >= listingNoYield
}
