package index_test

import (
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// benchArticles is the corpus for benchmarks: the first n vi-news articles
// when ../shared is beside the checkout, generated ones otherwise.
func benchArticles(b *testing.B, n int) ([]index.Article, string) {
	wd, _ := os.Getwd()
	if p := corpus.FindViNews(wd); p != "" && os.Getenv("GOVNEWS_BENCH_GENERATED") == "" {
		arts, err := corpus.ReadViNews(p, n)
		if err != nil {
			b.Fatal(err)
		}
		return arts, "vi-news"
	}
	g := corpus.NewGenerator(1)
	arts := make([]index.Article, n)
	for i := range arts {
		arts[i] = g.Next()
	}
	return arts, "generated"
}

const benchBatch = 2000

// BenchmarkImport compares govnews' mapping with bleve's default mapping
// (the reference) on the same articles: articles/s and bytes on disk.
func BenchmarkImport(b *testing.B) {
	arts, name := benchArticles(b, 5000)
	b.Logf("corpus: %s, %d articles", name, len(arts))
	b.Run("govnews", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			dir := b.TempDir()
			ix, err := index.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			for k := 0; k < len(arts); k += benchBatch {
				if err := ix.Put(arts[k:min(k+benchBatch, len(arts))]...); err != nil {
					b.Fatal(err)
				}
			}
			ix.Close()
			b.ReportMetric(float64(dirBytes(dir))/float64(len(arts)), "disk-B/article")
		}
		b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
	})
	b.Run("bleve-default", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			dir := b.TempDir()
			bi, err := bleve.New(dir+"/index", bleve.NewIndexMapping())
			if err != nil {
				b.Fatal(err)
			}
			for k := 0; k < len(arts); k += benchBatch {
				batch := bi.NewBatch()
				for _, a := range arts[k:min(k+benchBatch, len(arts))] {
					batch.Index(a.URL, a)
				}
				if err := bi.Batch(batch); err != nil {
					b.Fatal(err)
				}
			}
			bi.Close()
			b.ReportMetric(float64(dirBytes(dir))/float64(len(arts)), "disk-B/article")
		}
		b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
	})
}

func dirBytes(dir string) int64 {
	var n int64
	var walk func(string)
	walk = func(d string) {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if e.IsDir() {
				walk(d + "/" + e.Name())
			} else if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
	}
	walk(dir)
	return n
}
