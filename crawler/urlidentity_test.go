package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
)

// TestCrawledAndImportedURLsAreOneArticle: a link the crawler follows,
// written with an upper-case scheme and host, a default port, tracking
// parameters and a fragment, is stored under the URL that import makes of
// the same spelling (index.CheckURL), so importing it replaces the crawled
// article instead of adding a second one.
func TestCrawledAndImportedURLsAreOneArticle(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>Bài</title></head><body><article><h1>Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2025</h1>
<p>Ngày 09/11/2025, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết hoạt động khoa học và công nghệ năm 2025 và triển khai nhiệm vụ năm 2026.</p>
<p>Theo báo cáo, trong năm qua ngành đã thực hiện nhiều nhiệm vụ nghiên cứu, chuyển giao tiến bộ kỹ thuật cho nông dân và hỗ trợ doanh nghiệp đổi mới công nghệ.</p></article></body></html>`
	var link string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/tin-tuc":
			fmt.Fprintf(w, `<html><body><a href="%s">Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2025</a></body></html>`, link)
		case "/tin-tuc/hoi-nghi-tong-ket-khoa-hoc-2025.html":
			fmt.Fprint(w, page)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	link = "HTTP://" + strings.ToUpper(host) + "/tin-tuc/hoi-nghi-tong-ket-khoa-hoc-2025.html?utm_source=zalo&fbclid=abc#binh-luan"

	e := newEnv(t, t.TempDir())
	p := &miniPortal{}
	sum, err := e.c.Crawl(context.Background(), p.source("one", srv.URL))
	if err != nil || sum.New != 1 {
		t.Fatalf("summary %+v, %v", sum, err)
	}

	imported, err := index.CheckURL(link)
	if err != nil {
		t.Fatal(err)
	}
	if crawled := resolve(mustURL(t, srv.URL+"/tin-tuc"), link).String(); crawled != imported {
		t.Errorf("crawler reads the link as %s, import as %s", crawled, imported)
	}
	a, ok, err := e.ix.Get(imported)
	if err != nil || !ok {
		t.Fatalf("crawled article not found under the imported URL %s (%v)", imported, err)
	}
	if index.ID(a.URL) != index.ID(imported) {
		t.Errorf("crawled id %s (%s), imported id %s (%s)", index.ID(a.URL), a.URL, index.ID(imported), imported)
	}
	// Importing it stores the same article again, under the same id.
	a.Title = "Bản nhập"
	a.URL = imported
	if err := e.ix.Put(a); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.ix.Count(); n != 1 {
		t.Errorf("%d articles after importing the crawled URL; want 1", n)
	}
	if got, ok, _ := e.ix.Get(imported); !ok || got.Title != "Bản nhập" {
		t.Errorf("import did not replace the crawled article: %+v", got)
	}
}
