package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
	"github.com/govnews/govnews/search/web"
)

// syncBuffer is a bytes.Buffer safe to read while run() writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

var servingLine = regexp.MustCompile(`serving \d+ articles at (http://\S+/)`)

// startServe runs `govnews args…` in-process until the returned stop is
// called (as SIGTERM would), and returns the server's base URL.
func startServe(t *testing.T, args ...string) (base string, stop func() (int, time.Duration), stderr *syncBuffer) {
	t.Helper()
	base, stop, stderr, _ = startServeOut(t, args...)
	return base, stop, stderr
}

// startServeOut is startServe that also gives the command's stdout.
func startServeOut(t *testing.T, args ...string) (base string, stop func() (int, time.Duration), stderr, stdout *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	stderr = &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, strings.NewReader(""), out, stderr) }()
	deadline := time.Now().Add(30 * time.Second)
	for base == "" {
		if m := servingLine.FindStringSubmatch(out.String()); m != nil {
			base = strings.TrimSuffix(m[1], "/")
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("govnews %v exited %d before serving:\n%s\n%s", args, code, out.String(), stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("govnews %v did not start:\n%s", args, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopped := false
	stop = func() (int, time.Duration) {
		if stopped {
			return 0, 0
		}
		stopped = true
		start := time.Now()
		cancel()
		select {
		case code := <-done:
			return code, time.Since(start)
		case <-time.After(30 * time.Second):
			t.Fatal("govnews did not stop within 30 s of cancellation")
			return -1, 0
		}
	}
	t.Cleanup(func() { stop() })
	return base, stop, stderr, out
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v: %s", url, err, body)
		}
	}
	return resp.StatusCode
}

// fetchJSON is getJSON for goroutines other than the test's.
func fetchJSON(url string, v any) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, json.NewDecoder(resp.Body).Decode(v)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// "sources: []" serves an existing index without crawling.
func TestServeWithoutSources(t *testing.T) {
	data := t.TempDir()
	in := writeJSONL(t, []index.Article{
		{URL: "https://bentre.gov.vn/a.html", Title: "Kế hoạch phát triển kinh tế năm 2024", Body: "Bến Tre ban hành kế hoạch.", Province: "Bến Tre", Source: "bentre", Published: time.Date(2024, 3, 15, 0, 0, 0, 0, index.Zone)},
		{URL: "https://hanoi.gov.vn/b.html", Title: "Tết Nguyên đán", Body: "Hà Nội tổ chức Tết.", Province: "Hà Nội", Source: "hanoi"},
	})
	if code, _, errOut := runCLI(t, "", "import", "--data", data, in); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	cfg := writeFile(t, "sources.yaml", "sources: []\n")
	base, stop, _ := startServe(t, "serve", "--config", cfg, "--data", data, "--addr", "127.0.0.1:0")

	var res search.Result
	if code := getJSON(t, base+"/api/search?q=ke+hoach&province=vinh+long", &res); code != 200 || res.Total != 1 || res.Hits[0].URL != "https://bentre.gov.vn/a.html" {
		t.Errorf("search: %d %+v", code, res)
	}
	var sources struct{ Sources []web.SourceStatus }
	if getJSON(t, base+"/api/sources", &sources); len(sources.Sources) != 0 {
		t.Errorf("sources %+v, want none", sources.Sources)
	}
	resp, err := http.Get(base + "/?q=tet")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Tết Nguyên đán") {
		t.Error("UI does not show the match")
	}
	if code, took := stop(); code != 0 || took > 5*time.Second {
		t.Errorf("stop: exit %d after %s, want 0 within seconds", code, took)
	}
	// The index is closed and flushed: a command can open it again.
	if code, out, errOut := runCLI(t, "", "search", "--data", data, "tet"); code != 0 || !strings.Contains(out, "hanoi.gov.vn") {
		t.Errorf("search after serve: %d %s %s", code, out, errOut)
	}
}

func TestServeBadConfig(t *testing.T) {
	data := t.TempDir()
	bad := writeFile(t, "sources.yaml", "sources:\n  - id: Bad ID\n    name: x\n")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--config", filepath.Join(data, "missing.yaml"), "--data", data}, exitUsage, "missing.yaml"},
		{[]string{"crawl", "--config", filepath.Join(data, "missing.yaml"), "--data", data}, exitUsage, "missing.yaml"},
		{[]string{"serve", "--data", data, "--topics", filepath.Join(data, "missing-topics.yaml")}, exitUsage, "missing-topics.yaml"},
		{[]string{"serve", "--config", bad, "--data", data}, exitFailure, "sources.yaml:2"},
		{[]string{"serve", "--data", data, "--addr", "not-an-address"}, exitUsage, "not-an-address"},
		{[]string{"serve", "--data", data, "--addr", "127.0.0.1:99999"}, exitUsage, "out of range"},
		{[]string{"serve", "--data", data, "--parallel", "0"}, exitUsage, "--parallel"},
		{[]string{"serve", "--data", data, "--request-timeout", "-1s"}, exitUsage, "--request-timeout must be positive"},
		{[]string{"serve", "--data", data, "--shutdown-wait", "-5s"}, exitUsage, "--shutdown-wait must not be negative"},
		{[]string{"serve", "--data", data, "--admin-token-file", filepath.Join(data, "nope")}, exitUsage, "--admin-token-file"},
		{[]string{"serve", "extra-arg"}, exitUsage, "extra-arg"},
		{[]string{"serve", "--data", data, "--admin-token-file", writeFile(t, "short", "abc\n")}, exitUsage, "shorter than 16"},
	}
	for _, tc := range tests {
		code, _, errOut := runCLI(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want %d; stderr %q should name %q", tc.args, code, tc.code, errOut, tc.want)
		}
	}
}

// simConfig writes the simulator's portals as a sources file.
func simConfig(t *testing.T, sim *portalsim.Sim, schedule string) string {
	t.Helper()
	type src struct {
		ID        string   `yaml:"id"`
		Name      string   `yaml:"name"`
		Province  string   `yaml:"province"`
		StartURLs []string `yaml:"start_urls"`
		Delay     string   `yaml:"delay"`
		Schedule  string   `yaml:"schedule"`
	}
	var list []src
	for _, s := range sim.Sources() {
		list = append(list, src{ID: s.ID, Name: s.Name, Province: s.Province, StartURLs: s.StartURLs, Delay: "1ms", Schedule: schedule})
	}
	b, err := yaml.Marshal(map[string]any{"sources": list})
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "sources.yaml", string(b))
}

// waitUntil polls cond until it holds or the time is up.
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

// Serve crawls each source when it starts (never crawled before), keeps
// answering searches meanwhile, reports the runs, and a crawl started by hand
// needs the token.
func TestServeCrawlsSources(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the portal simulator")
	}
	sim := startSim(t, portalsim.Options{Portals: 2, Articles: 12, Slow: 10 * time.Millisecond})
	token := "test-token-0123456789"
	tokenFile := writeFile(t, "token", token+"\n")
	data := t.TempDir()
	base, stop, stderr := startServe(t, "serve", "--config", simConfig(t, sim, "@every 1h"), "--data", data,
		"--addr", "127.0.0.1:0", "--admin-token-file", tokenFile)

	// Searches keep answering while the first crawls write to the index.
	searching := make(chan struct{})
	var searches, failures int
	var lastTotal uint64
	sawProgress := false // a running crawl's counts so far, in /api/sources
	go func() {
		defer close(searching)
		deadline := time.Now().Add(90 * time.Second)
		for {
			var res search.Result
			code, err := fetchJSON(base+"/api/search?q=khoa+hoc&sort=date", &res)
			searches++
			if code != 200 || err != nil {
				failures++
			}
			lastTotal = res.Total
			var st struct{ Sources []web.SourceStatus }
			fetchJSON(base+"/api/sources", &st)
			done := len(st.Sources) == 2
			for _, s := range st.Sources {
				done = done && !s.LastEnd.IsZero() && !s.Running
				if s.Running && s.Progress != nil && s.Progress.Fetched > 0 {
					sawProgress = true
				}
			}
			if done || time.Now().After(deadline) {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	select {
	case <-searching:
	case <-time.After(100 * time.Second):
		t.Fatal("first crawls did not finish")
	}
	if failures > 0 || searches < 2 || lastTotal == 0 {
		t.Errorf("during the crawls: %d searches, %d failed; last total %d", searches, failures, lastTotal)
	}
	if !sawProgress {
		t.Errorf("/api/sources never showed a running crawl's progress")
	}
	var st struct{ Sources []web.SourceStatus }
	getJSON(t, base+"/api/sources", &st)
	for _, s := range st.Sources {
		if s.New == 0 || s.Articles == nil || *s.Articles == 0 || s.Fetched == 0 || s.NextRun.IsZero() || s.Schedule != "@every 1h" {
			t.Errorf("source after its first crawl: %+v\n%s", s, stderr.String())
		}
	}
	var res search.Result
	getJSON(t, base+"/api/search?source="+st.Sources[0].ID, &res)
	if res.Total == 0 || st.Sources[0].Articles == nil || res.Total != *st.Sources[0].Articles {
		t.Errorf("source %s: %d articles searchable, status says %v", st.Sources[0].ID, res.Total, st.Sources[0].Articles)
	}

	// The stored copy of a crawled article is served.
	if len(res.Hits) > 0 {
		resp, err := http.Get(base + "/articles/" + res.Hits[0].ID + "/raw")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("stored copy: %d", resp.StatusCode)
		}
	}

	trigger := func(auth string) int {
		req, _ := http.NewRequest("POST", base+"/api/sources/"+st.Sources[0].ID+"/crawl", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := trigger(""); code != 401 {
		t.Errorf("trigger without token: %d", code)
	}
	if code := trigger("Bearer " + token); code != 202 {
		t.Errorf("trigger with token: %d", code)
	}
	waitUntil(t, "the second crawl", 60*time.Second, func() bool {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == fmt.Sprintf(`govnews_crawl_runs_total{outcome="ok",source=%q} 2`, st.Sources[0].ID) {
				return true
			}
		}
		return false
	})
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, s := range st.Sources {
		re := regexp.MustCompile(`(?m)^govnews_pages_fetched_total\{source="` + s.ID + `"\} [1-9]`)
		if !re.Match(metrics) {
			t.Errorf("no pages fetched counted for %s", s.ID)
		}
	}
	if code, took := stop(); code != 0 || took > 10*time.Second {
		t.Errorf("stop: exit %d after %s", code, took)
	}
}

// The demo crawls its simulated portals and serves them with no setup.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the portal simulator")
	}
	base, stop, stderr, stdout := startServeOut(t, "demo", "--addr", "127.0.0.1:0", "--demo-portals", "2", "--demo-articles", "8")
	var st struct{ Sources []web.SourceStatus }
	waitUntil(t, "the demo crawls", 90*time.Second, func() bool {
		getJSON(t, base+"/api/sources", &st)
		done := 0
		for _, s := range st.Sources {
			if !s.LastEnd.IsZero() && !s.Running {
				done++
			}
		}
		return done == 2
	})
	var health struct{ Articles int }
	if getJSON(t, base+"/healthz", &health); health.Articles == 0 {
		t.Errorf("demo served no articles:\n%s", stderr.String())
	}
	waitUntil(t, "the demo to announce itself", 10*time.Second, func() bool {
		return strings.Contains(stdout.String(), "demo ready: ")
	})
	if code, _ := stop(); code != 0 {
		t.Errorf("demo exit %d", code)
	}
}

// A real SIGTERM: the process stops serving, finishes, and exits 0 fast.
func TestServeSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "govnews")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	sim := startSim(t, portalsim.Options{Portals: 1, Articles: 200})
	data := t.TempDir()
	cmd := exec.Command(bin, "serve", "--config", simConfig(t, sim, "@every 1h"), "--data", data, "--addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := servingLine.FindStringSubmatch(line)
	if err != nil || m == nil {
		cmd.Process.Kill()
		t.Fatalf("no serving line: %q %v\n%s", line, err, stderr.String())
	}
	// SIGTERM in the middle of the first crawl.
	var before struct{ Articles int }
	waitUntil(t, "the crawl to store something", 30*time.Second, func() bool {
		getJSON(t, m[1]+"healthz", &before)
		return before.Articles > 0
	})
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	err = cmd.Wait()
	took := time.Since(start)
	if err != nil || took > 10*time.Second {
		t.Fatalf("after SIGTERM: %v after %s\n%s", err, took, stderr.String())
	}
	if _, err := http.Get(m[1] + "healthz"); err == nil {
		t.Error("still serving after exit")
	}
	// What was stored before the signal is in the index, readable by the
	// next process: nothing acknowledged is lost.
	out, err := exec.Command(bin, "export", "--data", data).Output()
	if err != nil {
		t.Fatalf("export after SIGTERM: %v", err)
	}
	if n := strings.Count(string(out), "\n"); n < before.Articles {
		t.Errorf("%d articles after SIGTERM, %d were searchable before it", n, before.Articles)
	}
}
