package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// nestedListing is a listing page pasted from Word: n unclosed <font> tags
// before the links, more open elements than x/net/html's 512.
func nestedListing(n int, hrefs ...string) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Tin tức</title></head><body><div class="list">`)
	for i := 0; i < n; i++ {
		b.WriteString(`<font face="Times New Roman" size="3">`)
	}
	for i, h := range hrefs {
		fmt.Fprintf(&b, `<p><a href="%s">Hội nghị tổng kết hoạt động khoa học và công nghệ số %d</a></p>`, h, i+1)
	}
	b.WriteString(`</div></body></html>`)
	return b.String()
}

// TestDeeplyNestedListingYieldsLinks: a listing page with more than 512
// open elements is parsed again with the inline tags flattened, as
// extraction does, and still yields its links.
func TestDeeplyNestedListingYieldsLinks(t *testing.T) {
	base := mustURL(t, "https://x.vn/tin-tuc")
	body := nestedListing(600, "/tin-tuc/hoi-nghi-tong-ket-1.html", "/tin-tuc/hoi-nghi-tong-ket-2.html")
	p, err := parsePage(base, []byte(body), "text/html; charset=utf-8")
	if err != nil {
		t.Fatalf("parsePage: %v", err)
	}
	var got []string
	for _, l := range p.links {
		got = append(got, l.URL.String())
	}
	want := []string{"https://x.vn/tin-tuc/hoi-nghi-tong-ket-1.html", "https://x.vn/tin-tuc/hoi-nghi-tong-ket-2.html"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links %v, want %v", got, want)
	}
}

// TestCrawlDeeplyNestedListing: the articles a deeply nested listing links
// are crawled and stored.
func TestCrawlDeeplyNestedListing(t *testing.T) {
	p := &miniPortal{}
	p.hook = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path != "/tin-tuc" {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, nestedListing(600, "/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-1.html", "/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-2.html"))
		return true
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("nested", srv.URL))
	if err != nil || sum.New != 2 || sum.Errors != 0 {
		t.Fatalf("summary %+v, %v; want 2 new articles, no error", sum, err)
	}
	for i := 1; i <= 2; i++ {
		u := fmt.Sprintf("%s/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-%d.html", srv.URL, i)
		if _, ok, err := e.ix.Get(u); err != nil || !ok {
			t.Errorf("%s not stored (%v)", u, err)
		}
	}
}
