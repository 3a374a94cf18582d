package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRobotsDisallowAllIsReported: a robots.txt that disallows everything
// is what the summary says, not "no page could be fetched" with errors=0.
func TestRobotsDisallowAllIsReported(t *testing.T) {
	p := &miniPortal{n: 2, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("closed", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Failed || !strings.Contains(sum.Err, "robots.txt disallows the start URLs") || !strings.Contains(sum.Err, srv.URL+"/tin-tuc") {
		t.Errorf("summary: failed %v, %q; want robots.txt named with the start URL", sum.Failed, sum.Err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for path, n := range p.hits {
		if path != "/robots.txt" {
			t.Errorf("%s requested %d times despite robots.txt", path, n)
		}
	}
}

// A robots.txt that answers 5xx disallows the whole site (RFC 9309), as
// docs/crawling.md says: the source fails naming robots.txt, and no page
// but robots.txt is requested.
func TestRobotsServerErrorDisallowsAll(t *testing.T) {
	p := &miniPortal{n: 2, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("unavailable", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Failed || !strings.Contains(sum.Err, "robots.txt disallows") {
		t.Errorf("summary: failed %v, %q; want robots.txt named", sum.Failed, sum.Err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for path, n := range p.hits {
		if path != "/robots.txt" {
			t.Errorf("%s requested %d times though robots.txt answered 503", path, n)
		}
	}
}
