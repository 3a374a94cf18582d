package search

import (
	"context"
	"testing"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// BenchmarkSearch times each query shape over 5,000 generated articles.
// `govnews bench` gives p50/p99 at 20k and 1M articles.
func BenchmarkSearch(b *testing.B) {
	ix, err := index.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	g := corpus.NewGenerator(1)
	for k := 0; k < 5; k++ {
		batch := make([]index.Article, 1000)
		for i := range batch {
			batch[i] = g.Next()
		}
		if err := ix.Put(batch...); err != nil {
			b.Fatal(err)
		}
	}
	abData, _ := configs.File("abbreviations.yaml")
	ab, _ := ParseAbbreviations(abData, "abbreviations.yaml")
	s := New(ix, Options{Abbreviations: ab})
	shapes := map[string]Request{
		"word":          {Query: "kinh phí"},
		"no-diacritics": {Query: "bi thu dong thoi la chu tich"},
		"phrase":        {Query: `"khoa học và công nghệ"`},
		"abbreviation":  {Query: "UBND cấp xã"},
		"filtered":      {Query: "kinh phí", Provinces: []string{"Vĩnh Long"}, Sort: SortDate},
		"faceted":       {Query: "kinh phí", Facets: true},
		"snippets":      {Query: "kinh phí KH&CN", Snippets: true},
	}
	for name, req := range shapes {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.Search(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
