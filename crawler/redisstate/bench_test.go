package redisstate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/crawler/redisstate"
	"github.com/govnews/govnews/crawler/redisstate/redistest"
	"github.com/govnews/govnews/crawler/state"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/schedule"
)

// BenchmarkRedisWorkers crawls 16 simulated portals (60 articles each, a
// 20 ms delay per host, as politeness sets the pace in production) with 1,
// 2 and 4 workers of --parallel 4, all in this process but each with its
// own Redis connection, crawler and state, into a real index and raw store
// through the stream (serve's Indexer). It reports pages/s, Redis round
// trips per page (commands and pipelines, every client), and serve's
// indexing lag (publish to durable in the index), mean and max per batch.
//
//	go test -run '^$' -bench RedisWorkers -benchtime 1x ./crawler/redisstate/
func BenchmarkRedisWorkers(b *testing.B) {
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for range b.N {
				benchCrawl(b, workers)
			}
		})
	}
}

func benchCrawl(b *testing.B, workers int) {
	srv := redistest.Start(b)
	portals, articles := 16, 60
	if s := os.Getenv("GOVNEWS_BENCH_PORTALS"); s != "" {
		portals, _ = strconv.Atoi(s)
	}
	sim, err := portalsim.Start(portalsim.Options{Portals: portals, Articles: articles, PerPage: 10, Delay: 20 * time.Millisecond, Slow: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	dir := b.TempDir()
	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	raw, err := rawstore.Open(filepath.Join(dir, "raw"))
	if err != nil {
		b.Fatal(err)
	}
	var clients []*redisstate.Client
	open := func() *redisstate.Client {
		c, err := redisstate.Open(srv.URL(), testLog())
		if err != nil {
			b.Fatal(err)
		}
		clients = append(clients, c)
		return c
	}
	srcs := sim.Sources()
	due := map[string]time.Time{}
	for _, s := range srcs {
		due[s.ID] = time.Now()
	}
	sched := redisstate.NewSchedule(open())
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	ic := open()
	var lagMu sync.Mutex
	var lags []time.Duration
	indexer := &redisstate.Indexer{C: ic, Block: 100 * time.Millisecond, Store: func(pages []crawler.Page) error {
		arts := make([]index.Article, 0, len(pages))
		for _, p := range pages {
			if err := raw.Put(p.Article.URL, p.ContentType, p.Body); err != nil {
				return err
			}
			arts = append(arts, p.Article)
		}
		return ix.Put(arts...)
	}}
	wg.Add(1)
	go func() { defer wg.Done(); indexer.Run(ctx) }()
	b.ResetTimer()
	start := time.Now()
	if err := sched.Register(ctx, due); err != nil {
		b.Fatal(err)
	}
	for i := range workers {
		c := open()
		cr, err := crawler.New(crawler.Config{State: redisstate.NewState(context.Background(), c),
			Gate: redisstate.NewGate(context.Background(), c, 5*time.Second), Robots: redisstate.NewRobots(context.Background(), c),
			Logger: testLog(), RetryBase: 20 * time.Millisecond, Timeout: 5 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		w := &schedule.Worker{Name: fmt.Sprintf("w%d", i), Leases: redisstate.NewSchedule(c), Crawl: cr.Crawl,
			Sources: srcs, Parallel: 4, LeaseTTL: 5 * time.Second, Poll: 50 * time.Millisecond, Log: testLog()}
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(ctx) }()
	}
	want := len(sim.Articles())
	lastIndexed := int64(0)
	for {
		n := indexer.Indexed()
		if n != lastIndexed {
			lagMu.Lock()
			lags = append(lags, indexer.Lag())
			lagMu.Unlock()
			lastIndexed = n
		}
		if n >= int64(want) {
			st, _ := sched.Status(ctx, ids(srcs))
			busy := 0
			for _, v := range st {
				if v.Worker != "" || !v.HasLast {
					busy++
				}
			}
			if busy == 0 {
				break
			}
		}
		if time.Since(start) > 10*time.Minute {
			b.Fatalf("not done after 10 min: %d of %d", n, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	cancel()
	wg.Wait()
	pages := len(sim.Requests())
	var trips int64
	for _, c := range clients {
		trips += c.RoundTrips.Load()
		c.Close()
	}
	var sum, worst time.Duration
	for _, l := range lags {
		sum += l
		worst = max(worst, l)
	}
	b.ReportMetric(float64(pages)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(trips)/float64(pages), "roundtrips/page")
	if len(lags) > 0 {
		b.ReportMetric(float64(sum.Milliseconds())/float64(len(lags)), "lag-mean-ms")
		b.ReportMetric(float64(worst.Milliseconds()), "lag-max-ms")
	}
	b.Logf("%d workers: %d pages, %d articles in %v", workers, pages, want, elapsed.Round(time.Millisecond))
}

// BenchmarkRedisMemory writes the crawl state of 100,000 article URLs the
// way a crawl does (each queued in a source's frontier, then fetched:
// its URL record with validators and hash, its content hash, its queued
// mark) and reports Redis' used memory per URL, for the frontier while
// queued and for what stays after the run.
//
//	go test -run '^$' -bench RedisMemory -benchtime 1x ./crawler/redisstate/
func BenchmarkRedisMemory(b *testing.B) {
	srv := redistest.Start(b)
	c, err := redisstate.Open(srv.URL(), testLog())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	used := func() int64 {
		info, err := c.Redis().Info(ctx, "memory").Result()
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(info, "\r\n") {
			if v, ok := strings.CutPrefix(l, "used_memory:"); ok {
				n, _ := strconv.ParseInt(v, 10, 64)
				return n
			}
		}
		return 0
	}
	const n, perSource = 100000, 5000
	st := redisstate.NewState(ctx, c)
	url := func(i int) string {
		return fmt.Sprintf("https://so%d.tinh%d.gov.vn/tin-tuc/chi-tiet/hoi-nghi-trien-khai-nhiem-vu-khoa-hoc-cong-nghe-nam-2025-%d.html", i/perSource, i/perSource, i)
	}
	b.ResetTimer()
	base := used()
	for i := 0; i < n; i += 500 {
		src := fmt.Sprintf("src-%d", i/perSource)
		var items []state.Item
		for j := i; j < i+500; j++ {
			items = append(items, state.Item{URL: url(j), Kind: state.KindArticle, Depth: 2})
		}
		if _, _, err := st.Apply(state.Change{Source: src, Enqueue: items}); err != nil {
			b.Fatal(err)
		}
	}
	queued := used()
	now := time.Now()
	for i := 0; i < n; i += 500 {
		src := fmt.Sprintf("src-%d", i/perSource)
		ch := state.Change{Source: src, Records: map[string]state.Record{}, Hashes: map[string]string{}}
		for j := i; j < i+500; j++ {
			h := index.ContentHash(url(j), "body")
			ch.Records[url(j)] = state.Record{Kind: state.KindArticle, Source: src, ETag: `"5f3a-61c2b9d0e4a80"`,
				LastModified: "Tue, 02 Dec 2025 08:30:00 GMT", Hash: h, Status: 200, FetchedAt: now, StoredAt: now}
			ch.Hashes[h] = url(j)
			ch.Done = append(ch.Done, uint64(j%perSource+1))
		}
		if _, _, err := st.Apply(ch); err != nil {
			b.Fatal(err)
		}
	}
	done := used()
	// Per source, apart from its URLs: a finished run with its summary,
	// its place on the schedule and its last outcome.
	const nSources = 1000
	sch := redisstate.NewSchedule(c)
	due := map[string]time.Time{}
	for i := range nSources {
		due[fmt.Sprintf("so-khcn-tinh-%d", i)] = time.Now().Add(time.Hour)
	}
	if err := sch.Register(ctx, due); err != nil {
		b.Fatal(err)
	}
	for id := range due {
		if err := st.StartRun(id, now, nil); err != nil {
			b.Fatal(err)
		}
		sum := crawler.Summary{Source: id, Requests: 1234, New: 56, Updated: 7, Unchanged: 890, Errors: 3, Started: now, Finished: now}
		js := fmt.Sprintf(`{"Source":%q,"Requests":1234,"New":56,"Updated":7,"Unchanged":890,"Errors":3,"Started":%q,"Finished":%q}`, id, now.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
		if err := st.FinishRun(id, now, true, []byte(js)); err != nil {
			b.Fatal(err)
		}
		if err := c.Redis().HSet(ctx, redisstate.KeyLastRun, id, mustJSON(schedule.Outcome{Worker: "crawler-1", Summary: sum})).Err(); err != nil {
			b.Fatal(err)
		}
	}
	perSourceEnd := used()
	b.StopTimer()
	b.ReportMetric(float64(perSourceEnd-done)/nSources, "B/source")
	b.ReportMetric(float64(queued-base)/n, "B/URL-queued")
	b.ReportMetric(float64(done-base)/n, "B/URL-stored")
	b.ReportMetric(float64(done-base)/1e6*1e5/n, "MB/100k-URLs")
	b.Logf("used_memory: empty %d, 100k queued %d, 100k stored (frontier done) %d", base, queued, done)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
