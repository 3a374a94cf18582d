package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/crawler/redisstate/redistest"
)

// The Redis tests run real processes: govnews worker ×N and govnews serve
// --redis against a redis-server started for the test, crawling the
// portal simulator of this process.

func buildGovnews(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "govnews")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Skipf("cannot build govnews: %v\n%s", err, out)
	}
	return bin
}

// proc is a running govnews process with its output kept.
type proc struct {
	name string
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	url  chan string // serve's URL, from its first stdout line
	done chan struct{}
}

type lockedWriter struct{ p *proc }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.out.Write(b)
}

func startProc(t *testing.T, name, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, cmd: exec.Command(bin, args...), url: make(chan string, 1), done: make(chan struct{})}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = lockedWriter{p}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			lockedWriter{p}.Write([]byte(line + "\n"))
			if i := strings.Index(line, " at http://"); i >= 0 {
				u := strings.Fields(line[i+4:])[0]
				select {
				case p.url <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			p.mu.Lock()
			t.Logf("--- %s output:\n%s", p.name, tail(p.out.String(), 4000))
			p.mu.Unlock()
		}
	})
	return p
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func (p *proc) kill() { p.cmd.Process.Signal(syscall.SIGKILL); <-p.done }

// term sends SIGTERM and waits for a clean exit.
func (p *proc) term(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop within 30 s of SIGTERM", p.name)
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("%s exited %d after SIGTERM, want 0", p.name, code)
	}
}

func startServeRedis(t *testing.T, bin, redisURL, cfg, data string) (*proc, string) {
	t.Helper()
	p := startProc(t, "serve", bin, "serve", "--redis", redisURL, "--config", cfg, "--data", data, "--addr", "127.0.0.1:0", "--log-level", "warn")
	select {
	case u := <-p.url:
		return p, u
	case <-p.done:
		t.Fatalf("serve exited at start")
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start within 30 s")
	}
	return nil, ""
}

func startWorker(t *testing.T, bin, redisURL, cfg, name string, extra ...string) *proc {
	args := append([]string{"worker", "--redis", redisURL, "--config", cfg, "--name", name, "--poll", "100ms",
		"--timeout", "3s", "--log-level", "warn"}, extra...)
	return startProc(t, name, bin, args...)
}

type apiSource struct {
	ID      string    `json:"id"`
	Running bool      `json:"running"`
	LastEnd time.Time `json:"last_end"`
	Worker  string    `json:"worker"`
	New     int       `json:"new"`
	Error   string    `json:"last_error"`
	Failed  bool      `json:"failed"`
}

func redisGetJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func articleCount(base string) int {
	var h struct {
		Articles int `json:"articles"`
	}
	if redisGetJSON(base+"healthz", &h) != nil {
		return -1
	}
	return h.Articles
}

// metric reads one unlabelled value from /metrics.
func metric(base, name string) float64 {
	resp, err := http.Get(base + "metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var v float64
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == name {
			fmt.Sscan(f[1], &v)
			return v
		}
	}
	return -1
}

// waitComplete waits until every source has run to the end, no lease is
// held, and the index holds want articles with the stream drained.
func waitComplete(t *testing.T, base string, nSources, want int, limit time.Duration) []apiSource {
	t.Helper()
	deadline := time.Now().Add(limit)
	var srcs struct {
		Sources []apiSource `json:"sources"`
	}
	for time.Now().Before(deadline) {
		srcs.Sources = nil // omitempty fields must not keep an earlier poll's values
		if err := redisGetJSON(base+"api/sources", &srcs); err == nil {
			done := 0
			for _, s := range srcs.Sources {
				if !s.LastEnd.IsZero() && !s.Running && !s.Failed {
					done++
				}
			}
			if done == nSources && articleCount(base) >= want && metric(base, "govnews_stream_length") == 0 && metric(base, "govnews_stream_pending") == 0 {
				return srcs.Sources
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("crawl not complete within %v: %d of %d articles indexed; sources %+v", limit, articleCount(base), want, srcs.Sources)
	return nil
}

func articleFetchCounts(sim *portalsim.Sim) map[string]int {
	n := map[string]int{}
	for _, r := range sim.Requests() {
		if id, ok := sim.ArticleID(r.Portal, r.Path); ok && r.Status == 200 {
			n[fmt.Sprintf("%d/%d", r.Portal, id)]++
		}
	}
	return n
}

// minGap checks that the requests each portal received, from every worker
// together, are never closer than delay.
func checkHostGaps(t *testing.T, sim *portalsim.Sim, delay time.Duration) int {
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
				t.Errorf("portal %d: %s then %s only %v apart; delay %v", p, rs[i-1].Path, rs[i].Path, gap, delay)
			}
		}
	}
	return n
}

func checkIndexed(t *testing.T, sim *portalsim.Sim, data string) {
	t.Helper()
	got := storedURLs(t, data) // reports any URL stored twice
	for _, a := range sim.Articles() {
		if !got[a.URL] {
			t.Errorf("article %s lost", a.URL)
		}
	}
	if len(got) != len(sim.Articles()) {
		t.Errorf("index holds %d articles, want %d", len(got), len(sim.Articles()))
	}
}

// Three worker processes and one serve --redis crawl 20 simulated portals:
// every article is indexed exactly once (one stream entry each), no article
// page is fetched twice, and each portal sees at least its delay between
// any two requests, whichever worker sent them.
func TestRedisWorkersAndServe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs redis-server and four govnews processes")
	}
	srv := redistest.Start(t)
	bin := buildGovnews(t)
	const delay = 50 * time.Millisecond
	sim := startSim(t, portalsim.Options{Portals: 20, Articles: 12, PerPage: 6, Slow: 20 * time.Millisecond})
	cfg := crawlConfig(t, sim, "50ms")
	data := t.TempDir()
	serve, base := startServeRedis(t, bin, srv.URL(), cfg, data)
	var workers []*proc
	for i := range 3 {
		workers = append(workers, startWorker(t, bin, srv.URL(), cfg, fmt.Sprintf("w%d", i)))
	}
	want := len(sim.Articles())
	srcs := waitComplete(t, base, 20, want, 2*time.Minute)
	if n := metric(base, "govnews_stream_indexed_total"); int(n) != want {
		t.Errorf("serve indexed %v stream entries, want %d (one per article)", n, want)
	}
	if n := metric(base, "govnews_workers_live"); n != 3 {
		t.Errorf("govnews_workers_live %v, want 3", n)
	}
	if n := metric(base, "govnews_leases_held"); n != 0 {
		t.Errorf("govnews_leases_held %v after the crawl, want 0", n)
	}
	if resp, err := http.Get(base + "metrics"); err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if n := strings.Count(string(body), "govnews_source_last_run_timestamp_seconds{source="); n != 20 {
			t.Errorf("/metrics has the last run of %d sources, want 20", n)
		}
	}
	by := map[string]int{}
	for _, s := range srcs {
		by[s.Worker]++
	}
	// A worker stopped cleanly leaves the list at once, not three lease
	// times later.
	workers[0].term(t)
	if n := metric(base, "govnews_workers_live"); n != 2 {
		t.Errorf("govnews_workers_live %v after a worker stopped, want 2", n)
	}
	for _, w := range workers[1:] {
		w.term(t)
	}
	serve.term(t)
	checkIndexed(t, sim, data)
	for k, n := range articleFetchCounts(sim) {
		if n > 1 {
			t.Errorf("article %s fetched %d times", k, n)
		}
	}
	gaps := checkHostGaps(t, sim, delay)
	t.Logf("%d articles from 20 portals, %d request gaps checked", want, gaps)
}

// sourcesNow reads /api/sources.
func sourcesNow(base string) []apiSource {
	var srcs struct {
		Sources []apiSource `json:"sources"`
	}
	redisGetJSON(base+"api/sources", &srcs)
	return srcs.Sources
}

func waitArticles(t *testing.T, base string, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for articleCount(base) < n {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d articles indexed after %v", n, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A worker killed with SIGKILL mid-crawl loses its leases when they
// expire; the other workers resume its sources from the shared frontier.
// Then a second worker is stopped with SIGTERM mid-crawl: it exits 0 and
// its sources are resumed at once by the last one. In the end
// every article indexed once (one stream entry each), and an article page
// fetched twice only if the killed worker had fetched it and not yet
// published it (at most one per source it was crawling, with --batch 1).
func TestRedisWorkerKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs redis-server and govnews processes")
	}
	srv := redistest.Start(t)
	bin := buildGovnews(t)
	sim := startSim(t, portalsim.Options{Portals: 20, Articles: 20, PerPage: 5, Slow: 20 * time.Millisecond})
	cfg := crawlConfig(t, sim, "80ms")
	data := t.TempDir()
	serve, base := startServeRedis(t, bin, srv.URL(), cfg, data)
	var workers []*proc
	for i := range 3 {
		workers = append(workers, startWorker(t, bin, srv.URL(), cfg, fmt.Sprintf("w%d", i), "--batch", "1", "--lease", "2s", "--parallel", "3"))
	}
	want := len(sim.Articles())
	waitArticles(t, base, want/4, time.Minute)
	held := map[string]bool{}
	for _, s := range sourcesNow(base) {
		if s.Worker == "w0" {
			held[s.ID] = true
		}
	}
	workers[0].kill()
	t.Logf("w0 killed holding %d sources, %d of %d articles indexed", len(held), articleCount(base), want)
	if len(held) == 0 {
		t.Fatal("w0 held no source when killed: the kill landed badly")
	}
	// w1 is stopped the polite way mid-crawl: it publishes its batch,
	// gives its leases back (due at once) and exits 0; w2 takes them over.
	waitArticles(t, base, want/2, time.Minute)
	w1held := map[string]bool{}
	for _, s := range sourcesNow(base) {
		if s.Worker == "w1" {
			w1held[s.ID] = true
		}
	}
	termStart := time.Now()
	workers[1].term(t)
	t.Logf("w1 stopped by SIGTERM in %v holding %d sources", time.Since(termStart).Round(time.Millisecond), len(w1held))
	srcs := waitComplete(t, base, 20, want, 2*time.Minute)
	for _, s := range srcs {
		if held[s.ID] && (s.Worker == "w0" || s.LastEnd.IsZero()) {
			t.Errorf("source %s, held by the killed worker, not finished by another: %+v", s.ID, s)
		}
		if s.Worker != "" {
			t.Errorf("source %s still leased to %s after the crawl", s.ID, s.Worker)
		}
	}
	if n := metric(base, "govnews_stream_indexed_total"); int(n) != want {
		t.Errorf("serve indexed %v stream entries, want %d (one per article)", n, want)
	}
	workers[2].term(t)
	serve.term(t)
	checkIndexed(t, sim, data)
	twice := 0
	for k, n := range articleFetchCounts(sim) {
		if n > 1 {
			twice++
			t.Logf("article %s fetched %d times", k, n)
		}
	}
	if twice > 3 { // --parallel 3: one unpublished article per source w0 was crawling
		t.Errorf("%d articles fetched twice, want at most 3 (the killed worker's unpublished ones)", twice)
	}
}

// serve killed with SIGKILL while it indexes the stream, then started
// again: the entries it had read but not acknowledged are read again,
// nothing is lost or stored twice, and no page is fetched twice.
func TestRedisServeKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs redis-server and govnews processes")
	}
	srv := redistest.Start(t)
	bin := buildGovnews(t)
	sim := startSim(t, portalsim.Options{Portals: 20, Articles: 20, PerPage: 5, Slow: 20 * time.Millisecond})
	cfg := crawlConfig(t, sim, "60ms")
	data := t.TempDir()
	serve, base := startServeRedis(t, bin, srv.URL(), cfg, data)
	var workers []*proc
	for i := range 3 {
		workers = append(workers, startWorker(t, bin, srv.URL(), cfg, fmt.Sprintf("w%d", i), "--batch", "2"))
	}
	want := len(sim.Articles())
	waitArticles(t, base, want/4, time.Minute)
	serve.kill()
	t.Logf("serve killed with %d of %d articles fetched", len(articleFetchCounts(sim)), want)
	time.Sleep(time.Second) // the workers go on publishing
	serve, base = startServeRedis(t, bin, srv.URL(), cfg, data)
	waitComplete(t, base, 20, want, 2*time.Minute)
	for _, w := range workers {
		w.term(t)
	}
	serve.term(t)
	checkIndexed(t, sim, data)
	for k, n := range articleFetchCounts(sim) {
		if n > 1 {
			t.Errorf("article %s fetched %d times", k, n)
		}
	}
}

// Redis restarted mid-crawl (append-only file on): workers and serve
// pause, retry, and the crawl completes with every article indexed once.
func TestRedisRestartMidCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("runs redis-server and govnews processes")
	}
	srv := redistest.Start(t)
	bin := buildGovnews(t)
	sim := startSim(t, portalsim.Options{Portals: 20, Articles: 15, PerPage: 5, Slow: 20 * time.Millisecond})
	cfg := crawlConfig(t, sim, "60ms")
	data := t.TempDir()
	serve, base := startServeRedis(t, bin, srv.URL(), cfg, data)
	var workers []*proc
	for i := range 2 {
		workers = append(workers, startWorker(t, bin, srv.URL(), cfg, fmt.Sprintf("w%d", i)))
	}
	want := len(sim.Articles())
	waitArticles(t, base, want/4, time.Minute)
	srv.Restart(time.Second)
	t.Logf("redis restarted with %d of %d articles fetched", len(articleFetchCounts(sim)), want)
	waitComplete(t, base, 20, want, 2*time.Minute)
	for _, w := range workers {
		w.term(t)
	}
	serve.term(t)
	checkIndexed(t, sim, data)
	for k, n := range articleFetchCounts(sim) {
		if n > 1 {
			t.Errorf("article %s fetched %d times", k, n)
		}
	}
	for _, p := range append(workers, serve) {
		p.mu.Lock()
		out := p.out.String()
		logged := strings.Contains(out, "redis: unavailable; pausing and retrying") || strings.Contains(out, "redis: connection problem; waiting and retrying")
		p.mu.Unlock()
		if !logged {
			t.Errorf("%s did not log the pause while Redis was away", p.name)
		}
	}
}

// serve --redis started while Redis is down answers searches from its
// index at once, and puts the sources on the schedule when Redis comes:
// a Redis outage at boot must not take search down with it. SIGTERM
// while it waits is a clean stop (exit 0).
func TestRedisServeStartsBeforeRedis(t *testing.T) {
	if testing.Short() {
		t.Skip("runs redis-server and govnews processes")
	}
	srv := redistest.Start(t)
	srv.Stop()
	bin := buildGovnews(t)
	sim := startSim(t, portalsim.Options{Portals: 2, Articles: 5})
	cfg := crawlConfig(t, sim, "1ms")

	idle, base := startServeRedis(t, bin, srv.URL(), cfg, t.TempDir())
	var res struct {
		Total int `json:"total"`
	}
	if err := redisGetJSON(base+"api/search?q=kinh+phi", &res); err != nil {
		t.Fatalf("search while Redis is down: %v", err)
	}
	idle.term(t)

	serve, base := startServeRedis(t, bin, srv.URL(), cfg, t.TempDir())
	srv.Restart(0)
	worker := startWorker(t, bin, srv.URL(), cfg, "w0")
	waitComplete(t, base, 2, len(sim.Articles()), time.Minute)
	worker.term(t)
	serve.term(t)
}
