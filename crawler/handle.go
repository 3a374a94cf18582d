package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/govnews/govnews/crawler/extract"
	"github.com/govnews/govnews/crawler/state"
	"github.com/govnews/govnews/index"
)

// Freshness of an article link.
const (
	linkKnown    = iota // stored and unchanged, or known not to be an article
	linkQueued          // not stored, but already queued in this run
	linkNewToRun        // not stored and first seen in this run
)

// candidate queues an article link, or notes it as seen when it is stored
// and nothing says it changed, and says how fresh it is.
func (r *run) candidate(u *url.URL, mod time.Time, depth int, ch *state.Change) int {
	key := u.String()
	rec, known := r.lookupURL(key)
	if known && !rec.ChangedSince(mod) {
		switch {
		case rec.Stored():
			ch.Seen = append(ch.Seen, key)
			return linkKnown
		case rec.Kind == state.KindGone || rec.Kind == state.KindListing:
			return linkKnown
		}
	}
	ch.Enqueue = append(ch.Enqueue, state.Item{URL: key, Kind: state.KindArticle, Depth: depth, Mod: mod})
	if r.lookupQueued(key) {
		return linkQueued
	}
	return linkNewToRun
}

// prefetch looks up the records and queued marks of a page's links at once
// when the state can (Prefetcher); candidate then reads them from memory.
// The state does not change while a page's links are classified (the
// change is applied after), so the answers are the same.
func (r *run) prefetch(urls []string) {
	r.pre, r.preQueued = nil, nil
	pf, ok := r.c.state.(Prefetcher)
	if !ok || len(urls) == 0 {
		return
	}
	recs, queued, err := pf.Lookup(r.src.ID, urls)
	if err != nil {
		return // candidate asks one by one
	}
	r.pre, r.preQueued = recs, queued
	r.preAsked = map[string]bool{}
	for _, u := range urls {
		r.preAsked[u] = true
	}
}

func (r *run) endPrefetch() { r.pre, r.preQueued, r.preAsked = nil, nil, nil }

func (r *run) lookupURL(u string) (state.Record, bool) {
	if r.preAsked[u] {
		rec, ok := r.pre[u]
		return rec, ok
	}
	rec, ok, _ := r.c.state.URL(u)
	return rec, ok
}

func (r *run) lookupQueued(u string) bool {
	if r.preAsked[u] {
		return r.preQueued[u]
	}
	return r.c.state.Queued(r.src.ID, u)
}

// apply writes a change at once and keeps the counters.
func (r *run) apply(ch state.Change) error {
	added, seen, err := r.c.state.Apply(ch)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	r.queued += added - len(ch.Done)
	r.sum.Unchanged += seen
	return nil
}

func (r *run) handleListing(it state.Item, final *url.URL, resp *response, v state.Record) error {
	v.Kind = state.KindListing
	ch := state.Change{Source: r.src.ID, Done: []uint64{it.Seq}, Records: map[string]state.Record{it.URL: v, final.String(): v}}
	pg, err := parsePage(final, resp.Body, resp.Header.Get("Content-Type"))
	if err != nil {
		r.sum.Errors++
		r.lastErr = err
		return r.apply(ch)
	}
	for _, f := range pg.feeds {
		if r.hosts[f.Host] {
			ch.Enqueue = append(ch.Enqueue, state.Item{URL: f.String(), Kind: state.KindFeed, Depth: it.Depth})
		}
	}
	key := listingKey(final)
	if len(r.patterns) > patternTracked {
		clear(r.patterns)
		clear(r.stale)
		clear(r.yield)
	}
	if len(r.origin) > 50*patternTracked {
		clear(r.origin)
	}
	r.patterns[key]++
	var urls []string
	for _, l := range pg.links {
		if r.hosts[l.URL.Host] {
			urls = append(urls, l.URL.String())
		}
	}
	r.prefetch(urls)
	defer r.endPrefetch()
	var pages []link
	articles, fresh, newToRun, sections := 0, 0, 0, 0
	for _, l := range pg.links {
		if !r.hosts[l.URL.Host] || isFile(l.URL) || isTrap(l.URL) {
			continue
		}
		switch {
		case isPagination(final, l):
			pages = append(pages, l)
		case isArticleLink(r.articleRe, l):
			if it.Depth+1 <= maxDepth {
				articles++
				switch r.candidate(l.URL, time.Time{}, it.Depth+1, &ch) {
				case linkNewToRun:
					newToRun++
					fresh++
					r.origin[l.URL.String()] = key
				case linkQueued:
					fresh++
				}
			}
		case it.Depth == 0 && sections < maxSections && isSectionLink(final, l):
			sections++
			ch.Enqueue = append(ch.Enqueue, state.Item{URL: l.URL.String(), Kind: state.KindListing, Depth: 1})
		}
	}
	// Pagination is followed while listing pages show articles govnews
	// does not have (on a re-crawl, new articles are on the first pages).
	// Pages that show only articles already queued in this run (a feed or
	// an earlier page had them) are tolerated a few times in a row, then
	// the listing is taken for a trap repeating itself (search results).
	if newToRun > 0 {
		r.stale[key] = 0
	} else {
		r.stale[key]++
	}
	paginate := newToRun > 0 || (fresh > 0 || !r.incremental) && r.stale[key] <= maxStalePages
	if paginate && r.barren(key) {
		// Pages of links that all fail (an endless pager of dead
		// links): thousands of requests for nothing.
		if y := r.yield[key]; !y.warned {
			y.warned = true
			r.c.log.Warn("listing gives only dead links: its next pages are not followed", "source", r.src.ID, "listing", key, "failed_links", r.yield[key].missed)
		}
		paginate = false
	}
	if articles > 0 && paginate && r.patterns[key] < maxListingRun {
		for _, p := range pages {
			ch.Enqueue = append(ch.Enqueue, state.Item{URL: p.URL.String(), Kind: state.KindListing, Depth: it.Depth})
		}
	}
	r.event(Event{URL: it.URL, Kind: state.KindListing, Status: resp.Status, Result: fmt.Sprintf("%d new links", fresh)})
	return r.apply(ch)
}

func (r *run) handleFeed(it state.Item, final *url.URL, resp *response, v state.Record) error {
	v.Kind = state.KindFeed
	ch := state.Change{Source: r.src.ID, Done: []uint64{it.Seq}, Records: map[string]state.Record{it.URL: v}}
	entries, err := parseFeed(final, resp.Body)
	if err != nil {
		r.sum.Errors++
		r.lastErr = err
		r.event(Event{URL: it.URL, Kind: state.KindFeed, Status: resp.Status, Result: "error"})
		return r.apply(ch)
	}
	r.prefetch(entryURLs(entries))
	defer r.endPrefetch()
	fresh := 0
	for _, e := range entries {
		if r.hosts[e.URL.Host] && !isFile(e.URL) && r.candidate(e.URL, e.Mod, min(it.Depth+1, maxDepth), &ch) == linkNewToRun {
			fresh++
		}
	}
	r.event(Event{URL: it.URL, Kind: state.KindFeed, Status: resp.Status, Result: fmt.Sprintf("%d new links", fresh)})
	return r.apply(ch)
}

func (r *run) handleSitemap(it state.Item, final *url.URL, resp *response, v state.Record) error {
	v.Kind = state.KindSitemap
	ch := state.Change{Source: r.src.ID, Done: []uint64{it.Seq}, Records: map[string]state.Record{it.URL: v}}
	pages, maps, err := parseSitemap(final, resp.Body)
	if err != nil {
		r.sum.Errors++
		r.lastErr = err
		r.event(Event{URL: it.URL, Kind: state.KindSitemap, Status: resp.Status, Result: "error"})
		return r.apply(ch)
	}
	for _, m := range maps {
		if r.hosts[m.URL.Host] {
			ch.Enqueue = append(ch.Enqueue, state.Item{URL: m.URL.String(), Kind: state.KindSitemap, Depth: it.Depth})
		}
	}
	r.prefetch(entryURLs(pages))
	defer r.endPrefetch()
	fresh := 0
	for _, e := range pages {
		if r.hosts[e.URL.Host] && !isFile(e.URL) && !isTrap(e.URL) && r.candidate(e.URL, e.Mod, min(it.Depth+1, maxDepth), &ch) == linkNewToRun {
			fresh++
		}
	}
	r.event(Event{URL: it.URL, Kind: state.KindSitemap, Status: resp.Status, Result: fmt.Sprintf("%d new links", fresh)})
	return r.apply(ch)
}

// handleArticle extracts an article candidate: an article is stored, a
// listing is mined for links, anything else is remembered as not an article.
// moved is a listing item that redirected to an article-like URL: anything
// but an article is still mined as the listing it was taken for.
func (r *run) handleArticle(it state.Item, final *url.URL, resp *response, v state.Record, moved bool) error {
	ct := resp.Header.Get("Content-Type")
	if rec, ok, _ := r.c.state.URL(final.String()); ok && rec.Kind == state.KindListing {
		if moved {
			return r.handleListing(it, final, resp, v)
		}
		return r.done(it, nil)
	}
	if ct != "" && !strings.Contains(ct, "html") {
		v.Kind = state.KindGone
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "not a page"})
		return r.done(it, map[string]state.Record{it.URL: v})
	}
	res, err := extract.Extract(final.String(), resp.Body, ct, extract.Options{Selectors: extract.Selectors(r.src.Selectors)})
	if err != nil {
		r.sum.Errors++
		r.lastErr = err
		r.c.log.Warn("extraction failed", "source", r.src.ID, "url", final.String(), "err", err)
		// Not recorded: the page is fetched again next run (after a fix
		// of the source's selectors, say), not written off as gone.
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "error"})
		return r.done(it, nil)
	}
	if res.Truncated {
		r.c.log.Warn("article body cut to the size cap", "source", r.src.ID, "url", final.String(), "max_bytes", index.MaxBodyBytes)
	}
	if res.CharsetWarning != "" {
		r.c.log.Warn("charset header overruled", "source", r.src.ID, "url", final.String(), "detail", res.CharsetWarning)
	}
	switch {
	case res.Kind == extract.KindArticle && strings.TrimSpace(res.Body) != "":
		return r.store(it, final, resp, res, v)
	case res.Kind == extract.KindListing && it.Depth < maxDepth, moved:
		return r.handleListing(it, final, resp, v)
	}
	v.Kind = state.KindGone
	r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "not an article"})
	return r.done(it, map[string]state.Record{it.URL: v})
}

// identity is the URL an article is stored under: the page's canonical
// URL when it is a plausible one on the same host, else the URL it was
// fetched from after redirects.
func (r *run) identity(final *url.URL, canonical string) string {
	if canonical == "" {
		return final.String()
	}
	cu := resolve(final, canonical)
	if cu == nil || cu.Host != final.Host || (cu.Path == "/" && cu.RawQuery == "") {
		return final.String()
	}
	for _, s := range r.src.StartURLs {
		if su, err := url.Parse(s); err == nil && index.NormalizeURL(su).String() == cu.String() {
			return final.String()
		}
	}
	if rec, ok, _ := r.c.state.URL(cu.String()); ok && rec.Kind == state.KindListing {
		return final.String()
	}
	return cu.String()
}

func (r *run) store(it state.Item, final *url.URL, resp *response, res *extract.Result, v state.Record) error {
	id := r.identity(final, res.CanonicalURL)
	a := res.Article()
	a.URL = id
	a.ContentHash = index.ContentHash(a.Title, a.Body)
	aliases := func(rec state.Record) {
		for _, alias := range []string{it.URL, final.String()} {
			if alias != id {
				r.change.Records = mapPut(r.change.Records, alias, rec)
			}
		}
	}
	// The same article under another URL of this source: a duplicate, not
	// a new article. The same text on another source is that portal's
	// publication of it, stored as an article of its own (the index puts
	// it in the first one's near-duplicate group).
	owner, dup, err := r.hashOwner(a.ContentHash)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	if u, ok := r.pending["#"+a.ContentHash]; ok {
		owner, dup = u, true
	}
	if dup && owner != id {
		r.sum.Unchanged++
		now := time.Now()
		r.change.Records = mapPut(r.change.Records, it.URL, state.Record{Kind: state.KindDuplicate, Source: r.src.ID, Canonical: owner, FetchedAt: now, StoredAt: now})
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "duplicate"})
		return r.doneLater(it)
	}
	prev, known, err := r.c.state.URL(id)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	if h, inBatch := r.pending[id]; id != final.String() && (inBatch && h != a.ContentHash || !inBatch && known && prev.Stored() && prev.Hash != a.ContentHash) {
		// Another text claims a stored article's canonical URL: a CMS that
		// gives every page the same canonical. Never overwrite through it.
		id = final.String()
		a.URL = id
		if prev, known, err = r.c.state.URL(id); err != nil {
			return fmt.Errorf("crawler: %w", err)
		}
	}
	v.Kind, v.Hash, v.Mod = state.KindArticle, a.ContentHash, it.Mod
	if v.Mod.IsZero() {
		v.Mod = prev.Mod
	}
	h, inBatch := r.pending[id]
	if known && prev.Stored() && prev.Hash == a.ContentHash || inBatch && h == a.ContentHash {
		r.sum.Unchanged++
		v.StoredAt = prev.StoredAt
		if !inBatch {
			r.change.Records = mapPut(r.change.Records, id, v)
		}
		aliases(state.Record{Kind: state.KindDuplicate, Source: r.src.ID, Canonical: id, FetchedAt: v.FetchedAt, StoredAt: time.Now()})
		r.event(Event{URL: it.URL, Kind: it.Kind, Status: resp.Status, Result: "unchanged"})
		return r.doneLater(it)
	}
	a.Source, a.SourceName, a.Agency = r.src.ID, r.src.Name, r.src.Agency
	a.Province, a.ProvinceNow = r.src.PublishedProvince(), r.src.Province
	a.FetchedAt = v.FetchedAt
	r.batch = append(r.batch, Page{Article: a, ContentType: resp.Header.Get("Content-Type"), Body: resp.Body})
	r.pending[id], r.pending["#"+a.ContentHash] = a.ContentHash, id
	r.change.Records = mapPut(r.change.Records, id, v)
	r.change.Hashes = mapPut(r.change.Hashes, sourceHashKey(r.src.ID, a.ContentHash), id)
	aliases(state.Record{Kind: state.KindDuplicate, Source: r.src.ID, Canonical: id, FetchedAt: v.FetchedAt})
	result := "new"
	if known && prev.Stored() {
		result = "updated"
		r.sum.Updated++
	} else {
		r.sum.New++
	}
	r.event(Event{URL: id, Kind: it.Kind, Status: resp.Status, Result: result})
	r.change.Done = append(r.change.Done, it.Seq)
	r.queued--
	if len(r.batch) == 1 {
		r.oldest = time.Now()
	}
	if len(r.batch) >= r.c.cfg.BatchSize || r.flushDue(0) {
		return r.flush()
	}
	return nil
}

// sourceHashKey is the crawl state's key for a content hash stored by a
// source: exact copies are told apart per source, not across portals.
func sourceHashKey(source, hash string) string { return hash + "@" + source }

// hashOwner returns the URL this source stored a text with content hash h
// under. States written before hashes were kept per source hold the bare
// hash: its owner counts only when it is on one of this source's hosts.
func (r *run) hashOwner(h string) (string, bool, error) {
	if u, ok, err := r.c.state.HashOwner(sourceHashKey(r.src.ID, h)); err != nil || ok {
		return u, ok, err
	}
	u, ok, err := r.c.state.HashOwner(h)
	if err != nil || !ok {
		return "", false, err
	}
	pu, err := url.Parse(u)
	return u, err == nil && r.hosts[pu.Host], nil
}

// flushDue says the batch must be written before a wait of wait: its
// oldest article would otherwise stay out of the index (unsearchable, and
// lost to a kill -9) longer than the flush interval. On a polite crawl
// (a delay of the interval or more) that is before every request.
func (r *run) flushDue(wait time.Duration) bool {
	return len(r.batch) > 0 && time.Since(r.oldest)+wait >= r.c.cfg.FlushInterval
}

// flush writes the batch to the index, then records it in the crawl
// state: a crash between the two makes the next run find the articles in
// the index (skipKnown) rather than fetch them again.
func (r *run) flush() error {
	if len(r.batch) == 0 && r.change.Empty() {
		return nil
	}
	if len(r.batch) > 0 && r.c.pub == nil {
		if err := r.c.sink.Store(r.batch); err != nil {
			return fmt.Errorf("crawler: %w", err)
		}
	}
	now := time.Now()
	for k, rec := range r.change.Records {
		if (rec.Kind == state.KindArticle || rec.Kind == state.KindDuplicate) && rec.StoredAt.IsZero() {
			rec.StoredAt = now
			r.change.Records[k] = rec
		}
	}
	var seen int
	var err error
	if r.c.pub != nil {
		_, seen, err = r.c.pub.ApplyPublish(r.change, r.batch)
	} else {
		_, seen, err = r.c.state.Apply(r.change)
	}
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	r.sum.Unchanged += seen
	clear(r.batch) // the pages' bytes
	r.batch = r.batch[:0]
	r.change = state.Change{Source: r.src.ID}
	clear(r.pending)
	return nil
}

func entryURLs(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.URL.String()
	}
	return out
}
