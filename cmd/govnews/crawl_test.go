package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/index"
)

// crawlConfig writes the simulator's portals (and extra raw YAML sources)
// as a sources file with the given delay.
// startSim serves simulated portals on loopback until the test ends.
func startSim(t *testing.T, opts portalsim.Options) *portalsim.Sim {
	t.Helper()
	sim, err := portalsim.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	return sim
}

func crawlConfig(t *testing.T, sim *portalsim.Sim, delay string, extra ...map[string]any) string {
	t.Helper()
	var list []map[string]any
	for _, s := range sim.Sources() {
		list = append(list, map[string]any{"id": s.ID, "name": s.Name, "province": s.Province, "start_urls": s.StartURLs, "delay": delay})
	}
	list = append(list, extra...)
	b, err := yaml.Marshal(map[string]any{"sources": list})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func storedURLs(t *testing.T, data string) map[string]bool {
	t.Helper()
	ix, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	out := map[string]bool{}
	if err := ix.All(func(a index.Article) error {
		if out[a.URL] {
			t.Errorf("%s stored twice", a.URL)
		}
		out[a.URL] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCrawlCommand(t *testing.T) {
	sim := startSim(t, portalsim.Options{Portals: 3, Articles: 15, Slow: 10 * time.Millisecond})
	cfg := crawlConfig(t, sim, "1ms")
	data := t.TempDir()

	code, out, stderr := runCLI(t, "", "crawl", "--config", cfg, "--data", data)
	if code != exitOK {
		t.Fatalf("crawl exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"SOURCE", "REQUESTS", "NEW", "UPDATED", "UNCHANGED", "ERRORS", "sim-0", "sim-2"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	stored := storedURLs(t, data)
	for _, a := range sim.Articles() {
		if !stored[a.URL] {
			t.Errorf("article %s not stored", a.URL)
		}
	}
	if len(stored) != len(sim.Articles()) {
		t.Errorf("%d stored, want %d", len(stored), len(sim.Articles()))
	}

	// Only one source, and a page limit.
	code, out, _ = runCLI(t, "", "crawl", "--config", cfg, "--data", data, "--source", "sim-1", "--max-pages", "3")
	if code != exitOK || strings.Contains(out, "sim-0") || !strings.Contains(out, "sim-1") {
		t.Errorf("--source sim-1: exit %d\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, "", "crawl", "--config", cfg, "--data", data, "--source", "nope"); code != exitUsage || !strings.Contains(stderr, `"nope"`) {
		t.Errorf("unknown --source: exit %d, %s", code, stderr)
	}

	// Re-extraction over the stored pages fetches nothing.
	sim.ResetLog()
	code, out, stderr = runCLI(t, "", "reindex", "--data", data, "--reextract", "--config", cfg)
	want := fmt.Sprintf("%d articles stored again; %d re-extracted", len(stored), len(stored))
	if code != exitOK || !strings.Contains(out, want) {
		t.Errorf("reindex: exit %d, %q, want %q; %s", code, out, want, stderr)
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("reindex made %d requests", n)
	}
	if after := storedURLs(t, data); len(after) != len(stored) {
		t.Errorf("reindex changed the article count: %d → %d", len(stored), len(after))
	}
}

func TestCrawlFailingSource(t *testing.T) {
	sim := startSim(t, portalsim.Options{Portals: 1, Articles: 5})
	// A port nothing listens on: every request fails.
	dead := map[string]any{"id": "dead", "name": "Cổng không hoạt động", "province": "Huế", "start_urls": []string{"http://127.0.0.1:1/"}, "delay": "1ms"}
	cfg := crawlConfig(t, sim, "1ms", dead)
	code, out, stderr := runCLI(t, "", "crawl", "--config", cfg, "--data", t.TempDir())
	if code != exitPartial || !strings.Contains(stderr, `source "dead" failed`) || !strings.Contains(out, "sim-0") {
		t.Errorf("exit %d (want %d)\n%s\n%s", code, exitPartial, out, stderr)
	}
	cfg = crawlConfig(t, sim, "1ms", dead)
	code, _, _ = runCLI(t, "", "crawl", "--config", cfg, "--data", t.TempDir(), "--source", "dead")
	if code != exitFailure {
		t.Errorf("only a dead source: exit %d, want %d", code, exitFailure)
	}
}

func TestSourcesCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "", "sources")
	if code != exitOK || !strings.Contains(out, "angiang-skhcn") || !strings.Contains(out, "Bến Tre → Vĩnh Long") {
		t.Errorf("shipped sources: exit %d\n%s\n%s", code, out, stderr)
	}
	bad := filepath.Join(t.TempDir(), "sources.yaml")
	os.WriteFile(bad, []byte("sources:\n  - id: x\n    name: X\n    province: Atlantis\n    start_urls: [https://x.example/]\n  - id: y\n    name: Y\n    province: Bến Tre\n    start_urls: [\"ht!tp://\"]\n  - id: z\n    name: Z\n    province: An Giang\n    province_old: Hà Giang\n    start_urls: [https://z.example/]\n"), 0o644)
	code, _, stderr = runCLI(t, "", "sources", "--config", bad)
	for _, want := range []string{`sources.yaml:2: source "x": province: "Atlantis" is not a province`, `sources.yaml:6: source "y": start_urls[0]: "ht!tp://" is not an absolute http(s) URL`,
		`sources.yaml:10: source "z": province_old: "Hà Giang" became part of Tuyên Quang, not of "An Giang" (province)`} {
		if code != exitFailure || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
}

// TestCrawlKill9 kills a real govnews crawl with SIGKILL mid-way, runs it
// again, and checks that every article is stored exactly once and that no
// article stored before the kill was fetched again.
func TestCrawlKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "govnews")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Skipf("cannot build govnews: %v\n%s", err, out)
	}
	sim := startSim(t, portalsim.Options{Portals: 2, Articles: 60, PerPage: 10, Slow: 10 * time.Millisecond})
	cfg := crawlConfig(t, sim, "20ms")
	data := t.TempDir()
	articleFetches := func() map[string]int {
		n := map[string]int{}
		for _, r := range sim.Requests() {
			if id, ok := sim.ArticleID(r.Portal, r.Path); ok {
				n[fmt.Sprintf("%d/%d", r.Portal, id)]++
			}
		}
		return n
	}

	cmd := exec.Command(bin, "crawl", "--config", cfg, "--data", data, "--batch", "4", "--log-level", "error")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(articleFetches()) < 50 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill() // SIGKILL: no flush, no cleanup
	cmd.Wait()
	before := storedURLs(t, data)
	if len(before) == 0 || len(before) >= len(sim.Articles()) {
		t.Fatalf("kill landed badly: %d of %d articles stored before it", len(before), len(sim.Articles()))
	}
	t.Logf("killed with %d of %d articles stored", len(before), len(sim.Articles()))

	sim.ResetLog()
	if out, err := exec.Command(bin, "crawl", "--config", cfg, "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	after := storedURLs(t, data)
	for _, a := range sim.Articles() {
		if !after[a.URL] {
			t.Errorf("article %s lost", a.URL)
		}
	}
	if len(after) != len(sim.Articles()) {
		t.Errorf("%d stored after resume, want %d", len(after), len(sim.Articles()))
	}
	for _, r := range sim.Requests() {
		if !sim.IsArticlePath(r.Portal, r.Path) {
			continue
		}
		u, _ := url.Parse(sim.Sources()[r.Portal].StartURLs[0])
		if full := u.Scheme + "://" + u.Host + r.Path; before[full] {
			t.Errorf("stored article %s fetched again after the kill", full)
		}
	}
}

// Ctrl-C mid-crawl is exit 130, not 1 ("every source failed"): a script
// that reruns interrupted crawls must tell the two apart. The next run
// finishes the job.
func TestCrawlInterruptedExits130AndResumes(t *testing.T) {
	sim := startSim(t, portalsim.Options{Portals: 2, Articles: 30, Slow: 20 * time.Millisecond})
	cfg := crawlConfig(t, sim, "1ms")
	data := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond) // as SIGINT would, mid-crawl
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"crawl", "--config", cfg, "--data", data}, strings.NewReader(""), &out, &errOut)
	if code != exitInterrupted || !strings.Contains(errOut.String(), "interrupted") {
		t.Fatalf("interrupted crawl: exit %d, want %d\n%s", code, exitInterrupted, errOut.String())
	}
	if n := len(storedURLs(t, data)); n >= len(sim.Articles()) {
		t.Fatalf("the crawl finished (%d articles) before it was interrupted; slow the portals down", n)
	}
	if code, _, stderr := runCLI(t, "", "crawl", "--config", cfg, "--data", data); code != exitOK {
		t.Fatalf("second crawl: exit %d: %s", code, stderr)
	}
	stored := storedURLs(t, data)
	for _, a := range sim.Articles() {
		if !stored[a.URL] {
			t.Errorf("article %s not stored after the second crawl", a.URL)
		}
	}
}

// A crawl under cron has no progress bar: it logs its progress now and
// then, so a long run does not look like a hang; with --log-json the
// elapsed time reads as a duration, not nanoseconds.
func TestCrawlLogsProgressWithoutATerminal(t *testing.T) {
	sim := startSim(t, portalsim.Options{Portals: 1, Articles: 20, Slow: 20 * time.Millisecond})
	cfg := crawlConfig(t, sim, "1ms")
	code, _, stderr := runCLI(t, "", "--log-json", "--progress-every", "100ms", "crawl", "--config", cfg, "--data", t.TempDir())
	if code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	var reports []map[string]any
	for _, line := range strings.Split(stderr, "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "crawl: progress" {
			reports = append(reports, rec)
		}
	}
	if len(reports) == 0 {
		t.Fatalf("no progress report in:\n%s", stderr)
	}
	last := reports[len(reports)-1]
	if n, _ := last["pages"].(float64); n < 1 {
		t.Errorf("progress report counts no page: %v", last)
	}
	if d, ok := last["elapsed"].(string); !ok || !strings.HasSuffix(d, "s") {
		t.Errorf("elapsed = %#v, want a duration such as \"1.2s\"", last["elapsed"])
	}
	if code, _, stderr := runCLI(t, "", "--progress-every", "-1s", "stats", "--data", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "--progress-every") {
		t.Errorf("negative --progress-every: exit %d, %s", code, stderr)
	}
}
