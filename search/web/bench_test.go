package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// benchCorpusSize is the corpus the load benchmark searches: the vi-news
// sample when it is beside the checkout (19,774 real articles), topped up
// with generated ones; generated articles only otherwise.
const benchCorpusSize = 20000

// benchServer is the 20k index behind a loopback server, built once per
// process (the benchmark function runs several times) or, with
// GOVNEWS_BENCH_DATA set, once per directory.
var benchServer struct {
	once sync.Once
	url  string // cache off: every request searches
	urlC string // cache on
	tmp  string // removed by TestMain
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchServer.tmp != "" {
		os.RemoveAll(benchServer.tmp)
	}
	os.Exit(code)
}

func benchURL(b *testing.B, cached bool) string {
	b.Helper()
	benchServer.once.Do(func() {
		dir := os.Getenv("GOVNEWS_BENCH_DATA")
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "govnews-bench-"); err != nil {
				benchServer.err = err
				return
			}
			benchServer.tmp = dir
		}
		benchServer.url, benchServer.urlC, benchServer.err = startBenchServer(b, dir)
	})
	if benchServer.err != nil {
		b.Fatal(benchServer.err)
	}
	if cached {
		return benchServer.urlC
	}
	return benchServer.url
}

func startBenchServer(b *testing.B, dir string) (string, string, error) {
	ix, s, topics, err := openStoreErr(dir)
	if err != nil {
		return "", "", err
	}
	n, err := ix.Count()
	if err != nil {
		return "", "", err
	}
	if n < benchCorpusSize {
		var arts []index.Article
		source := "generated"
		if p := corpus.FindViNews("."); p != "" {
			if arts, err = corpus.ReadViNews(p, benchCorpusSize); err != nil {
				return "", "", err
			}
			source = "vi-news + generated"
		}
		gen := corpus.NewGenerator(1)
		for len(arts) < benchCorpusSize {
			arts = append(arts, gen.Next())
		}
		start := time.Now()
		for i := 0; i < len(arts); i += 1000 {
			if err := ix.Put(arts[i:min(i+1000, len(arts))]...); err != nil {
				return "", "", err
			}
		}
		b.Logf("indexed %d articles (%s) in %s into %s", len(arts), source, time.Since(start).Round(time.Second), dir)
	}
	// The server lives as long as the test binary: benchmarks of one run
	// share it.
	plain := httptest.NewServer(NewServer(Config{Index: ix, Searcher: s, Topics: topics, CacheSize: -1}))
	cached := httptest.NewServer(NewServer(Config{Index: ix, Searcher: s, Topics: topics}))
	return plain.URL, cached.URL, nil
}

// benchQueries are what researchers and journalists type: with and without
// diacritics, phrases, abbreviations, filters and sorts. Every /api/search
// also computes facets and snippets, as the UI does.
var benchQueries = []url.Values{
	{"q": {"ke hoach"}},
	{"q": {"kinh phí khoa học"}},
	{"q": {`"sáp nhập"`}},
	{"q": {"ubnd tinh"}, "sort": {"date"}},
	{"q": {"giao duc"}, "province": {"Hà Nội"}},
	{"q": {"y tế"}, "from": {"2020"}, "to": {"2024"}},
	{"q": {"cải cách hành chính"}},
	{"q": {"bi thu dong thoi la chu tich"}},
	{"q": {"nông nghiệp"}, "province": {"Vĩnh Long"}},
	{"q": {"du lich"}, "limit": {"50"}},
	{"q": {"KH&CN"}},
	{"topic": {"sap-xep-dvhc"}, "sort": {"date"}},
}

// BenchmarkAPISearchLoad measures sustained /api/search throughput and
// latency over a loopback listener with concurrent clients
// (GOVNEWS_BENCH_CLIENTS, default 4). "search" has the result cache off, so
// every request runs a search: the engine's number. "cached" has it on,
// which for these repeated queries measures the HTTP path of a popular
// search (the home page, a polled feed). Run:
//
//	go test ./search/web -run '^$' -bench APISearchLoad -benchtime 4000x
func BenchmarkAPISearchLoad(b *testing.B) {
	b.Run("search", func(b *testing.B) { loadTest(b, benchURL(b, false)) })
	b.Run("cached", func(b *testing.B) { loadTest(b, benchURL(b, true)) })
}

func loadTest(b *testing.B, base string) {

	clients := 4
	if v, err := strconv.Atoi(os.Getenv("GOVNEWS_BENCH_CLIENTS")); err == nil && v > 0 {
		clients = v
	}
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: transport}
	defer transport.CloseIdleConnections()
	paths := make([]string, len(benchQueries))
	for i, q := range benchQueries {
		paths[i] = base + "/api/search?" + q.Encode()
		// Warm up, and check every query is valid.
		resp, err := client.Get(paths[i])
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", paths[i], resp.StatusCode)
		}
	}

	latencies := make([]time.Duration, b.N)
	var next int
	var mu sync.Mutex
	var failed error
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= b.N {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(paths[i%len(paths)])
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				latencies[i] = time.Since(t0)
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(float64(len(latencies))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "q/s")
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.ReportMetric(float64(clients), "clients")
}
