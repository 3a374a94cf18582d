package crawler

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/index"
)

type testEnv struct {
	dir string
	ix  *index.Index
	c   *Crawler
}

func newEnv(t *testing.T, dir string) *testEnv {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Index: ix, DataDir: dir, RetryBase: 20 * time.Millisecond, Timeout: 5 * time.Second, BatchSize: 7})
	if err != nil {
		ix.Close()
		t.Fatal(err)
	}
	e := &testEnv{dir: dir, ix: ix, c: c}
	t.Cleanup(e.close)
	return e
}

func (e *testEnv) close() {
	if e.c != nil {
		e.c.Close()
		e.ix.Close()
		e.c = nil
	}
}

// crawlAll crawls every source at once, as `govnews crawl` does.
func (e *testEnv) crawlAll(t *testing.T, srcs []sources.Source) map[string]Summary {
	t.Helper()
	var mu sync.Mutex
	out := map[string]Summary{}
	var wg sync.WaitGroup
	for _, s := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum, err := e.c.Crawl(context.Background(), s)
			if err != nil {
				t.Errorf("crawl %s: %v", s.ID, err)
			}
			mu.Lock()
			out[s.ID] = sum
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// articleFetches counts, per article URL, the requests for it.
func articleFetches(sim *portalsim.Sim, reqs []portalsim.Request) map[string]int {
	base := map[int]string{}
	for _, a := range sim.Articles() {
		u, _ := url.Parse(a.URL)
		base[a.Portal] = u.Scheme + "://" + u.Host
	}
	n := map[string]int{}
	for _, r := range reqs {
		if sim.IsArticlePath(r.Portal, r.Path) {
			u, _ := url.Parse(base[r.Portal] + r.Path)
			n[index.NormalizeURL(u).String()]++
		}
	}
	return n
}

func TestCrawlSimulatedPortals(t *testing.T) {
	const delay = 40 * time.Millisecond
	sim, err := portalsim.Start(portalsim.Options{Portals: 4, Articles: 25, PerPage: 10, Delay: delay, Slow: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	e := newEnv(t, t.TempDir())
	sums := e.crawlAll(t, sim.Sources())

	want := sim.Articles()
	// Every article found, stored once, tagged with its source.
	for _, a := range want {
		got, ok, err := e.ix.Get(a.URL)
		if err != nil || !ok {
			t.Errorf("article %s (portal %d id %d) not stored (%v)", a.URL, a.Portal, a.ID, err)
			continue
		}
		if got.Title != a.Title {
			t.Errorf("%s: title %q, want %q", a.URL, got.Title, a.Title)
		}
		if got.Source == "" || got.Province == "" || got.Agency == "" || got.FetchedAt.IsZero() {
			t.Errorf("%s: not tagged: source %q province %q agency %q", a.URL, got.Source, got.Province, got.Agency)
		}
		if _, _, err := e.c.Raw().Get(a.URL); err != nil {
			t.Errorf("%s: raw page not kept: %v", a.URL, err)
		}
	}
	if n, _ := e.ix.Count(); int(n) != len(want) {
		t.Errorf("index holds %d articles, want %d (listings, redirects or duplicates stored?)", n, len(want))
	}
	newTotal := 0
	for id, s := range sums {
		newTotal += s.New
		if s.Failed || s.Requests == 0 || s.Errors == 0 {
			t.Errorf("%s: summary %+v (want not failed, requests, and the 404 counted as an error)", id, s)
		}
	}
	if newTotal != len(want) {
		t.Errorf("summaries count %d new articles, want %d", newTotal, len(want))
	}

	reqs := sim.Requests()
	byPortal := map[int][]portalsim.Request{}
	searches := map[int]int{}
	for _, r := range reqs {
		// Nothing disallowed requested.
		for _, p := range portalsim.DisallowedPrefixes {
			if strings.HasPrefix(r.Path, p) {
				t.Errorf("portal %d: disallowed %s requested", r.Portal, r.Path)
			}
		}
		if r.UserAgent != DefaultUserAgent {
			t.Errorf("User-Agent %q", r.UserAgent)
		}
		if strings.HasPrefix(r.Path, "/lich") {
			t.Errorf("portal %d: calendar trap entered: %s", r.Portal, r.Path)
		}
		if strings.HasPrefix(r.Path, "/tim-kiem") {
			searches[r.Portal]++
		}
		byPortal[r.Portal] = append(byPortal[r.Portal], r)
	}
	// The endless search pagination is left after a few pages.
	for p, n := range searches {
		if n > 2+maxStalePages {
			t.Errorf("portal %d: %d search result pages fetched; a trap", p, n)
		}
	}
	// The per-host delay, measured by the server.
	for p, rs := range byPortal {
		sort.Slice(rs, func(i, j int) bool { return rs[i].At.Before(rs[j].At) })
		for i := 1; i < len(rs); i++ {
			if gap := rs[i].At.Sub(rs[i-1].At); gap < delay*9/10 {
				t.Errorf("portal %d: %s then %s only %v apart, delay is %v", p, rs[i-1].Path, rs[i].Path, gap, delay)
				break
			}
		}
	}
	// Each article fetched once; the one that failed with 500 twice.
	fetches := articleFetches(sim, reqs)
	for _, a := range want {
		n := fetches[a.URL]
		wantN := 1
		if a.ID == 5 {
			wantN = 2 // 500, then retried
		}
		if n != wantN {
			t.Errorf("portal %d article %d fetched %d times, want %d", a.Portal, a.ID, n, wantN)
		}
	}
	// The redirect was followed (each hop once) and its target stored
	// once, under the final URL (Count above), not the redirecting one.
	redirects := map[int]int{}
	for _, r := range reqs {
		if strings.HasPrefix(r.Path, "/r/") {
			redirects[r.Portal]++
		}
	}
	for p := range byPortal {
		if redirects[p] != 1 {
			t.Errorf("portal %d: redirecting link requested %d times, want 1", p, redirects[p])
		}
	}

	// Second run after the portals changed: only what changed is fetched.
	sim.ResetLog()
	// Sitemaps date edits to the second: edit in a later second than the fetch.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	edited, added := sim.Mutate(3)
	sums = e.crawlAll(t, sim.Sources())
	for _, r := range sim.Requests() {
		if !sim.IsArticlePath(r.Portal, r.Path) && r.Path != "/robots.txt" && !r.IfNone {
			t.Errorf("second run: portal %d %s fetched without conditional GET", r.Portal, r.Path)
		}
	}
	fetches = articleFetches(sim, sim.Requests())
	changed := map[string]bool{}
	for _, a := range append(edited, added...) {
		changed[a.URL] = true
	}
	for u, n := range fetches {
		if !changed[u] {
			t.Errorf("second run fetched unchanged article %s (%d times)", u, n)
		}
	}
	for _, a := range added {
		if fetches[a.URL] != 1 {
			t.Errorf("new article %s fetched %d times in the second run", a.URL, fetches[a.URL])
		}
		if _, ok, _ := e.ix.Get(a.URL); !ok {
			t.Errorf("new article %s not stored", a.URL)
		}
	}
	updated := 0
	for _, a := range edited {
		got, _, _ := e.ix.Get(a.URL)
		if strings.Contains(got.Body, "Cập nhật lần 1") {
			updated++
			if vs, _ := e.c.Raw().Versions(a.URL); len(vs) != 1 {
				t.Errorf("edited article %s: %d earlier raw copies kept, want 1", a.URL, len(vs))
			}
		} else if a.Portal%4 >= 2 { // portals with a sitemap announce every edit
			t.Errorf("edited article %s not updated", a.URL)
		}
	}
	if n, _ := e.ix.Count(); int(n) != len(sim.Articles()) {
		t.Errorf("after the second run the index holds %d, want %d", n, len(sim.Articles()))
	}
	newTotal, updTotal := 0, 0
	for _, s := range sums {
		newTotal += s.New
		updTotal += s.Updated
	}
	unchanged := 0
	for _, s := range sums {
		unchanged += s.Unchanged
	}
	if unchanged < len(want)-len(edited) {
		t.Errorf("second run counted %d unchanged articles, want at least %d", unchanged, len(want)-len(edited))
	}
	if newTotal != len(added) || updTotal != updated {
		t.Errorf("second run: %d new, %d updated; want %d, %d", newTotal, updTotal, len(added), updated)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
