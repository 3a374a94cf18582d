package crawler

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/index"
)

// BenchmarkCrawl crawls simulated portals of 1,000 articles each with no
// delay, into a real index on disk, GOVNEWS_BENCH_PORTALS portals at a time
// (default "10,50": 10k and 50k articles). It reports pages/s, CPU ms per
// page, the peak Go heap (in use, and live after GC) and peak RSS, which
// must stay flat as the crawl grows. Run: go test -run '^$' -bench Crawl -benchtime 1x ./crawler/
func BenchmarkCrawl(b *testing.B) {
	sizes := []int{10, 50}
	if env := os.Getenv("GOVNEWS_BENCH_PORTALS"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				b.Fatalf("GOVNEWS_BENCH_PORTALS: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	for _, portals := range sizes {
		b.Run(fmt.Sprintf("portals=%d", portals), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchCrawl(b, portals, 1000)
			}
		})
	}
}

func benchCrawl(b *testing.B, portals, articles int) {
	sim, err := portalsim.Start(portalsim.Options{Portals: portals, Articles: articles, PerPage: 20, Delay: -1, Slow: time.Millisecond, NoLog: true})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	dir := b.TempDir()
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	c, err := New(Config{Index: ix, DataDir: dir, RetryBase: time.Millisecond, BatchSize: 200})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()

	runtime.GC()
	// Peak heap in use depends on how far the GC lags behind; the live heap
	// after each GC is what the crawl really keeps. Both are reported.
	var peakHeap, peakLive uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapInuse)
			metrics.Read(live)
			if live[0].Value.Kind() == metrics.KindUint64 {
				peakLive = max(peakLive, live[0].Value.Uint64())
			}
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	cpu0 := cpuTime()
	start := time.Now()
	b.ResetTimer()

	var mu sync.Mutex
	requests, stored := 0, 0
	work := make(chan int)
	var wg sync.WaitGroup
	srcs := sim.Sources()
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				s, err := c.Crawl(context.Background(), srcs[i])
				if err != nil {
					b.Error(err)
				}
				mu.Lock()
				requests += s.Requests
				stored += s.New
				mu.Unlock()
			}
		}()
	}
	for i := range srcs {
		work <- i
	}
	close(work)
	wg.Wait()

	b.StopTimer()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	close(stop)
	<-sampled
	if want := len(sim.Articles()); stored != want {
		b.Errorf("stored %d articles, want %d", stored, want)
	}
	b.ReportMetric(float64(requests)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(requests), "cpu-ms/page")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-heap-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<10), "peak-rss-MiB")
	b.ReportMetric(float64(requests), "pages")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's high-water resident set in KiB (Linux).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			n, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return n
		}
	}
	return 0
}
