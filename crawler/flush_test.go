package crawler

import (
	"context"
	"net/http/httptest"
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
