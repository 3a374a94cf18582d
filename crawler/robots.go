package crawler

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsTTL is how long a host's robots.txt is trusted before it is
// fetched again: a crawler that runs for years must see it change.
const robotsTTL = 24 * time.Hour

// maxCrawlDelay caps a robots.txt Crawl-delay: beyond it a crawl of a
// portal could not finish in a day, and the operator should decide.
const maxCrawlDelay = time.Minute

type robotsEntry struct {
	// data decides: its group for govnews does not carry the
	// "disallow all" of a robots.txt that answered 5xx (RFC 9309), which
	// the library keeps beside the groups.
	data     *robotstxt.RobotsData
	group    *robotstxt.Group
	sitemaps []string
	fetched  time.Time
	status   int // of the robots.txt answer: 5xx keeps the whole site out
}

// robotsToken is the name govnews answers to in robots.txt groups.
const robotsToken = "govnews"

// robots returns the rules of u's host for govnews, fetching robots.txt
// through the host's gate the first time. A robots.txt that answers 5xx
// disallows everything (RFC 9309); a missing one allows everything.
func (r *run) robots(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := u.Scheme + "://" + u.Host
	c := r.c
	c.mu.Lock()
	lock := c.robotsLocks[key]
	if lock == nil {
		lock = &sync.Mutex{}
		c.robotsLocks[key] = lock
	}
	c.mu.Unlock()
	lock.Lock()
	defer lock.Unlock()
	c.mu.Lock()
	e := c.robots[key]
	c.mu.Unlock()
	if e != nil && time.Since(e.fetched) < robotsTTL {
		return e, nil
	}
	if c.cfg.Robots != nil {
		// Another process may have fetched it, or be fetching it: one
		// fetch per host per day for all workers.
		for wait := 0; wait < 100; wait++ {
			if status, body, fetched, ok := c.cfg.Robots.GetRobots(key); ok && time.Since(fetched) < robotsTTL {
				e = parseRobots(status, body, fetched)
				c.mu.Lock()
				c.robots[key] = e
				c.mu.Unlock()
				return e, nil
			}
			if wait == 0 && c.cfg.Robots.ClaimFetch(key) {
				break
			}
			if err := sleepUntil(ctx, time.Now().Add(100*time.Millisecond)); err != nil {
				return nil, err
			}
		}
	}
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	var resp *response
	var err error
	// Its Crawl-delay holds from the robots.txt request on.
	r.f.restHook = func(resp *response) time.Duration {
		if resp.Status != 200 {
			return 0
		}
		return parseRobots(resp.Status, resp.Body, time.Now()).crawlDelay()
	}
	defer func() { r.f.restHook = nil }()
	// RFC 9309: follow at least five redirects (http → https, www…).
	for hop := 0; hop <= 5; hop++ {
		resp, err = r.fetchFlushing(ctx, ru, nil)
		if err != nil {
			return nil, err
		}
		next := resolve(ru, resp.Header.Get("Location"))
		if resp.Status < 300 || resp.Status >= 400 || next == nil {
			break
		}
		ru = next
	}
	r.event(Event{URL: ru.String(), Kind: "robots", Status: statusOf(resp), Result: "fetched"})
	e = parseRobots(resp.Status, resp.Body, time.Now())
	if c.cfg.Robots != nil {
		c.cfg.Robots.PutRobots(key, resp.Status, resp.Body, e.fetched)
	}
	c.mu.Lock()
	c.robots[key] = e
	c.mu.Unlock()
	return e, nil
}

func parseRobots(status int, body []byte, fetched time.Time) *robotsEntry {
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		// Unparseable, or still redirecting: allow all, like the big crawlers.
		data, _ = robotstxt.FromStatusAndBytes(404, nil)
	}
	return &robotsEntry{data: data, group: data.FindGroup(robotsToken), sitemaps: data.Sitemaps, fetched: fetched, status: status}
}

// allowed tests a URL's path and query against the rules.
func (e *robotsEntry) allowed(u *url.URL) bool {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return e.data.TestAgent(p, robotsToken)
}

func (e *robotsEntry) crawlDelay() time.Duration {
	return min(e.group.CrawlDelay, maxCrawlDelay)
}

func statusOf(r *response) int {
	if r == nil {
		return 0
	}
	return r.Status
}
