// Package crawler fetches the portals listed in sources.yaml, politely and
// incrementally, and stores their articles in the index.
//
// One Crawl call crawls one source once: it seeds a persistent frontier
// with the source's start URLs, feeds and sitemaps, then takes URLs from it
// one at a time, waiting on the host's delay and obeying robots.txt. Listing
// pages, feeds and sitemaps are fetched with conditional GET and only give
// links; article pages go through extraction into the index, in batches.
// Everything a later run needs (what was seen, validators, content hashes,
// the frontier of an interrupted run) lives in DATA/crawl.db, so a killed
// crawl resumes where it stopped and never fetches a stored article again.
//
// The same engine runs as a govnews worker with its state, host gate,
// robots.txt cache and article output in Redis (crawler/redisstate), behind
// the interfaces of backend.go; the local ones are the defaults.
package crawler

import (
	"log/slog"
	"time"

	"github.com/govnews/govnews/index"
)

// DefaultUserAgent identifies govnews to the portals' operators.
const DefaultUserAgent = "govnews/0.1 (+https://github.com/govnews/govnews; research crawler)"

// DefaultDelay is the pause between two requests to one host when neither
// the source nor robots.txt asks for another.
const DefaultDelay = time.Second

// Config sets up a Crawler.
type Config struct {
	Index     *index.Index
	DataDir   string // crawl.db and raw/ live here
	Logger    *slog.Logger
	UserAgent string // DefaultUserAgent when empty; a source may override it
	MaxPages  int    // per source and run; 0 is no limit beyond the source's own
	Progress  func(Event)

	// Backends; nil takes the local default (see backend.go): the bbolt
	// state in DataDir, the index and DataDir/raw as the sink, a gate per
	// process, robots.txt cached in memory. A State that is a Publisher
	// needs no Sink (and no Index or DataDir).
	State  State
	Sink   Sink
	Gate   Gate
	Robots RobotsCache

	// Tuning, mostly for tests; zero values take the defaults.
	Timeout     time.Duration // per request (30 s)
	MaxBodySize int           // bytes (10 MiB)
	Retries     int           // retries after a 5xx or a timeout (3)
	RetryBase   time.Duration // first backoff, doubled each time (2 s)
	MaxWait     time.Duration // longest Retry-After honoured (5 min)
	BatchSize   int           // articles per index batch (50)
	// FlushInterval is the longest an article waits between its fetch and
	// the index (DefaultFlushInterval): on a polite crawl a batch fills
	// slowly, and until it is written nothing in it is searchable and a
	// kill -9 loses it.
	FlushInterval time.Duration
}

// DefaultFlushInterval: an article is searchable, and survives a kill of
// the crawl, at most about this long after it was fetched.
const DefaultFlushInterval = 2 * time.Second

// Event reports one fetched URL, for progress bars and logs.
type Event struct {
	Source string
	URL    string
	Kind   string // listing, article, feed, sitemap, robots
	Status int    // HTTP status; 0 when the request failed
	Result string // new, updated, unchanged, skipped, error, …
	Queued int    // URLs still waiting in the source's frontier
}

// Summary is what one Crawl of one source did.
type Summary struct {
	Source    string
	Requests  int
	New       int
	Updated   int
	Unchanged int
	Errors    int
	Failed    bool // the source failed entirely (nothing could be fetched)
	// HostPaused: the run was cut short because the source's host failed
	// page after page; the rest of its frontier waits for the next run.
	HostPaused bool   `json:",omitempty"`
	Err        string // why, with a hint when there is one
	Started    time.Time
	Finished   time.Time
	// Interrupted, read back from the crawl state (LastSummary): the run
	// ended before it was complete (stopped, failed or cut by
	// --max-pages), and its frontier waits for the next one.
	Interrupted bool `json:",omitempty"`
	// LastPageErr is the last page that failed in a run that did not
	// (a 404 among hundreds of pages), so that Errors is explained.
	LastPageErr string `json:",omitempty"`
}

// Problem is what to show as the run's last error: why it failed, else the
// last page that failed when any did, else "".
func (s Summary) Problem() string {
	if s.Err == "" && s.Errors > 0 {
		return s.LastPageErr
	}
	return s.Err
}
