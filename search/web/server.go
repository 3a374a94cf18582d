// Package web serves govnews over HTTP: the JSON API, the Atom feed, the
// CSV/JSONL export and the Vietnamese web UI, all over one index. It knows
// nothing of crawling: the serve command hands it the crawl status and the
// stored pages through the small interfaces below.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// Searcher is what the server asks of the search package (*search.Searcher).
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Export(ctx context.Context, req search.Request, fn func(index.Article) error) error
}

// Topic is one named search from configs/topics.yaml.
type Topic struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Queries     []string `json:"queries,omitempty"`
}

// SourceStatus is what the sources page and /api/sources show of a source.
type SourceStatus struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Province string    `json:"province,omitempty"`
	Agency   string    `json:"agency,omitempty"`
	URL      string    `json:"url,omitempty"`
	Schedule string    `json:"schedule,omitempty"`
	Running  bool      `json:"running"`
	LastRun  time.Time `json:"last_run,omitzero"`
	LastEnd  time.Time `json:"last_end,omitzero"`
	NextRun  time.Time `json:"next_run,omitzero"`
	Fetched  int       `json:"fetched"` // pages fetched by the last run
	New      int       `json:"new"`     // articles added by the last run
	Updated  int       `json:"updated"` // articles changed by the last run
	Errors   int       `json:"errors"`  // pages that failed in the last run
	// Articles of this source in the index; null when they could not be
	// counted in time (the index busy): never a 0 that reads as "none".
	Articles  *uint64 `json:"articles"`
	LastError string  `json:"last_error,omitempty"` // why the last run failed, else its last failed page
	Failed    bool    `json:"failed"`               // the last run failed as a whole
	// Worker holds the source's lease (serve --redis), "" when none does.
	Worker string `json:"worker,omitempty"`
	// Progress is the running crawl's counts so far (serve without
	// --redis), nil when no crawl runs or its progress is not known here.
	Progress *RunProgress `json:"progress,omitempty"`
}

// RunProgress counts what a running crawl has done so far.
type RunProgress struct {
	Fetched int `json:"fetched"`
	New     int `json:"new"`
	Updated int `json:"updated"`
	Errors  int `json:"errors"`
	Queued  int `json:"queued"` // URLs still waiting in the source's frontier
}

// Crawls is the scheduler as the server sees it.
type Crawls interface {
	Sources() []SourceStatus
	// Trigger starts a crawl of one source now, in the background. It
	// returns ErrUnknownSource or ErrBusy when it cannot.
	Trigger(id string) error
}

// Errors Crawls.Trigger returns.
var (
	ErrUnknownSource = errors.New("unknown source")
	ErrBusy          = errors.New("a crawl of this source is already running")
)

// RawPages gives the stored copy of a page as it was fetched.
type RawPages interface {
	// Get returns the page stored for url and its content type; ok is
	// false when none is stored.
	Get(url string) (body []byte, contentType string, ok bool, err error)
}

// Config is everything the server needs. Index and Searcher are required.
type Config struct {
	Index     *index.Index
	Searcher  Searcher
	Topics    []Topic
	Provinces []string // filter choices; default: the index's province table
	Crawls    Crawls   // nil: no scheduled sources
	Raw       RawPages // nil: no stored copies
	// AdminToken guards POST /api/sources/{id}/crawl; empty disables it.
	AdminToken string
	Logger     *slog.Logger
	Metrics    *Metrics // nil: a fresh registry
	// RequestTimeout bounds a search or page; exports get ExportTimeout.
	RequestTimeout time.Duration
	ExportTimeout  time.Duration
	// FeedSize is how many entries /feed carries.
	FeedSize int
	// PublicURL is the scheme and host readers reach govnews at
	// ("https://tin.example.vn"): feed links are built on it. Empty: on
	// the request's Host, and the feed is then cached only privately (a
	// shared cache would keep one client's Host for everyone).
	PublicURL string
	// CacheSize is how many search results are kept until the index
	// changes; 0 means 512, negative turns the cache off.
	CacheSize int
}

// server holds the handlers' shared state.
type server struct {
	cfg       Config
	ix        *index.Index
	searcher  Searcher
	log       *slog.Logger
	metrics   *Metrics
	topicName map[string]string
	cache     *resultCache
}

// NewServer returns the whole HTTP surface of govnews as one handler. A
// Config without Index or Searcher is a programming error and panics.
func NewServer(cfg Config) http.Handler {
	if cfg.Index == nil || cfg.Searcher == nil {
		panic("web: NewServer needs an index and a searcher")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics()
	}
	cfg.Metrics.watchIndex(cfg.Index)
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 15 * time.Second
	}
	if cfg.ExportTimeout <= 0 {
		cfg.ExportTimeout = 30 * time.Minute
	}
	if cfg.FeedSize <= 0 {
		cfg.FeedSize = 50
	}
	if cfg.Provinces == nil && cfg.Index.Provinces() != nil {
		cfg.Provinces = cfg.Index.Provinces().Current()
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = 512
	}
	s := &server{
		cfg:       cfg,
		ix:        cfg.Index,
		searcher:  cfg.Searcher,
		log:       cfg.Logger,
		metrics:   cfg.Metrics,
		topicName: map[string]string{},
	}
	s.cache = newResultCache(cfg.CacheSize, cfg.Index.Generation)
	for _, t := range cfg.Topics {
		s.topicName[t.ID] = t.Name
	}
	mux := http.NewServeMux()
	s.routes(mux)
	return s.limits(s.metrics.instrument(mux))
}
