package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
)

// TestCrawlCapsHugeBody: a 3 MB article is stored with at most
// index.MaxBodyBytes of body, cut between paragraphs, and the log names
// the URL.
func TestCrawlCapsHugeBody(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>Báo cáo</title></head><body><article><h1>Báo cáo tổng hợp kết quả thực hiện nhiệm vụ khoa học năm 2025</h1>`)
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "<p>Đoạn %d: Sở Khoa học và Công nghệ báo cáo kết quả thực hiện các nhiệm vụ khoa học và công nghệ cấp tỉnh, đánh giá hiệu quả ứng dụng vào sản xuất và đời sống.</p>\n", i)
	}
	b.WriteString("</article></body></html>")
	srv := httptest.NewServer(onePagePortal([]byte(b.String()), "text/html; charset=utf-8"))
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	var logs syncBuffer
	e.c.log = slog.New(slog.NewTextHandler(&logs, nil))
	p := &miniPortal{}
	sum, err := e.c.Crawl(context.Background(), p.source("huge", srv.URL))
	if err != nil || sum.New != 1 {
		t.Fatalf("summary %+v, %v", sum, err)
	}
	u := srv.URL + "/tin-tuc/tang-cuong-cong-tac-tiem-chung-1234.html"
	a, ok, err := e.ix.Get(u)
	if err != nil || !ok {
		t.Fatalf("%s not stored (%v)", u, err)
	}
	if len(a.Body) > index.MaxBodyBytes || !strings.HasSuffix(a.Body, "đời sống.") {
		t.Errorf("stored body %d bytes (cap %d), ends %q", len(a.Body), index.MaxBodyBytes, a.Body[max(0, len(a.Body)-40):])
	}
	if l := logs.String(); !strings.Contains(l, "size cap") || !strings.Contains(l, u) {
		t.Errorf("no note naming %s in the log:\n%s", u, l)
	}
}

// A page that answers 404 counts as an error of the run, and the log says
// which one.
func TestCrawlNamesGonePages(t *testing.T) {
	p := &miniPortal{n: 3, hook: func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if strings.HasSuffix(r.URL.Path, "-2.html") {
			http.NotFound(w, r)
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	var logs syncBuffer
	e.c.log = slog.New(slog.NewTextHandler(&logs, nil))
	sum, err := e.c.Crawl(context.Background(), p.source("gone", srv.URL))
	if err != nil || sum.New != 2 || sum.Errors != 1 {
		t.Fatalf("summary %+v, %v; want 2 new, 1 error", sum, err)
	}
	gone := srv.URL + "/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-2.html"
	if l := logs.String(); !strings.Contains(l, "page gone") || !strings.Contains(l, gone) || !strings.Contains(l, "status=404") {
		t.Errorf("no warning naming %s and its status in the log:\n%s", gone, l)
	}
	// /sources shows the error count explained: the page and its status.
	if p := sum.Problem(); sum.Failed || !strings.Contains(p, gone) || !strings.Contains(p, "404") {
		t.Errorf("Problem() = %q (failed %v), want the gone page and its status", p, sum.Failed)
	}
}
