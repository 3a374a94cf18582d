package crawler

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// host is one server: govnews sends it one request at a time, spaced by
// the delay, and stops asking it after repeated failures.
type host struct {
	mu   sync.Mutex // held for the whole request: one at a time
	next time.Time  // earliest start of the next request
	// gap is the longest delay any source on the host asked for: two
	// sources of one portal (delay 3s and 100ms) share its politeness,
	// and the host never gets the shorter.
	gap         time.Duration
	last        time.Time // end of the last request
	failures    int       // pages in a row that failed (after their retries)
	pausedUntil time.Time
}

// pauseAfter pages in a row that failed pause a host for pauseFor.
const (
	pauseAfter = 5
	pauseFor   = 15 * time.Minute
)

func (c *Crawler) host(name string) *host {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[name]
	if h == nil {
		h = &host{}
		c.hosts[name] = h
	}
	return h
}

var (
	// errHostPaused stops a source whose host keeps failing.
	errHostPaused = errors.New("host paused after repeated failures")
	errTooLarge   = errors.New("response too large")
)

// response is one HTTP exchange, redirects not followed.
type response struct {
	Status   int
	Header   http.Header
	Body     []byte
	Duration time.Duration
}

// fetcher does a source's requests through colly, obeying the host gates.
type fetcher struct {
	c   *Crawler
	col *colly.Collector
	// Filled by the collector's callbacks; a fetcher serves one goroutine.
	resp     *response
	fetchErr error
	// restHook, when set, may lengthen the host's rest after a response:
	// robots.txt announces a Crawl-delay that must already hold before
	// the request that follows it.
	restHook    func(*response) time.Duration
	contentType string // the Content-Type as served, while colly handles the body
}

func (c *Crawler) newFetcher(ctx context.Context, ua string, insecure bool) *fetcher {
	col := colly.NewCollector(
		colly.UserAgent(ua),
		colly.AllowURLRevisit(), // the crawl state in bbolt knows what was visited
		colly.IgnoreRobotsTxt(), // robots.go obeys it, Crawl-delay included
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(c.cfg.MaxBodySize),
		colly.StdlibContext(ctx),
	)
	// Redirects are followed by the crawl loop, one hop at a time, so that
	// each hop waits its turn at the host and passes robots.txt.
	col.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 15 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: c.cfg.Timeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   2,
	}
	if insecure {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	}
	col.WithTransport(tr)
	col.SetRequestTimeout(c.cfg.Timeout)
	f := &fetcher{c: c, col: col}
	// colly v2.3.0 (Response.fixCharset, called between OnResponseHeaders
	// and OnResponse) converts a body whose Content-Type names a charset
	// other than UTF-8 to UTF-8, and has no option to turn that off
	// (DetectCharset only adds guessing for undeclared bodies;
	// Request.ResponseCharacterEncoding forces a conversion). govnews must
	// see the bytes as fetched: extraction decides the charset itself
	// (header, BOM, <meta>, validation), and raw/ keeps the page as the
	// portal served it so that a re-extraction reads what the crawl read.
	// So the charset parameter is hidden from fixCharset here and put back
	// in OnResponse. The header map colly passes here is the one it later
	// gives OnResponse (http_backend.go: res.Header in both).
	col.OnResponseHeaders(func(r *colly.Response) {
		f.contentType = ""
		if r.Headers == nil {
			return
		}
		ct := r.Headers.Get("Content-Type")
		if mt, _, ok := strings.Cut(ct, ";"); ok {
			f.contentType = ct
			r.Headers.Set("Content-Type", strings.TrimSpace(mt))
		}
	})
	col.OnResponse(func(r *colly.Response) {
		f.resp = &response{Status: r.StatusCode, Body: r.Body}
		if r.Headers != nil {
			if f.contentType != "" {
				r.Headers.Set("Content-Type", f.contentType)
			}
			f.resp.Header = *r.Headers
		}
	})
	col.OnError(func(r *colly.Response, err error) { f.fetchErr = err })
	return f
}

// get fetches u once, after waiting for its host's turn. extra headers
// carry the conditional GET validators.
func (f *fetcher) get(ctx context.Context, u *url.URL, delay time.Duration, header http.Header, onRequest func()) (*response, error) {
	h := f.c.host(u.Host)
	h.mu.Lock()
	defer h.mu.Unlock()
	if time.Now().Before(h.pausedUntil) {
		return nil, errHostPaused
	}
	if delay > h.gap {
		// A longer delay holds from the last request on, whichever
		// source made it.
		h.gap = delay
		if h.next.Before(h.last.Add(delay)) {
			h.next = h.last.Add(delay)
		}
	}
	delay = h.gap
	if err := sleepUntil(ctx, h.next); err != nil {
		return nil, err
	}
	// The host's rest after this request: the delay, or what it asks for.
	rest := delay
	if f.c.cfg.Gate != nil {
		release, err := f.c.cfg.Gate.Acquire(ctx, u.Host, delay)
		if err != nil {
			return nil, err
		}
		defer func() { release(rest) }()
	}
	onRequest()
	f.resp, f.fetchErr = nil, nil
	start := time.Now()
	err := f.col.Request("GET", u.String(), nil, nil, header)
	h.last = time.Now()
	h.next = h.last.Add(delay)
	resp := f.resp
	if err == nil {
		err = f.fetchErr
	}
	if err != nil {
		return nil, err
	}
	if resp == nil {
		return nil, fmt.Errorf("no response")
	}
	if len(resp.Body) >= f.c.cfg.MaxBodySize {
		// colly cuts the body at the limit: a cut page is not an article.
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, f.c.cfg.MaxBodySize)
	}
	resp.Duration = time.Since(start)
	if f.restHook != nil {
		if d := f.restHook(resp); d > rest {
			rest = d
			h.next = time.Now().Add(d)
		}
	}
	// A server that asks for time gets it, from every source on the host;
	// one that asks for less than the delay still waits the delay.
	if wait := retryAfter(resp); wait > 0 {
		rest = max(rest, min(wait, f.c.cfg.MaxWait))
		h.next = time.Now().Add(rest)
	}
	return resp, nil
}

// fetch is get with retries: a 5xx, a 429 or a timeout is tried again
// after an exponential backoff (or the server's Retry-After). The page's
// outcome, not each try, counts toward pausing its host: one slow page
// tried four times is one failure, and a 429 that a retry got past is
// none.
func (f *fetcher) fetch(ctx context.Context, u *url.URL, delay time.Duration, header http.Header, onRequest func()) (*response, error) {
	resp, err := f.fetchRetrying(ctx, u, delay, header, onRequest)
	if ctx.Err() == nil && !errors.Is(err, errHostPaused) {
		f.c.host(u.Host).account(hostFailed(resp, err))
	}
	return resp, err
}

// hostFailed says whether a page's outcome speaks of a failing host: no
// answer, a 5xx or a 429. A page too large, a 404 or a redirect is the
// page's own matter.
func hostFailed(resp *response, err error) bool {
	if err != nil {
		return !errors.Is(err, errTooLarge) && !errors.Is(err, errDisallowed)
	}
	return resp != nil && (resp.Status >= 500 || resp.Status == http.StatusTooManyRequests)
}

// account counts a page's outcome: pauseAfter pages in a row that failed
// pause the host for pauseFor.
func (h *host) account(failed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !failed {
		h.failures = 0
		return
	}
	h.failures++
	if h.failures >= pauseAfter {
		h.pausedUntil = time.Now().Add(pauseFor)
	}
}

func (f *fetcher) fetchRetrying(ctx context.Context, u *url.URL, delay time.Duration, header http.Header, onRequest func()) (*response, error) {
	backoff := f.c.cfg.RetryBase
	var lastResp *response
	var lastErr error
	for attempt := 0; ; attempt++ {
		resp, err := f.get(ctx, u, delay, header, onRequest)
		if errors.Is(err, errHostPaused) && attempt > 0 {
			// This page's own failures paused the host: it has failed,
			// as after its last retry. Left at the head of the frontier
			// it would pause the host again at the start of every run,
			// and the pages behind it would never be fetched.
			return lastResp, lastErr
		}
		lastResp, lastErr = resp, err
		retry := false
		switch {
		case err != nil:
			retry = isTimeout(err) && ctx.Err() == nil
		case resp.Status >= 500 || resp.Status == http.StatusTooManyRequests:
			retry = true
		}
		if !retry || attempt >= f.c.cfg.Retries {
			return resp, err
		}
		wait := backoff
		if resp != nil {
			if ra := retryAfter(resp); ra > 0 {
				wait = min(ra, f.c.cfg.MaxWait)
			}
		}
		if err := sleepUntil(ctx, time.Now().Add(wait)); err != nil {
			return nil, err
		}
		backoff *= 2
	}
}

func retryAfter(r *response) time.Duration {
	if r.Status != http.StatusTooManyRequests && r.Status != http.StatusServiceUnavailable {
		return 0
	}
	v := strings.TrimSpace(r.Header.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func isTimeout(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout")
}

// isTLS recognises certificate and handshake failures, which retries do
// not cure and which deserve a hint.
func isTLS(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "x509:") || strings.Contains(s, "tls:") || strings.Contains(s, "certificate")
}

func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
