package extract

import (
	"strings"
	"testing"
)

// TestDeeplyNestedMarkupExtracts: text pasted from Word leaves hundreds of
// unclosed inline tags; x/net/html refuses more than 512 open elements,
// Chromium renders the page, and so must extraction read it.
func TestDeeplyNestedMarkupExtracts(t *testing.T) {
	paras := []string{
		"Ngày 07/3/2026, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2026.",
		"Hội nghị thống nhất giao các sở, ngành rà soát thủ tục hành chính, đẩy mạnh dịch vụ công trực tuyến toàn trình và hoàn thành cơ sở dữ liệu chuyên ngành trong quý II.",
		"Phát biểu kết luận, đồng chí Chủ tịch Ủy ban nhân dân tỉnh đề nghị các địa phương bố trí đủ kinh phí và nhân lực cho các nhiệm vụ đã đề ra.",
	}
	page := func(open func(i int) string, n int) string {
		var b strings.Builder
		b.WriteString(`<html><head><title>Triển khai nhiệm vụ khoa học công nghệ năm 2026</title></head><body><div class="content"><h1>Triển khai nhiệm vụ khoa học công nghệ năm 2026</h1>`)
		for i := 0; i < n; i++ {
			b.WriteString(open(i))
		}
		for _, p := range paras {
			b.WriteString("<p>" + p + "</p>\n")
		}
		b.WriteString("</div></body></html>")
		return b.String()
	}
	for _, tc := range []struct {
		name string
		html string
	}{
		{"600 unclosed font", page(func(int) string { return `<font face="Times New Roman" size="3">` }, 600)},
		{"600 unclosed span", page(func(int) string { return `<span style="font-size:13pt">` }, 600)},
		{"mixed Word tags", page(func(i int) string {
			return []string{`<font color="#000">`, `<span lang="VI">`, `<b>`, `<i>`, `<o:p>`}[i%5]
		}, 1000)},
		{"900 nested div", page(func(int) string { return `<div class="MsoNormal">` }, 900)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://example.gov.vn/tin-tuc/trien-khai-1.html", []byte(tc.html), "text/html; charset=utf-8", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != "Triển khai nhiệm vụ khoa học công nghệ năm 2026" {
				t.Errorf("title %q", r.Title)
			}
			for _, p := range paras {
				if !strings.Contains(r.Body, p) {
					t.Errorf("body lacks %.40q…; body %.300q", p, r.Body)
				}
			}
			if r.Kind != KindArticle {
				t.Errorf("kind %q, want article", r.Kind)
			}
		})
	}
}

// TestFlattenInlineKeepsShallowMarkup: the flattening only drops tags
// beyond the depth limit and their own end tags.
func TestFlattenInlineKeepsShallowMarkup(t *testing.T) {
	in := `<p><b>đậm</b> <span class="date">07/03/2026</span><script>if (a<b) x()</script></p>`
	if got := flattenInline(in); got != in {
		t.Errorf("flattenInline changed shallow markup:\n%s\n%s", in, got)
	}
	deep := strings.Repeat("<font>", 100) + "chữ" + strings.Repeat("</font>", 100) + "<b>sau</b>"
	got := flattenInline(deep)
	if want := strings.Repeat("<font>", maxInlineOpen) + "chữ" + strings.Repeat("</font>", maxInlineOpen) + "<b>sau</b>"; got != want {
		t.Errorf("flattenInline(deep) = %q", got)
	}
}
