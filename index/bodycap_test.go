package index

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
			got, cut := capText(tc.in, tc.max)
			if got != tc.want || cut != tc.cut {
				t.Errorf("capText = %q, %v; want %q, %v", got, cut, tc.want, tc.cut)
			}
			if len(got) > tc.max || !utf8.ValidString(got) {
				t.Errorf("%d bytes (max %d), valid UTF-8 %v", len(got), tc.max, utf8.ValidString(got))
			}
		})
	}
}

// TestNormalizeCapsBody: whatever path an article comes by, Normalize
// stores at most MaxBodyBytes of body, cut between paragraphs, and the
// derived fields are those of the stored text.
func TestNormalizeCapsBody(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "Đoạn %d: Sở Khoa học và Công nghệ báo cáo kết quả thực hiện Quyết định 250/QĐ-SKHCN.\n\n", i)
	}
	a := Article{URL: "https://t.vn/bao-cao", Title: "Báo cáo", Body: b.String()}
	a.Normalize()
	if len(a.Body) > MaxBodyBytes || len(a.Body) < MaxBodyBytes*9/10 || !strings.HasSuffix(a.Body, "250/QĐ-SKHCN.") {
		t.Fatalf("body %d bytes (cap %d), ends %q", len(a.Body), MaxBodyBytes, a.Body[max(0, len(a.Body)-40):])
	}
	if a.ContentHash != ContentHash(a.Title, a.Body) {
		t.Errorf("content hash is not that of the stored body")
	}
}
