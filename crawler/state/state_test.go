package state

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFrontierSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crawl.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := s.StartRun("ag", now, []Item{{URL: "https://a/1", Kind: KindListing}, {URL: "https://a/feed", Kind: KindFeed}}); err != nil {
		t.Fatal(err)
	}
	first, ok, err := s.Next("ag", 0)
	if err != nil || !ok || first.URL != "https://a/1" {
		t.Fatalf("Next = %+v %v %v", first, ok, err)
	}
	// Processing the listing finds two links, one of them already queued.
	added, seen, err := s.Apply(Change{
		Source:  "ag",
		Done:    []uint64{first.Seq},
		Records: map[string]Record{"https://a/1": {Kind: KindListing, ETag: `"v1"`}},
		Enqueue: []Item{{URL: "https://a/feed", Kind: KindFeed}, {URL: "https://a/art-1", Kind: KindArticle}},
		Seen:    []string{"https://a/known", "https://a/known"},
	})
	if err != nil || added != 1 || seen != 1 {
		t.Fatalf("Apply added %d, seen %d, %v; want 1, 1", added, seen, err)
	}
	s.Close()

	// A "killed" run: reopen and the frontier is still there, in order.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	run, _ := s.Run("ag")
	if !run.Running {
		t.Error("run not marked running after reopen")
	}
	var urls []string
	for after := uint64(0); ; {
		it, ok, err := s.Next("ag", after)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		urls = append(urls, it.URL)
		after = it.Seq
	}
	if strings.Join(urls, " ") != "https://a/feed https://a/art-1" {
		t.Errorf("frontier = %v", urls)
	}
	if n := s.Pending("ag"); n != 2 {
		t.Errorf("Pending = %d", n)
	}
	r, ok, _ := s.URL("https://a/1")
	if !ok || r.ETag != `"v1"` {
		t.Errorf("record = %+v %v", r, ok)
	}

	// A fresh run forgets the frontier and the queued set but not records.
	if err := s.StartRun("ag", now, []Item{{URL: "https://a/art-1", Kind: KindArticle}}); err != nil {
		t.Fatal(err)
	}
	if n := s.Pending("ag"); n != 1 {
		t.Errorf("Pending after new run = %d, want 1", n)
	}
	if err := s.FinishRun("ag", now, true, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if run, _ := s.Run("ag"); run.Running || run.LastComplete.IsZero() {
		t.Errorf("run after finish = %+v", run)
	}
}

func TestLockedByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crawl.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("second Open err = %v, want locked", err)
	}
}
