package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestArticlesSearchableWithinSeconds: on a portal crawled with a 300 ms
// delay, a batch of 50 fills in 15 s; each article must reach the index
// within about the flush interval of its fetch anyway, while the crawl
// runs (what serve's searches and a resume after kill -9 depend on).
func TestArticlesSearchableWithinSeconds(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls for about 6 s")
	}
	const delay = 300 * time.Millisecond
	p := &miniPortal{n: 18}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	e.c.cfg.BatchSize = 50

	var mu sync.Mutex
	fetched := map[string]time.Time{}
	e.c.cfg.Progress = func(ev Event) {
		if ev.Result == "new" {
			mu.Lock()
			fetched[ev.URL] = time.Now()
			mu.Unlock()
		}
	}
	src := p.source("slow-batch", srv.URL)
	src.Delay = delay
	done := make(chan Summary)
	go func() {
		sum, err := e.c.Crawl(context.Background(), src)
		if err != nil {
			t.Error(err)
		}
		done <- sum
	}()
	// Poll the index while the crawl runs; note when each article appears.
	visible := map[string]time.Time{}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var sum Summary
	for finished := false; !finished; {
		select {
		case sum = <-done:
			finished = true // one more look: the end of the run flushes
		case <-tick.C:
		}
		mu.Lock()
		var urls []string
		for u := range fetched {
			if _, ok := visible[u]; !ok {
				urls = append(urls, u)
			}
		}
		mu.Unlock()
		for _, u := range urls {
			if _, ok, err := e.ix.Get(u); err == nil && ok {
				visible[u] = time.Now()
			}
		}
	}
	if sum.New != p.n {
		t.Fatalf("summary %+v, want %d new", sum, p.n)
	}
	// Allowance: the interval, the next request's delay, polling and a
	// loaded machine.
	limit := DefaultFlushInterval + delay + time.Second
	for u, at := range fetched {
		v, ok := visible[u]
		switch {
		case !ok:
			t.Errorf("%s was not searchable after the crawl (fetched %s ago)", u, time.Since(at).Round(100*time.Millisecond))
		case v.Sub(at) > limit:
			t.Errorf("%s searchable %s after its fetch, want at most %s", u, v.Sub(at).Round(10*time.Millisecond), limit)
		}
	}
}

// A slow page does not hold back the articles fetched before it: while
// the crawler waits on it, they reach the index within the flush interval
// (before, they waited for the slow page's answer and its retries, and a
// kill -9 meanwhile lost them all).
func TestSlowPageDoesNotHoldBackTheBatch(t *testing.T) {
	release := make(chan struct{})
	p := &miniPortal{n: 4, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if strings.HasSuffix(r.URL.Path, "-4.html") {
			<-release
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	defer close(release)
	e := newEnv(t, t.TempDir())
	e.c.cfg.FlushInterval = 300 * time.Millisecond
	e.c.cfg.BatchSize = 50
	done := make(chan error, 1)
	go func() {
		_, err := e.c.Crawl(context.Background(), p.source("slowpage", srv.URL))
		done <- err
	}()
	// Wait for the slow page's request, then for the three before it.
	for p.hitsOf("/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-4.html") == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		n, _ := e.ix.Count()
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d articles in the index 2 s into the slow request, want the 3 fetched before it", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n, _ := e.ix.Count(); n != 4 {
		t.Errorf("%d articles after the run, want 4", n)
	}
}
