// Package portalsim serves fake provincial portals on loopback, for the
// crawler's tests, its benchmark and `govnews demo`.
//
// Each portal is its own HTTP server (so its own host, as per-host
// politeness needs) in one of several CMS styles seen on real portals:
// ASP.NET with ?page=N, SharePoint blogs with "Trang sau", Liferay with
// /-/trang-N, WordPress-like /page/N/. Every portal has paginated listings,
// an RSS or Atom feed announced with <link rel="alternate">, a robots.txt
// with disallowed areas, and the hazards a crawler meets: a redirect to an
// article, a link with tracking parameters, a 404, a 500 that heals on
// retry, a slow page, a calendar trap and an endless search pagination.
// Styles 2 and 3 also publish a sitemap with <lastmod>. Pages carry ETag
// and Last-Modified and answer conditional GETs with 304.
//
// Use:
//
//	sim, err := portalsim.Start(portalsim.Options{Portals: 3, Articles: 30})
//	defer sim.Close()
//	for _, src := range sim.Sources() { crawler.Crawl(ctx, src) }
//	sim.Requests()  // what was asked, when, by whom
//	sim.Mutate()    // edit some articles and publish new ones
package portalsim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/govnews/govnews/crawler/sources"
)

// Options shape the simulated portals.
type Options struct {
	Portals  int           // number of portals (3)
	Articles int           // articles per portal at the start (30)
	PerPage  int           // articles per listing page (10)
	Delay    time.Duration // the delay Sources() asks the crawler for (1 ms; negative: none)
	Slow     time.Duration // how long the slow page takes (200 ms)
	// CrawlDelay, when set, is announced in every robots.txt.
	CrawlDelay time.Duration
	NoLog      bool // keep no request log (benchmarks)
	// LastmodSkew is added to sitemap and feed dates, like a portal whose
	// clock or time zone is wrong.
	LastmodSkew time.Duration
}

// Request is one request a portal received.
type Request struct {
	Portal    int
	Path      string    // path and query
	At        time.Time // when the request arrived
	Status    int
	UserAgent string
	IfNone    bool // a conditional request (If-None-Match or If-Modified-Since)
}

// Sim is a set of running portals.
type Sim struct {
	opts    Options
	portals []*portal
	mu      sync.Mutex
	log     []Request
}

// Start starts the portals on 127.0.0.1.
func Start(opts Options) (*Sim, error) {
	if opts.Portals <= 0 {
		opts.Portals = 3
	}
	if opts.Articles <= 0 {
		opts.Articles = 30
	}
	if opts.PerPage <= 0 {
		opts.PerPage = 10
	}
	if opts.Delay == 0 {
		opts.Delay = time.Millisecond
	}
	if opts.Slow == 0 {
		opts.Slow = 200 * time.Millisecond
	}
	s := &Sim{opts: opts}
	for i := 0; i < opts.Portals; i++ {
		p := newPortal(s, i, opts.Articles)
		p.srv = httptest.NewServer(p)
		s.portals = append(s.portals, p)
	}
	return s, nil
}

// Close stops every portal.
func (s *Sim) Close() {
	for _, p := range s.portals {
		p.srv.Close()
	}
}

// Sources lists the portals as a crawler source each, with only the fields
// an operator must give: discovery does the rest.
func (s *Sim) Sources() []sources.Source {
	var out []sources.Source
	for _, p := range s.portals {
		delay := s.opts.Delay
		if delay < 0 {
			delay = time.Nanosecond
		}
		out = append(out, sources.Source{
			ID:        fmt.Sprintf("sim-%d", p.n),
			Name:      fmt.Sprintf("Cổng thông tin mô phỏng %d (%s)", p.n, p.style.name),
			Province:  provinces[p.n%len(provinces)],
			Agency:    "Sở Khoa học và Công nghệ",
			StartURLs: []string{p.srv.URL + p.style.listing(1)},
			Delay:     delay,
		})
	}
	return out
}

var provinces = []string{"An Giang", "Vĩnh Long", "Tuyên Quang", "Bắc Ninh", "Đồng Tháp"}

// Requests returns a copy of the request log.
func (s *Sim) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetLog empties the request log.
func (s *Sim) ResetLog() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
}

// Article is what a portal publishes as one article.
type Article struct {
	Portal  int
	ID      int
	URL     string // the canonical URL the crawler should store it under
	Title   string
	Version int // how many times it was edited
}

// Articles lists every article the portals publish now.
func (s *Sim) Articles() []Article {
	var out []Article
	for _, p := range s.portals {
		p.mu.Lock()
		for id := 1; id <= p.count; id++ {
			if p.isDeleted(id) {
				continue
			}
			out = append(out, Article{Portal: p.n, ID: id, URL: p.srv.URL + p.style.article(id, p.slug(id)), Title: p.title(id), Version: p.version[id]})
		}
		p.mu.Unlock()
	}
	return out
}

// IsArticlePath says whether a request path is an article page (not a
// listing, feed or other page), so tests can count article fetches.
func (s *Sim) IsArticlePath(portal int, path string) bool {
	p := s.portals[portal]
	_, ok := p.style.articleID(path)
	return ok
}

// ArticleID returns the article id a request path fetches, if any.
func (s *Sim) ArticleID(portal int, path string) (int, bool) {
	return s.portals[portal].style.articleID(path)
}

// DisallowedPrefixes are the paths every robots.txt forbids.
var DisallowedPrefixes = []string{"/private/", "/admin/"}

// Mutate edits every tenth article (a new version, a fresh lastmod) and
// publishes n new ones on every portal. It returns the edited and the new
// articles.
func (s *Sim) Mutate(n int) (edited, added []Article) {
	now := time.Now()
	for _, p := range s.portals {
		p.mu.Lock()
		for id := 1; id <= p.count; id += 10 {
			if p.isDeleted(id) {
				continue
			}
			p.version[id]++
			p.modified[id] = now
			edited = append(edited, Article{Portal: p.n, ID: id, URL: p.srv.URL + p.style.article(id, p.slug(id)), Version: p.version[id]})
		}
		for i := 0; i < n; i++ {
			p.count++
			p.modified[p.count] = now
			added = append(added, Article{Portal: p.n, ID: p.count, URL: p.srv.URL + p.style.article(p.count, p.slug(p.count))})
		}
		p.changed = now
		p.mu.Unlock()
	}
	return edited, added
}

func (s *Sim) record(r Request) {
	if s.opts.NoLog {
		return
	}
	s.mu.Lock()
	s.log = append(s.log, r)
	s.mu.Unlock()
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
