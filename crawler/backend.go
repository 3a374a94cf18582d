package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/crawler/state"
	"github.com/govnews/govnews/index"
)

// The crawler runs one engine behind four small interfaces, so that the
// same code crawls into a local data directory (govnews crawl, serve) and,
// as a worker of several, through Redis (govnews worker). Config leaves them
// nil for the local defaults: the bbolt state in DATA/crawl.db, the index
// and DATA/raw as the sink, a per-process host gate, robots.txt cached in
// memory.

// State is the crawl state and frontier: what every URL was when last
// fetched, content hashes, each source's runs and the frontier of a run in
// progress. *state.Store (bbolt) is the local one.
type State interface {
	URL(u string) (state.Record, bool, error)
	Queued(source, u string) bool
	HashOwner(h string) (string, bool, error)
	Run(source string) (state.Run, error)
	StartRun(source string, started time.Time, seeds []state.Item) error
	FinishRun(source string, finished time.Time, complete bool, summary []byte) error
	Next(source string, after uint64) (state.Item, bool, error)
	Pending(source string) int
	Apply(c state.Change) (added, seen int, err error)
}

// Prefetcher is a State that can look up many URLs at once: their records
// and whether the source's run queued them. The crawler asks it for the
// links of a page before classifying them (one round trip to Redis rather
// than two per link).
type Prefetcher interface {
	Lookup(source string, urls []string) (recs map[string]state.Record, queued map[string]bool, err error)
}

// Page is a stored article with the page it was extracted from, as fetched.
type Page struct {
	Article     index.Article
	ContentType string
	Body        []byte
}

// Sink is where stored articles go. Store makes them durable; the crawl
// state records them only after it returns, so a crash in between leaves
// an article the sink Has and the next run does not fetch again.
type Sink interface {
	Store(pages []Page) error
	Has(url string) (bool, error)
}

// Publisher is a State that takes the stored pages with the state change
// that records them, in one atomic step (Redis: the stream entries and the
// state in one script), so no crash can separate the two and no Sink is
// needed.
type Publisher interface {
	ApplyPublish(c state.Change, pages []Page) (added, seen int, err error)
}

// Gate spaces the requests to a host across processes. Acquire waits until
// the host may get a request (no other request to it running, its delay
// since the last one passed); release is called once the response is in,
// with how long the host must rest before the next one (the delay, or a
// longer Retry-After). Within a process the crawler already sends a host
// one request at a time; a Gate adds the other processes.
type Gate interface {
	// Acquire waits for host's turn. delay is the asking source's delay:
	// the gate keeps the longest any source asked for and rests the host
	// at least that long after every request, whoever sent it.
	Acquire(ctx context.Context, host string, delay time.Duration) (release func(rest time.Duration), err error)
}

// RobotsCache shares fetched robots.txt files between processes. Key is
// scheme://host; a file older than robotsTTL is fetched again.
type RobotsCache interface {
	GetRobots(key string) (status int, body []byte, fetched time.Time, ok bool)
	PutRobots(key string, status int, body []byte, fetched time.Time)
	// ClaimFetch says this process is to fetch key's robots.txt; false
	// when another is fetching it (its PutRobots follows shortly).
	ClaimFetch(key string) bool
}

// localSink writes the raw pages, then the index: an article in the index
// always has its page.
type localSink struct {
	ix  *index.Index
	raw *rawstore.Store
}

func (s localSink) Store(pages []Page) error {
	arts := make([]index.Article, 0, len(pages))
	for _, p := range pages {
		if err := s.raw.Put(p.Article.URL, p.ContentType, p.Body); err != nil {
			return err
		}
		arts = append(arts, p.Article)
	}
	if err := s.ix.Put(arts...); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

func (s localSink) Has(url string) (bool, error) {
	_, ok, err := s.ix.Get(url)
	return ok, err
}
