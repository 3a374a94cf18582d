package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A robots.txt that disallows everything, or that answers 5xx (RFC 9309,
// docs/crawling.md), keeps the whole site out: the summary names robots.txt
// and the start URL, not "no page could be fetched" with errors=0, and no
// page but robots.txt is requested.
func TestRobotsKeepTheSiteOut(t *testing.T) {
	for name, robots := range map[string]func(http.ResponseWriter){
		"disallow all": func(w http.ResponseWriter) { fmt.Fprint(w, "User-agent: *\nDisallow: /\n") },
		"503":          func(w http.ResponseWriter) { http.Error(w, "busy", http.StatusServiceUnavailable) },
	} {
		t.Run(name, func(t *testing.T) {
			p := &miniPortal{n: 2, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
				if r.URL.Path == "/robots.txt" {
					robots(w)
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
		})
	}
}
