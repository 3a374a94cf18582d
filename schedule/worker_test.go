package schedule

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/sources"
)

// fakeLeases hands out each queued claim once and records the rest.
type fakeLeases struct {
	mu       sync.Mutex
	claims   []Claim
	renewOK  bool
	renewals int
	finished map[string]Outcome
	next     map[string]time.Time
	released []string
	beats    int
	left     []string
}

func (f *fakeLeases) Claim(ctx context.Context, worker string, ttl time.Duration) (Claim, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.claims) == 0 {
		return Claim{}, false, nil
	}
	c := f.claims[0]
	f.claims = f.claims[1:]
	return c, true, nil
}

func (f *fakeLeases) Renew(ctx context.Context, worker, id string, ttl time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.renewals++
	return f.renewOK, nil
}

func (f *fakeLeases) Finish(ctx context.Context, worker, id string, next time.Time, o Outcome) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.finished[id], f.next[id] = o, next
	return nil
}

func (f *fakeLeases) Release(ctx context.Context, worker, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.released = append(f.released, id)
	return nil
}

func (f *fakeLeases) Heartbeat(ctx context.Context, worker string, ttl time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.beats++
	return nil
}

func (f *fakeLeases) Leave(ctx context.Context, worker string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.left = append(f.left, worker)
	return nil
}

func newFake(claims ...Claim) *fakeLeases {
	return &fakeLeases{claims: claims, renewOK: true, finished: map[string]Outcome{}, next: map[string]time.Time{}}
}

func (f *fakeLeases) snapshot() (fin map[string]Outcome, next map[string]time.Time, released []string, renewals, beats int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fin, next = map[string]Outcome{}, map[string]time.Time{}
	for k, v := range f.finished {
		fin[k] = v
	}
	for k, v := range f.next {
		next[k] = v
	}
	return fin, next, append([]string(nil), f.released...), f.renewals, f.beats
}

func worker(f *fakeLeases, crawl CrawlFunc, srcs ...sources.Source) *Worker {
	return &Worker{Name: "w", Leases: f, Crawl: crawl, Sources: srcs, Parallel: 2, LeaseTTL: 300 * time.Millisecond,
		Poll: 10 * time.Millisecond, RetryBase: time.Minute, Log: slog.New(slog.DiscardHandler)}
}

// A finished run is recorded with its next time: the schedule after a
// success, the retry (RetryBase, doubled per failure in a row) after a
// failure; the lease is renewed while the crawl runs and heartbeats go on.
func TestWorkerFinishesWithNextRun(t *testing.T) {
	f := newFake(Claim{ID: "ok"}, Claim{ID: "down", Failures: 2})
	crawl := func(ctx context.Context, src sources.Source) (crawler.Summary, error) {
		time.Sleep(250 * time.Millisecond) // long enough for a renewal
		return crawler.Summary{Source: src.ID, Failed: src.ID == "down", Err: "x"}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	w := worker(f, crawl, sources.Source{ID: "ok", Schedule: "@every 1h"}, sources.Source{ID: "down", Schedule: "@every 24h"})
	go func() { w.Run(ctx); close(done) }()
	waitUntil(t, "both runs recorded", 5*time.Second, func() bool { fin, _, _, _, _ := f.snapshot(); return len(fin) == 2 })
	cancel()
	<-done
	fin, next, released, renewals, beats := f.snapshot()
	if fin["ok"].Failed || fin["ok"].Failures != 0 || fin["ok"].Worker != "w" {
		t.Errorf("ok: %+v", fin["ok"])
	}
	if d := time.Until(next["ok"]); d < 59*time.Minute || d > time.Hour {
		t.Errorf("ok next in %v, want its schedule (1h)", d)
	}
	if !fin["down"].Failed || fin["down"].Failures != 3 {
		t.Errorf("down: %+v, want failed, 3 failures in a row", fin["down"])
	}
	if d := time.Until(next["down"]); d < 3*time.Minute || d > 4*time.Minute {
		t.Errorf("down next in %v, want the third retry (4 min)", d)
	}
	if len(released) != 0 || renewals == 0 || beats == 0 {
		t.Errorf("released %v, renewals %d, heartbeats %d", released, renewals, beats)
	}
}

// Stopping the worker stops its crawls and gives their leases back.
func TestWorkerReleasesOnStop(t *testing.T) {
	f := newFake(Claim{ID: "a"})
	started := make(chan struct{})
	crawl := func(ctx context.Context, src sources.Source) (crawler.Summary, error) {
		close(started)
		<-ctx.Done()
		return crawler.Summary{Source: src.ID}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { worker(f, crawl, sources.Source{ID: "a"}).Run(ctx); close(done) }()
	<-started
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the stop")
	}
	fin, _, released, _, _ := f.snapshot()
	if len(released) != 1 || released[0] != "a" || len(fin) != 0 {
		t.Errorf("released %v, finished %v: want a given back, not finished", released, fin)
	}
}

// A lost lease stops the crawl; the source is neither finished nor
// released by this worker (another holds it).
func TestWorkerStopsCrawlOnLostLease(t *testing.T) {
	f := newFake(Claim{ID: "a"})
	f.renewOK = false
	stopped := make(chan struct{})
	crawl := func(ctx context.Context, src sources.Source) (crawler.Summary, error) {
		<-ctx.Done()
		close(stopped)
		return crawler.Summary{Source: src.ID}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go worker(f, crawl, sources.Source{ID: "a"}).Run(ctx)
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("crawl not stopped after its lease was lost")
	}
	time.Sleep(50 * time.Millisecond)
	fin, _, released, _, _ := f.snapshot()
	if len(fin) != 0 || len(released) != 0 {
		t.Errorf("finished %v, released %v after a lost lease", fin, released)
	}
}

// A due source this worker does not know is given back.
func TestWorkerGivesBackUnknownSource(t *testing.T) {
	f := newFake(Claim{ID: "zzz"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go worker(f, func(ctx context.Context, src sources.Source) (crawler.Summary, error) {
		t.Error("crawled an unknown source")
		return crawler.Summary{}, nil
	}, sources.Source{ID: "a"}).Run(ctx)
	waitUntil(t, "zzz given back", 5*time.Second, func() bool { _, _, r, _, _ := f.snapshot(); return len(r) == 1 && r[0] == "zzz" })
}
