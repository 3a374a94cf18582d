package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/index"
)

// copyPortal serves one release under the given article paths, linked
// from /tin-tuc, as a province portal and a department portal both
// publish a People's Committee release word for word.
func copyPortal(paths ...string) http.Handler {
	page := `<html><head><meta charset="utf-8"><title>Thông cáo</title></head><body><article><h1>UBND tỉnh triển khai kế hoạch chuyển đổi số năm 2026</h1>
<p>Ngày 12/01/2026, Ủy ban nhân dân tỉnh ban hành kế hoạch chuyển đổi số năm 2026, giao các sở, ngành và địa phương triển khai ba nhóm nhiệm vụ trọng tâm.</p>
<p>Theo kế hoạch, đến cuối năm toàn bộ thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình và kinh phí thực hiện được bố trí từ ngân sách tỉnh.</p></article></body></html>`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/tin-tuc" {
			fmt.Fprint(w, "<html><body><ul>")
			for _, p := range paths {
				fmt.Fprintf(w, `<li><a href="%s">UBND tỉnh triển khai kế hoạch chuyển đổi số năm 2026</a></li>`, p)
			}
			fmt.Fprint(w, "</ul></body></html>")
			return
		}
		for _, p := range paths {
			if r.URL.Path == p {
				fmt.Fprint(w, page)
				return
			}
		}
		http.NotFound(w, r)
	})
}

// TestExactCopyOnAnotherPortalIsStored: the same text published by two
// portals is two articles, one per source, in one near-duplicate group, so
// a source filter finds the copy its portal published; the same text under
// two URLs of one portal is still stored once.
func TestExactCopyOnAnotherPortalIsStored(t *testing.T) {
	province := httptest.NewServer(copyPortal("/tin-tuc/chuyen-doi-so-2026.html", "/in/chuyen-doi-so-2026.html"))
	defer province.Close()
	department := httptest.NewServer(copyPortal("/tin-tuc/ubnd-trien-khai-chuyen-doi-so.html"))
	defer department.Close()

	e := newEnv(t, t.TempDir())
	src := func(id, base string) sources.Source {
		return sources.Source{ID: id, Name: id, Province: "Huế", StartURLs: []string{base + "/tin-tuc"}, Delay: time.Millisecond}
	}
	// One after the other: the province's article is stored first, as the
	// original; the department's copy must not be taken for a duplicate.
	sumP, err := e.c.Crawl(context.Background(), src("so-tinh", province.URL))
	if err != nil {
		t.Fatal(err)
	}
	sumD, err := e.c.Crawl(context.Background(), src("so-khcn", department.URL))
	if err != nil {
		t.Fatal(err)
	}
	if sumP.New != 1 || sumD.New != 1 {
		t.Errorf("new articles: province %d (want 1: its two URLs are one article), department %d (want 1: its copy)", sumP.New, sumD.New)
	}
	if n, _ := e.ix.Count(); n != 2 {
		t.Fatalf("index holds %d articles, want 2 (one per portal)", n)
	}
	orig, ok1, _ := e.ix.Get(province.URL + "/tin-tuc/chuyen-doi-so-2026.html")
	cp, ok2, _ := e.ix.Get(department.URL + "/tin-tuc/ubnd-trien-khai-chuyen-doi-so.html")
	if !ok1 || !ok2 {
		t.Fatalf("stored: province's %v, department's %v; want both", ok1, ok2)
	}
	if orig.Source != "so-tinh" || cp.Source != "so-khcn" {
		t.Errorf("sources %q and %q, want so-tinh and so-khcn", orig.Source, cp.Source)
	}
	if orig.Group == "" || orig.Group != cp.Group {
		t.Errorf("groups %q and %q: the copy must join the original's group", orig.Group, cp.Group)
	}
	if orig.Group != index.ID(orig.URL) {
		t.Errorf("group %q is not named by the original %s", orig.Group, index.ID(orig.URL))
	}

	// A recrawl of the department fetches its copy again (it may have
	// changed) but stores nothing new.
	sumD, err = e.c.Crawl(context.Background(), src("so-khcn", department.URL))
	if err != nil {
		t.Fatal(err)
	}
	if sumD.New != 0 {
		t.Errorf("recrawl stored %d new articles, want 0", sumD.New)
	}
	if n, _ := e.ix.Count(); n != 2 {
		t.Errorf("index holds %d articles after a recrawl, want 2", n)
	}
}
