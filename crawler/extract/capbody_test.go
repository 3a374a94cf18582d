package extract

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCapText(t *testing.T) {
	para := "Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết. Các đại biểu thảo luận về nhiệm vụ năm tới."
	for _, tc := range []struct {
		name, in string
		max      int
		want     string
		cut      bool
	}{
		{"short", para, 1000, para, false},
		{"paragraph boundary", para + "\n\n" + para + "\n\n" + para, len(para)*2 + 10, para + "\n\n" + para, true},
		{"sentence boundary", para + " " + para, len(para) + 40, para, true},
		{"space", strings.Repeat("chữ ", 100), 101, strings.TrimSpace(strings.Repeat("chữ ", 16)), true},
		{"rune boundary", strings.Repeat("ữ", 100), 100, strings.Repeat("ữ", 33), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := CapText(tc.in, tc.max)
			if got != tc.want || cut != tc.cut {
				t.Errorf("CapText = %q, %v; want %q, %v", got, cut, tc.want, tc.cut)
			}
			if len(got) > tc.max || !utf8.ValidString(got) {
				t.Errorf("%d bytes (max %d), valid UTF-8 %v", len(got), tc.max, utf8.ValidString(got))
			}
		})
	}
}

// TestHugeBodyCapped: a page with 3 MB of text keeps MaxBodyText of it,
// cut between paragraphs, and says so.
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
	if !r.Truncated || len(r.Body) > MaxBodyText || len(r.Body) < MaxBodyText*9/10 {
		t.Fatalf("body %d bytes, truncated %v; want at most %d, cut", len(r.Body), r.Truncated, MaxBodyText)
	}
	if !strings.HasSuffix(r.Body, "sản xuất và đời sống.") || !strings.HasPrefix(r.Body, "Đoạn 0:") {
		t.Errorf("not cut between paragraphs: …%q", r.Body[len(r.Body)-60:])
	}
}
