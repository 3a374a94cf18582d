package schedule

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/search/web"
)

// gate is a crawl that runs until released, counting how many run at once.
type gate struct {
	mu       sync.Mutex
	running  map[string]int
	maxOne   int // most concurrent crawls of one source
	maxAll   int
	all      int
	runs     map[string]int
	release  chan struct{}
	canceled int
}

func newGate() *gate {
	return &gate{running: map[string]int{}, runs: map[string]int{}, release: make(chan struct{})}
}

func (g *gate) crawl(ctx context.Context, src sources.Source) (crawler.Summary, error) {
	g.mu.Lock()
	g.running[src.ID]++
	g.all++
	g.runs[src.ID]++
	g.maxOne = max(g.maxOne, g.running[src.ID])
	g.maxAll = max(g.maxAll, g.all)
	g.mu.Unlock()
	defer func() { g.mu.Lock(); g.running[src.ID]--; g.all--; g.mu.Unlock() }()
	select {
	case <-g.release:
		return crawler.Summary{Source: src.ID, Requests: 3, New: 2, Started: time.Now(), Finished: time.Now()}, nil
	case <-ctx.Done():
		g.mu.Lock()
		g.canceled++
		g.mu.Unlock()
		return crawler.Summary{Source: src.ID}, nil
	}
}

func (g *gate) stats() (maxOne, maxAll int, runs map[string]int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := map[string]int{}
	for k, v := range g.runs {
		r[k] = v
	}
	return g.maxOne, g.maxAll, r
}

func srcs(ids ...string) []sources.Source {
	var out []sources.Source
	for _, id := range ids {
		out = append(out, sources.Source{ID: id, Name: "Nguồn " + id, Schedule: "@every 1h"})
	}
	return out
}

// Never two crawls of one source at once, never more than --parallel in
// all, and every source eventually runs.
func TestSchedulerConcurrency(t *testing.T) {
	g := newGate()
	s, err := NewLocal(srcs("a", "b", "c"), g.crawl, nil, web.NewMetrics(), slog.New(slog.DiscardHandler), 2)
	if err != nil {
		t.Fatal(err)
	}
	s.Start() // none has run: all three are due, two may run
	waitUntil(t, "two crawls running", 5*time.Second, func() bool { _, all, _ := g.stats(); return all == 2 })
	for _, id := range []string{"a", "b", "c"} {
		if err := s.Trigger(id); !errors.Is(err, web.ErrBusy) {
			t.Errorf("Trigger(%s) while queued or running: %v, want ErrBusy", id, err)
		}
	}
	if err := s.Trigger("zzz"); !errors.Is(err, web.ErrUnknownSource) {
		t.Errorf("Trigger(unknown): %v", err)
	}
	for i := 0; i < 3; i++ {
		g.release <- struct{}{}
	}
	waitUntil(t, "all three done", 5*time.Second, func() bool {
		for _, st := range s.Sources() {
			if st.LastEnd.IsZero() || st.Running {
				return false
			}
		}
		return true
	})
	maxOne, maxAll, runs := g.stats()
	if maxOne != 1 || maxAll != 2 || runs["a"] != 1 || runs["b"] != 1 || runs["c"] != 1 {
		t.Errorf("max per source %d, max in all %d, runs %v", maxOne, maxAll, runs)
	}
	for _, st := range s.Sources() {
		if st.Fetched != 3 || st.New != 2 || st.NextRun.IsZero() || st.Schedule != "@every 1h" {
			t.Errorf("status %+v", st)
		}
	}
	// A source can run again once finished.
	if err := s.Trigger("a"); err != nil {
		t.Errorf("Trigger after finish: %v", err)
	}
	waitUntil(t, "a running again", 5*time.Second, func() bool { _, _, r := g.stats(); return r["a"] == 2 })
	// stop cancels the running crawl and waits for it.
	if err := s.Stop(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	g.mu.Lock()
	canceled := g.canceled
	g.mu.Unlock()
	if canceled != 1 {
		t.Errorf("%d crawls cancelled by stop, want 1", canceled)
	}
	if err := s.Trigger("b"); err == nil {
		t.Error("Trigger after stop should fail")
	}
}

// A restarted server crawls at once only the sources that are due.
func TestSchedulerDueAtStart(t *testing.T) {
	g := newGate()
	close(g.release) // crawls finish at once
	now := time.Now()
	last := map[string]crawler.Summary{
		"fresh": {Started: now.Add(-10 * time.Minute), Finished: now.Add(-9 * time.Minute)},
		"stale": {Started: now.Add(-3 * time.Hour), Finished: now.Add(-3 * time.Hour), Err: "timeout"},
		// Stopped by SIGTERM a minute ago: its frontier waits.
		"interrupted": {Started: now.Add(-2 * time.Minute), Finished: now.Add(-time.Minute), Interrupted: true},
	}
	s, err := NewLocal(srcs("fresh", "stale", "never", "interrupted"), g.crawl, func(id string) (crawler.Summary, bool) {
		sum, ok := last[id]
		return sum, ok
	}, nil, slog.New(slog.DiscardHandler), 4)
	if err != nil {
		t.Fatal(err)
	}
	before := s.Sources()
	if before[1].LastError != "timeout" || before[0].LastRun.IsZero() {
		t.Errorf("previous runs not shown: %+v", before)
	}
	s.Start()
	defer s.Stop(time.Second)
	waitUntil(t, "due crawls", 5*time.Second, func() bool {
		_, _, r := g.stats()
		return r["stale"] == 1 && r["never"] == 1 && r["interrupted"] == 1
	})
	time.Sleep(100 * time.Millisecond)
	if _, _, r := g.stats(); r["fresh"] != 0 {
		t.Errorf("fresh source crawled at start: %v", r)
	}
}

func TestSchedulerBadSchedule(t *testing.T) {
	bad := srcs("x")
	bad[0].Schedule = "every now and then"
	_, err := NewLocal(bad, newGate().crawl, nil, nil, slog.New(slog.DiscardHandler), 1)
	if err == nil || !strings.Contains(err.Error(), `"x"`) || !strings.Contains(err.Error(), "every now and then") {
		t.Errorf("error %v should name the source and the schedule", err)
	}
}

// A source whose crawl failed is tried again before its next scheduled run.
func TestSchedulerRetriesFailedSource(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	crawl := func(ctx context.Context, src sources.Source) (crawler.Summary, error) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return crawler.Summary{Source: src.ID, Failed: true, Err: "host unreachable"}, nil
		}
		return crawler.Summary{Source: src.ID, New: 1}, nil
	}
	s, err := NewLocal(srcs("down"), crawl, nil, web.NewMetrics(), slog.New(slog.DiscardHandler), 1)
	if err != nil {
		t.Fatal(err)
	}
	s.RetryBase = 50 * time.Millisecond
	s.Start()
	defer s.Stop(time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := calls
		mu.Unlock()
		if n >= 2 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the failed source was not retried (%d crawls; schedule is @every 1h)", calls)
}

// The status of a failed source shows when it is really tried next (the
// retry, not the schedule), and every time in one zone, Vietnam's.
func TestSchedulerStatusShowsRetry(t *testing.T) {
	crawl := func(ctx context.Context, src sources.Source) (crawler.Summary, error) {
		return crawler.Summary{Source: src.ID, Failed: true, Err: "host unreachable"}, nil
	}
	s, err := NewLocal(srcs("down"), crawl, nil, web.NewMetrics(), slog.New(slog.DiscardHandler), 1)
	if err != nil {
		t.Fatal(err)
	}
	s.RetryBase = 15 * time.Minute
	started := time.Now()
	s.Start()
	defer s.Stop(time.Second)
	var st web.SourceStatus
	waitUntil(t, "the first crawl to fail", 5*time.Second, func() bool {
		st = s.Sources()[0]
		return !st.LastEnd.IsZero() && !st.Running
	})
	if d := st.NextRun.Sub(started); d < 14*time.Minute || d > 16*time.Minute {
		t.Errorf("next_run %s is %s after the failure; the retry is in 15 min", st.NextRun, d)
	}
	for name, tm := range map[string]time.Time{"last_run": st.LastRun, "last_end": st.LastEnd, "next_run": st.NextRun} {
		b, _ := tm.MarshalJSON()
		if !strings.HasSuffix(strings.Trim(string(b), `"`), "+07:00") {
			t.Errorf("%s is %s, want +07:00 like the others", name, b)
		}
	}
}

func waitUntil(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
