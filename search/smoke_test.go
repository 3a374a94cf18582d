package search

import (
	"context"
	"testing"
	"time"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index"
)

func TestSmoke(t *testing.T) {
	ix, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	data, _ := configs.File("abbreviations.yaml")
	ab, err := ParseAbbreviations(data, "abbreviations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = ix.Put(index.Article{URL: "http://a/1", Title: "Hỗ trợ kinh phí", Body: "Sở khoa học ban hành Quyết định số 250/QĐ-SKHCN về kinh phí KH&CN. Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã.", Published: time.Date(2022, 11, 11, 0, 0, 0, 0, index.Zone), Province: "An Giang"},
		index.Article{URL: "http://a/2", Title: "Khác", Body: "Ủy ban nhân dân cấp xã họp về đường giao thông. Hoà bình."})
	if err != nil {
		t.Fatal(err)
	}
	s := New(ix, Options{Abbreviations: ab})
	for _, q := range []string{"bi thu dong thoi la chu tich", "250/QĐ-SKHCN", "\"UBND cấp xã\"", "ubnd", "hòa", "kh&cn", "\"khoa học và công nghệ\"", "kinh phi -\"cap xa\"", "đường OR quyết"} {
		res, err := s.Search(context.Background(), Request{Query: q, Snippets: true, Facets: true})
		if err != nil {
			t.Fatal(q, err)
		}
		t.Logf("%q: %d", q, res.Total)
		for _, h := range res.Hits {
			t.Logf("   %s %.3f %s", h.URL, h.Score, h.Snippet)
		}
	}
}
