package extract

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/govnews/govnews/index"
	"golang.org/x/text/unicode/norm"
)

// FuzzExtract feeds arbitrary bytes and content types to the parser entry:
// it must not panic, and whatever it returns must be valid NFC text, a
// known kind and a date in Vietnam's zone.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"aspnet-kinhphi.html", "table-nhiemvu.html", "aspnet-tiemchung-1258.html", "listing-liferay.html"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b, "")
		}
	}
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
