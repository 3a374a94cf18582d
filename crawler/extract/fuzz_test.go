package extract

import (
	"testing"
	"unicode/utf8"

	"github.com/govnews/govnews/index"
	"golang.org/x/text/unicode/norm"
)

// FuzzExtract feeds arbitrary bytes and content types to the parser entry:
// it must not panic, and whatever it returns must be valid NFC text, a
// known kind and a date in Vietnam's zone.
func FuzzExtract(f *testing.F) {
	// Small seeds in each CMS's shape keep the fuzzer fast; whole fixture
	// pages slow it to a few executions a second.
	for _, seed := range []string{
		`<div class="portlet-boundary"><div class="asset-full-content"><h1 class="header-title"><span class="helper-hidden-accessible">null</span> Đại hội Đảng bộ</h1><div class="journal-content-article"><p>Ngày 28/5, Đảng bộ Sở tổ chức Đại hội.</p><p style="text-align:right"><b>Trúc Ly</b></p></div></div></div>`,
		`<form id="form1"><div class="ArticleHeader">Hỗ trợ kinh phí nhiệm vụ</div><div class="PostDate">Ngày đăng : 11/11/2022</div><div class="ArticleContent"><p>Quyết định số 250/QĐ-SKHCN.</p><p>MK</p></div></form>`,
		`<div id="s4-workspace"><h2 class="ms-blog-postTitle">Khảo sát mô hình</h2><div class="ms-blog-postDate">Đã đăng vào 15 Th3, 2019 lúc 7:28</div><div class="ms-blog-postBody"><div>Đoàn công tác.</div></div></div>`,
		`<table><tr><td class="tieude"><b>Tiêu đề</b></td></tr><tr><td>Cập nhật ngày 28.6.2016</td></tr><tr><td>Đoạn một.<br><br>Đoạn hai, ba.<br><center><img src="a.jpg"><br><i>Chú thích</i></center></td></tr></table>`,
		`<ul class="list-news"><li><a href="/1">Tin thứ nhất của chuyên mục tin tức</a> (12/10/2023)</li><li><a href="/2">Tin thứ hai của chuyên mục tin tức</a></li></ul>`,
	} {
		f.Add([]byte(seed), "")
	}
	f.Add([]byte("<meta charset=windows-1258><p>Ti\xeau \xf0\xec</p>"), "")
	f.Add([]byte(`<html><body><h1>Tiêu đề</h1><p>Ngày đăng: 11/11/2022</p><table><tr><td>a<br>b</td></tr></table></body></html>`), "text/html; charset=windows-1258")
	f.Add([]byte("\xef\xbb\xbf<p>Ngày 28/5</p>"), "text/html; charset=utf-8")
	f.Add([]byte("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2023-13-45\"}</script>"), "")
	f.Fuzz(func(t *testing.T, page []byte, contentType string) {
		r, err := Extract("https://example.gov.vn/p", page, contentType, Options{})
		if err != nil {
			return
		}
		for _, s := range []string{r.Title, r.Body, r.Lead, r.Author} {
			if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
				t.Fatalf("not valid NFC text: %q", s)
			}
		}
		switch r.Kind {
		case KindArticle, KindListing, KindOther:
		default:
			t.Fatalf("kind %q", r.Kind)
		}
		if !r.Published.IsZero() && r.Published.Location() != index.Zone {
			t.Fatalf("date %v not in %v", r.Published, index.Zone)
		}
	})
}
