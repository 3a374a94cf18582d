package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
)

// TestHugeBodyCapped: a page with 3 MB of text keeps index.MaxBodyBytes of
// it, cut between paragraphs, and says so.
func TestHugeBodyCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><div class="content"><h1>Báo cáo tổng hợp kết quả thực hiện nhiệm vụ năm 2025</h1>`)
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "<p>Đoạn %d: Sở Khoa học và Công nghệ báo cáo kết quả thực hiện các nhiệm vụ khoa học và công nghệ cấp tỉnh, đánh giá hiệu quả ứng dụng vào sản xuất và đời sống.</p>\n", i)
	}
	b.WriteString("</div></body></html>")
	r, err := Extract("https://example.gov.vn/tin-tuc/bao-cao-1.html", []byte(b.String()), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Truncated || len(r.Body) > index.MaxBodyBytes || len(r.Body) < index.MaxBodyBytes*9/10 {
		t.Fatalf("body %d bytes, truncated %v; want at most %d, cut", len(r.Body), r.Truncated, index.MaxBodyBytes)
	}
	if !strings.HasSuffix(r.Body, "sản xuất và đời sống.") || !strings.HasPrefix(r.Body, "Đoạn 0:") {
		t.Errorf("not cut between paragraphs: …%q", r.Body[len(r.Body)-60:])
	}
}
