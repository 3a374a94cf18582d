package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

// fixedCrawls is a scheduler with a fixed status, recording triggers. The
// real scheduler is tested in cmd/govnews; here only the HTTP side is.
type fixedCrawls struct {
	mu        sync.Mutex
	triggered []string
}

func (f *fixedCrawls) Sources() []SourceStatus {
	at := time.Date(2025, 5, 1, 8, 0, 0, 0, index.Zone)
	return []SourceStatus{
		{ID: "bentre", Name: "Cổng TTĐT tỉnh Bến Tre", Province: "Vĩnh Long", Schedule: "@every 6h", LastRun: at, LastEnd: at.Add(time.Minute), NextRun: at.Add(6 * time.Hour), Fetched: 12, New: 3, Articles: ptr(uint64(2))},
		{ID: "hue", Name: "Cổng TTĐT Huế", Schedule: "0 3 * * *", Running: true, LastRun: at, Worker: "crawler-2", Progress: &RunProgress{Fetched: 40, New: 7, Queued: 12}},
		{ID: "danang", Name: "Cổng TTĐT Đà Nẵng", Schedule: "@daily", LastError: "dial tcp: connection refused", Failed: true},
		{ID: "laocai", Name: "Cổng TTĐT tỉnh Lào Cai", Schedule: "@daily"},
	}
}

func (f *fixedCrawls) Trigger(id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch id {
	case "hue":
		return ErrBusy
	case "bentre", "danang":
		f.triggered = append(f.triggered, id)
		return nil
	}
	return ErrUnknownSource
}

func TestCrawlTrigger(t *testing.T) {
	crawls := &fixedCrawls{}
	env := newTestEnv(t, func(c *Config) { c.Crawls = crawls; c.AdminToken = "s3cret-token" })
	tests := []struct {
		name, source, auth string
		status             int
	}{
		{"no token", "bentre", "", 401},
		{"wrong token", "bentre", "Bearer guess", 401},
		{"token as basic", "bentre", "Basic s3cret-token", 401},
		{"right token", "bentre", "Bearer s3cret-token", 202},
		{"scheme in lower case", "danang", "bearer s3cret-token", 202},
		{"busy", "hue", "Bearer s3cret-token", 409},
		{"unknown source", "nowhere", "Bearer s3cret-token", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.auth != "" {
				h.Set("Authorization", tc.auth)
			}
			resp, body := env.do(t, "POST", "/api/sources/"+tc.source+"/crawl", h)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
		})
	}
	if strings.Join(crawls.triggered, ",") != "bentre,danang" {
		t.Errorf("triggered %v, want only the authorised ones", crawls.triggered)
	}
	// GET /api/sources shows the status, public.
	_, body := env.get(t, "/api/sources")
	var got struct{ Sources []SourceStatus }
	if err := json.Unmarshal(body, &got); err != nil || len(got.Sources) != 4 || got.Sources[0].NextRun.IsZero() {
		t.Errorf("sources %s (%v)", body, err)
	}
}

// Without a token in the config, starting a crawl by hand is off.
func TestCrawlTriggerDisabled(t *testing.T) {
	crawls := &fixedCrawls{}
	env := newTestEnv(t, func(c *Config) { c.Crawls = crawls })
	h := http.Header{"Authorization": {"Bearer "}}
	resp, _ := env.do(t, "POST", "/api/sources/bentre/crawl", h)
	if resp.StatusCode != 403 || len(crawls.triggered) != 0 {
		t.Errorf("status %d, triggered %v", resp.StatusCode, crawls.triggered)
	}
}

// Articles that could not be counted in time are null in /api/sources and
// "?" on /sources, never a 0 that reads as "this source has nothing".
func TestSourcesCountsThatFailAreUnknown(t *testing.T) {
	env := newTestEnv(t, func(c *Config) { c.Crawls = &fixedCrawls{}; c.RequestTimeout = time.Nanosecond; c.CacheSize = -1 })
	resp, body := env.get(t, "/api/sources")
	var out struct {
		Sources []map[string]json.RawMessage `json:"sources"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &out) != nil || len(out.Sources) == 0 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	for _, s := range out.Sources {
		if a, ok := s["articles"]; !ok || string(a) != "null" {
			t.Errorf("source %s: articles %s after counting timed out, want null", s["id"], a)
		}
	}
	if _, body := env.get(t, "/sources"); !strings.Contains(string(body), "Không đếm được lúc này") {
		t.Error("/sources shows no 'could not count' mark")
	}
	// Counted, they are numbers (bentre has 2 fixture articles).
	env = newTestEnv(t, func(c *Config) { c.Crawls = &fixedCrawls{} })
	_, body = env.get(t, "/api/sources")
	if !strings.Contains(string(body), `"id":"bentre"`) || strings.Contains(string(body), `"articles":null`) {
		t.Errorf("counted sources: %s", body)
	}
}
