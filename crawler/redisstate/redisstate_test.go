package redisstate_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/crawler/redisstate"
	"github.com/govnews/govnews/crawler/redisstate/redistest"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/crawler/state"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/schedule"
)

func testLog() *slog.Logger {
	if os.Getenv("GOVNEWS_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// cluster is workers and an indexer in one process, each worker with its
// own Redis client, crawler and state (as separate processes have).
type cluster struct {
	t       *testing.T
	url     string
	srcs    []sources.Source
	mu      sync.Mutex
	stored  map[string]int // URL -> times the indexer stored it
	indexer *redisstate.Indexer
	cancels []context.CancelFunc
	wg      sync.WaitGroup
}

func newCluster(t *testing.T, url string, srcs []sources.Source) *cluster {
	return &cluster{t: t, url: url, srcs: srcs, stored: map[string]int{}}
}

func (cl *cluster) client() *redisstate.Client {
	c, err := redisstate.Open(cl.url, testLog())
	if err != nil {
		cl.t.Fatal(err)
	}
	cl.t.Cleanup(func() { c.Close() })
	return c
}

// register puts every source on the schedule, due now (what serve does).
func (cl *cluster) register() {
	due := map[string]time.Time{}
	for _, s := range cl.srcs {
		due[s.ID] = time.Now()
	}
	if err := redisstate.NewSchedule(cl.client()).Register(context.Background(), due); err != nil {
		cl.t.Fatal(err)
	}
}

func (cl *cluster) startIndexer() {
	ctx, cancel := context.WithCancel(context.Background())
	cl.cancels = append(cl.cancels, cancel)
	cl.indexer = &redisstate.Indexer{C: cl.client(), Block: 100 * time.Millisecond, Store: func(pages []crawler.Page) error {
		cl.mu.Lock()
		defer cl.mu.Unlock()
		for _, p := range pages {
			cl.stored[p.Article.URL]++
		}
		return nil
	}}
	cl.wg.Add(1)
	go func() { defer cl.wg.Done(); cl.indexer.Run(ctx) }()
}

func (cl *cluster) startWorker(name string) *redisstate.Client {
	cl.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cl.cancels = append(cl.cancels, cancel)
	c := cl.client()
	st := redisstate.NewState(context.Background(), c)
	st.Holder = name
	cr, err := crawler.New(crawler.Config{
		State: st, Gate: redisstate.NewGate(context.Background(), c, 5*time.Second),
		Robots: redisstate.NewRobots(context.Background(), c), Logger: testLog(),
		RetryBase: 20 * time.Millisecond, Timeout: 5 * time.Second, BatchSize: 5, FlushInterval: 200 * time.Millisecond,
	})
	if err != nil {
		cl.t.Fatal(err)
	}
	w := &schedule.Worker{Name: name, Leases: redisstate.NewSchedule(c), Crawl: cr.Crawl, Sources: cl.srcs,
		Parallel: 4, LeaseTTL: 3 * time.Second, Poll: 50 * time.Millisecond, Log: testLog()}
	cl.wg.Add(1)
	go func() { defer cl.wg.Done(); w.Run(ctx) }()
	return c
}

func (cl *cluster) stop() {
	for _, c := range cl.cancels {
		c()
	}
	cl.wg.Wait()
}

// done says every source ran to the end and the stream is drained.
func (cl *cluster) waitDone(want int, limit time.Duration) {
	cl.t.Helper()
	c := cl.client()
	s := redisstate.NewSchedule(c)
	ids := make([]string, len(cl.srcs))
	for i, src := range cl.srcs {
		ids[i] = src.ID
	}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		st, err := s.Status(context.Background(), ids)
		finished := 0
		if err == nil {
			for _, v := range st {
				if v.HasLast && v.Worker == "" && !v.Last.Failed {
					finished++
				}
			}
		}
		cl.mu.Lock()
		n := len(cl.stored)
		cl.mu.Unlock()
		if finished == len(ids) && n >= want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	cl.mu.Lock()
	defer cl.mu.Unlock()
	cl.t.Fatalf("crawl did not finish within %v: %d of %d articles stored", limit, len(cl.stored), want)
}

// checkGaps: the requests to each host, from all workers together, are at
// least delay apart, measured by the portals.
func checkGaps(t *testing.T, sim *portalsim.Sim, delay time.Duration) int {
	t.Helper()
	by := map[int][]portalsim.Request{}
	for _, r := range sim.Requests() {
		by[r.Portal] = append(by[r.Portal], r)
	}
	n := 0
	for p, rs := range by {
		sort.Slice(rs, func(i, j int) bool { return rs[i].At.Before(rs[j].At) })
		for i := 1; i < len(rs); i++ {
			n++
			if gap := rs[i].At.Sub(rs[i-1].At); gap < delay {
				t.Errorf("portal %d: %s then %s only %v apart, delay is %v", p, rs[i-1].Path, rs[i].Path, gap, delay)
			}
		}
	}
	return n
}

// articleFetches counts the GETs of each article page.
func articleFetches(sim *portalsim.Sim) map[string]int {
	n := map[string]int{}
	for _, r := range sim.Requests() {
		if id, ok := sim.ArticleID(r.Portal, r.Path); ok && r.Status == 200 {
			n[fmt.Sprintf("%d/%d", r.Portal, id)]++
		}
	}
	return n
}

// Three workers share 20 portals through Redis: every article reaches the
// indexer exactly once, no article page is fetched twice, and the portals
// see their delay between any two requests, whichever worker sent them.
func TestWorkersShareCrawl(t *testing.T) {
	srv := redistest.Start(t)
	const delay = 30 * time.Millisecond
	sim, err := portalsim.Start(portalsim.Options{Portals: 20, Articles: 12, PerPage: 5, Delay: delay, Slow: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	cl := newCluster(t, srv.URL(), sim.Sources())
	cl.register()
	cl.startIndexer()
	for i := range 3 {
		cl.startWorker(fmt.Sprintf("w%d", i))
	}
	want := sim.Articles()
	cl.waitDone(len(want), 90*time.Second)
	cl.stop()

	for _, a := range want {
		if n := cl.stored[a.URL]; n != 1 {
			t.Errorf("%s stored %d times, want 1", a.URL, n)
		}
	}
	if len(cl.stored) != len(want) {
		t.Errorf("%d URLs stored, want %d", len(cl.stored), len(want))
	}
	for k, n := range articleFetches(sim) {
		if n > 1 {
			t.Errorf("article %s fetched %d times", k, n)
		}
	}
	gaps := checkGaps(t, sim, delay)
	// Which worker crawled what: all three took part.
	st, _ := redisstate.NewSchedule(cl.client()).Status(context.Background(), ids(sim.Sources()))
	by := map[string]int{}
	for _, v := range st {
		by[v.Last.Worker]++
	}
	if len(by) < 2 {
		t.Errorf("sources crawled by %v: want the work shared", by)
	}
	t.Logf("%d articles, %d request gaps checked, sources per worker %v", len(want), gaps, by)
}

func ids(srcs []sources.Source) []string {
	out := make([]string, len(srcs))
	for i, s := range srcs {
		out[i] = s.ID
	}
	return out
}

var _ = url.Parse

// The gate spaces one host's requests across clients (processes): each
// request starts at least the delay after the previous one ended.
func TestGateAcrossClients(t *testing.T) {
	srv := redistest.Start(t)
	const delay = 20 * time.Millisecond
	type span struct{ start, end time.Time }
	var mu sync.Mutex
	var spans []span
	var wg sync.WaitGroup
	for i := range 3 {
		c, err := redisstate.Open(srv.URL(), testLog())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		g := redisstate.NewGate(context.Background(), c, time.Second)
		for j := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range 8 {
					release, err := g.Acquire(context.Background(), "portal.example", delay)
					if err != nil {
						t.Error(err)
						return
					}
					s := span{start: time.Now()}
					time.Sleep(time.Duration((i+j+k)%4) * time.Millisecond)
					s.end = time.Now()
					mu.Lock()
					spans = append(spans, s)
					mu.Unlock()
					release(delay)
				}
			}()
		}
	}
	wg.Wait()
	sort.Slice(spans, func(i, j int) bool { return spans[i].start.Before(spans[j].start) })
	for i := 1; i < len(spans); i++ {
		if gap := spans[i].start.Sub(spans[i-1].end); gap < delay {
			t.Errorf("request %d started %v after the previous one ended, delay is %v", i, gap, delay)
		}
	}
	if len(spans) != 48 {
		t.Errorf("%d requests, want 48", len(spans))
	}
}

// Workers crawling different sources of one host share the longest delay
// any of them asks for: a worker whose source asks 1 ms still rests the
// host the 150 ms another worker's source asked for.
func TestGateSharesTheLongestDelay(t *testing.T) {
	srv := redistest.Start(t)
	var gates []*redisstate.Gate
	for range 2 {
		c, err := redisstate.Open(srv.URL(), testLog())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		gates = append(gates, redisstate.NewGate(context.Background(), c, time.Second))
	}
	const long = 150 * time.Millisecond
	release, err := gates[0].Acquire(context.Background(), "shared.example", long)
	if err != nil {
		t.Fatal(err)
	}
	release(long)
	var last time.Time
	for i := range 4 {
		release, err := gates[1].Acquire(context.Background(), "shared.example", time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if i > 0 && now.Sub(last) < long-10*time.Millisecond {
			t.Errorf("request %d came %v after the one before; the host's longest delay is %v", i, now.Sub(last), long)
		}
		last = now
		release(time.Millisecond)
	}
}

// A state write while Redis is down for seconds (longer than go-redis
// waits by itself) blocks, logs, and succeeds once Redis is back; what was
// written before the restart is still there (append-only file).
func TestStateWaitsOutRedisRestart(t *testing.T) {
	srv := redistest.Start(t)
	c, err := redisstate.Open(srv.URL(), testLog())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st := redisstate.NewState(context.Background(), c)
	if err := st.StartRun("s", time.Now(), []state.Item{{URL: "https://a.example/1", Kind: state.KindListing}}); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan struct{})
	go func() { srv.Stop(); close(stopped); time.Sleep(4 * time.Second); srv.Restart(0) }()
	<-stopped
	t0 := time.Now()
	added, _, err := st.Apply(state.Change{Source: "s", Enqueue: []state.Item{{URL: "https://a.example/2", Kind: state.KindArticle}}})
	if err != nil || added != 1 {
		t.Fatalf("apply during the outage: added %d, %v", added, err)
	}
	if waited := time.Since(t0); waited < 3*time.Second {
		t.Errorf("apply returned after %v, before Redis was back", waited)
	}
	if n := st.Pending("s"); n != 2 {
		t.Errorf("frontier holds %d items after the restart, want 2", n)
	}
}

// Two workers crawl the same hosts at the same time (each portal is two
// sources, one known to each worker), with a source delay of 1 ms and a
// robots.txt Crawl-delay of 0.15 s: the portals still see the Crawl-delay
// between any two requests (the one after robots.txt included), and
// robots.txt comes from the Redis cache rather than once per source.
func TestCrawlDelayAcrossWorkersOnOneHost(t *testing.T) {
	srv := redistest.Start(t)
	const crawlDelay = 150 * time.Millisecond
	sim, err := portalsim.Start(portalsim.Options{Portals: 3, Articles: 6, PerPage: 3, Delay: time.Millisecond, CrawlDelay: crawlDelay, Slow: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	orig := sim.Sources()
	var twins []sources.Source
	for _, s := range orig {
		s.ID += "-twin"
		twins = append(twins, s)
	}
	all := append(append([]sources.Source(nil), orig...), twins...)
	cl := newCluster(t, srv.URL(), all)
	cl.register()
	cl.startIndexer()
	cl.srcs = orig
	cl.startWorker("a")
	cl.srcs = twins
	cl.startWorker("b")
	cl.srcs = all
	cl.waitDone(len(sim.Articles()), 2*time.Minute)
	cl.stop()
	for _, a := range sim.Articles() {
		if cl.stored[a.URL] == 0 {
			t.Errorf("%s not stored", a.URL)
		}
	}
	checkGaps(t, sim, crawlDelay)
	robots := map[int]int{}
	for _, r := range sim.Requests() {
		if r.Path == "/robots.txt" {
			robots[r.Portal]++
		}
	}
	total := 0
	for p := range 3 {
		total += robots[p]
		if robots[p] != 1 {
			t.Errorf("portal %d: robots.txt fetched %d times, want once per host", p, robots[p])
		}
	}
	t.Logf("robots.txt fetched %d times for 3 hosts and 2 workers", total)
	st, _ := redisstate.NewSchedule(cl.client()).Status(context.Background(), ids(all))
	for _, s := range orig {
		if a, b := st[s.ID].Last.Worker, st[s.ID+"-twin"].Last.Worker; a != "a" || b != "b" {
			t.Errorf("%s crawled by %q, its twin by %q: want a and b", s.ID, a, b)
		}
	}
}

// The password of a Redis URL appears in no error and no log line.
func TestPasswordNeverShown(t *testing.T) {
	const pw = "s3cr3t-pass"
	if r := redisstate.Redact("redis://:" + pw + "@127.0.0.1:1/0"); strings.Contains(r, pw) {
		t.Errorf("Redact: %s", r)
	}
	_, err := redisstate.Open("redis://:"+pw+"@127.0.0.1:1/notanumber", nil)
	if err == nil || strings.Contains(err.Error(), pw) {
		t.Errorf("bad URL error shows the password or is missing: %v", err)
	}
	var buf strings.Builder
	c, err := redisstate.Open("redis://:"+pw+"@127.0.0.1:1/0", slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	c.Ping(ctx)
	c.Close()
	if strings.Contains(buf.String(), pw) || !strings.Contains(c.Addr(), "xxxxx") {
		t.Errorf("log or address shows the password: %s / %s", buf.String(), c.Addr())
	}
}

// A worker that lost its lease (it stalled, the source went to another)
// cannot write the source's state or publish its articles.
func TestLeaseFencing(t *testing.T) {
	srv := redistest.Start(t)
	c, err := redisstate.Open(srv.URL(), testLog())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	sch := redisstate.NewSchedule(c)
	if err := sch.Register(ctx, map[string]time.Time{"s": time.Now().Add(-time.Second)}); err != nil {
		t.Fatal(err)
	}
	if cl, ok, err := sch.Claim(ctx, "a", time.Minute); err != nil || !ok || cl.ID != "s" {
		t.Fatalf("claim: %+v %v %v", cl, ok, err)
	}
	page := crawler.Page{Article: index.Article{URL: "https://a.example/1", Title: "T", Body: "B"}, ContentType: "text/html", Body: []byte("<p>B</p>")}
	ch := state.Change{Source: "s", Enqueue: []state.Item{{URL: "https://a.example/2", Kind: state.KindArticle}}}
	b := redisstate.NewState(ctx, c)
	b.Holder = "b"
	if _, _, err := b.ApplyPublish(ch, []crawler.Page{page}); !errors.Is(err, redisstate.ErrLeaseLost) {
		t.Fatalf("worker b wrote source s leased to a: %v", err)
	}
	if n, _ := c.Redis().XLen(ctx, redisstate.KeyStream).Result(); n != 0 || b.Pending("s") != 0 {
		t.Fatalf("refused batch left %d stream entries, %d frontier items", n, b.Pending("s"))
	}
	a := redisstate.NewState(ctx, c)
	a.Holder = "a"
	if added, _, err := a.ApplyPublish(ch, []crawler.Page{page}); err != nil || added != 1 {
		t.Fatalf("holder's batch: %d, %v", added, err)
	}
	if n, _ := c.Redis().XLen(ctx, redisstate.KeyStream).Result(); n != 1 {
		t.Fatalf("stream holds %d entries, want 1", n)
	}
}

// A batch with articles waits while the stream is over its bound, and
// goes once serve has caught up.
func TestStreamBackpressure(t *testing.T) {
	srv := redistest.Start(t)
	c, err := redisstate.Open(srv.URL(), testLog())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	st := redisstate.NewState(ctx, c)
	st.MaxStream = 2
	page := func(i int) []crawler.Page {
		return []crawler.Page{{Article: index.Article{URL: fmt.Sprintf("https://a.example/%d", i), Title: "T", Body: "B"}, Body: []byte("x")}}
	}
	for i := range 3 {
		if _, _, err := st.ApplyPublish(state.Change{Source: "s"}, page(i)); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { _, _, err := st.ApplyPublish(state.Change{Source: "s"}, page(3)); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("published past the bound (%v)", err)
	case <-time.After(1500 * time.Millisecond):
	}
	if err := c.Redis().XTrimMaxLen(ctx, redisstate.KeyStream, 0).Err(); err != nil { // serve caught up
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("batch still held after the stream emptied")
	}
}

// Redis dropping every client connection, again and again, mid-crawl:
// workers and the indexer reconnect and go on; every article is stored,
// none fetched twice.
func TestDroppedConnections(t *testing.T) {
	srv := redistest.Start(t)
	sim, err := portalsim.Start(portalsim.Options{Portals: 10, Articles: 12, PerPage: 4, Delay: 20 * time.Millisecond, Slow: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	cl := newCluster(t, srv.URL(), sim.Sources())
	cl.register()
	cl.startIndexer()
	for i := range 2 {
		cl.startWorker(fmt.Sprintf("w%d", i))
	}
	admin := cl.client()
	kills := 0
	for range 10 {
		time.Sleep(150 * time.Millisecond)
		n, err := admin.Redis().ClientKillByFilter(context.Background(), "TYPE", "normal", "SKIPME", "yes").Result()
		if err == nil && n > 0 {
			kills++
		}
	}
	cl.waitDone(len(sim.Articles()), time.Minute)
	cl.stop()
	if kills < 5 {
		t.Errorf("connections dropped only %d times", kills)
	}
	for _, a := range sim.Articles() {
		if cl.stored[a.URL] == 0 {
			t.Errorf("%s not stored", a.URL)
		}
	}
	for k, n := range articleFetches(sim) {
		if n > 1 {
			t.Errorf("article %s fetched %d times", k, n)
		}
	}
	twice := 0
	for _, n := range cl.stored {
		if n > 1 {
			twice++
		}
	}
	t.Logf("%d drops; %d of %d articles stored twice (a batch whose reply was lost with its connection is published again)", kills, twice, len(cl.stored))
}
