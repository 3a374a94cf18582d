package web

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// A cached result is never older than the index: a write, as a crawl makes,
// is visible to the very next search.
func TestCacheFollowsTheIndex(t *testing.T) {
	env := newTestEnv(t, nil)
	count := func() uint64 {
		_, body := env.get(t, "/api/search?q=ke+hoach")
		var res search.Result
		if err := json.Unmarshal(body, &res); err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := count(); n != 3 {
		t.Fatalf("before: %d", n)
	}
	if n := count(); n != 3 {
		t.Fatalf("cached: %d", n)
	}
	if err := env.ix.Put(index.Article{URL: "https://example.gov.vn/moi.html", Title: "Kế hoạch mới", Body: "Kế hoạch mới ban hành."}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 4 {
		t.Errorf("after a write: %d results, want 4 (stale cache)", n)
	}
}

func TestResultCache(t *testing.T) {
	gen := uint64(1)
	c := newResultCache(2, func() uint64 { return gen })
	runs := 0
	run := func(_ context.Context, req search.Request) (*search.Result, error) {
		runs++
		return &search.Result{Total: uint64(len(req.Query))}, nil
	}
	ctx := context.Background()
	steps := []struct {
		q        string
		facets   bool
		bump     bool
		wantRuns int
	}{
		{"a", false, false, 1},
		{"a", false, false, 1},  // hit
		{"a", true, false, 2},   // facets asked: another entry
		{"bb", false, false, 3}, // evicts "a" without facets (least recently used)
		{"a", true, false, 3},   // still there
		{"a", false, false, 4},  // was evicted
		{"a", false, true, 5},   // index changed
	}
	for i, st := range steps {
		if st.bump {
			gen++
		}
		res, err := c.search(ctx, search.Request{Query: st.q, Facets: st.facets}, run)
		if err != nil || res.Total != uint64(len(st.q)) {
			t.Fatalf("step %d: %v %v", i, res, err)
		}
		if runs != st.wantRuns {
			t.Errorf("step %d (%q facets=%v): %d searches run, want %d", i, st.q, st.facets, runs, st.wantRuns)
		}
	}
	if newResultCache(0, func() uint64 { return 0 }) != nil || newResultCache(10, nil) != nil {
		t.Error("cache should be off without a size or a generation")
	}
}
