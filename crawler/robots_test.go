package crawler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
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
	for name, tc := range map[string]struct {
		robots func(http.ResponseWriter)
		says   string // what the summary tells the operator to look at
	}{
		"disallow all": {func(w http.ResponseWriter) { fmt.Fprint(w, "User-agent: *\nDisallow: /\n") }, "robots.txt disallows the start URLs"},
		"503":          {func(w http.ResponseWriter) { http.Error(w, "busy", http.StatusServiceUnavailable) }, "robots.txt answered HTTP 503, which keeps the whole site out"},
	} {
		robots := tc.robots
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
			var logged bytes.Buffer
			e.c.log = slog.New(slog.NewTextHandler(&logged, nil))
			sum, err := e.c.Crawl(context.Background(), p.source("closed", srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			// Logged as it happens, even when a run goes on from elsewhere.
			if name == "disallow all" && !strings.Contains(logged.String(), `msg="robots.txt disallows a start URL; it is not fetched"`) {
				t.Errorf("no warning naming the disallowed start URL in the log:\n%s", logged.String())
			}
			if !sum.Failed || !strings.Contains(sum.Err, tc.says) {
				t.Errorf("summary: failed %v, %q; want %q", sum.Failed, sum.Err, tc.says)
			}
			if name == "disallow all" && !strings.Contains(sum.Err, srv.URL+"/tin-tuc") {
				t.Errorf("summary %q does not name the start URL", sum.Err)
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
