package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRedirectFromNonArticleLinkStoresArticle: a portal that moved
// answers its old links, which do not look like articles (short anchor
// text, no slug), with a 301 to the article's new URL. The article is
// stored in the run that follows the old link, under the new URL, and
// the next run neither stores it again nor loses it.
func TestRedirectFromNonArticleLinkStoresArticle(t *testing.T) {
	const moved = "/tin-tuc/hoi-nghi-tong-ket-khoa-hoc-cong-nghe-5005.html"
	for _, tc := range []struct {
		name    string
		pattern string
	}{
		{"link heuristic", ""},
		{"article_url_pattern", `/tin-tuc/[^/]+-\d+\.html$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &miniPortal{n: 1, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
				switch r.URL.Path {
				case "/tin-tuc":
					// One article linked directly, and the old link of another
					// with a menu-like anchor.
					fmt.Fprint(w, `<html><body><ul><li><a href="/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-1.html">Hội nghị tổng kết hoạt động khoa học và công nghệ số 1</a></li></ul>
<div class="box"><a href="/tin-cu/bac-ninh-68">Bắc Ninh</a></div></body></html>`)
					return true
				case "/tin-cu/bac-ninh-68":
					http.Redirect(w, r, moved, http.StatusMovedPermanently)
					return true
				}
				return false
			}}
			srv := httptest.NewServer(p)
			defer srv.Close()
			e := newEnv(t, t.TempDir())
			src := p.source("moved", srv.URL)
			src.ArticleURLPattern = tc.pattern
			sum, err := e.c.Crawl(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			a, ok, err := e.ix.Get(srv.URL + moved)
			if err != nil || !ok {
				t.Fatalf("the article behind the redirect is not stored (summary %+v, %v)", sum, err)
			}
			if !strings.HasPrefix(a.Title, "Hội nghị tổng kết") {
				t.Errorf("title %q", a.Title)
			}
			if sum.New != 2 {
				t.Errorf("new = %d, want 2", sum.New)
			}
			if _, ok, _ := e.ix.Get(srv.URL + "/tin-cu/bac-ninh-68"); ok {
				t.Error("stored under the old URL too")
			}
			sum, err = e.c.Crawl(context.Background(), src)
			if err != nil || sum.New != 0 || sum.Updated != 0 {
				t.Errorf("second run: %+v, %v", sum, err)
			}
			if n, _ := e.ix.Count(); n != 2 {
				t.Errorf("index holds %d articles, want 2", n)
			}
			p.mu.Lock()
			defer p.mu.Unlock()
			if got := p.hits[moved]; got != 1 {
				t.Errorf("the moved article was fetched %d times over two runs, want 1", got)
			}
		})
	}
}
