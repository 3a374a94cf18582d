package rankeval

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
	"github.com/govnews/govnews/search"
)

// A System answers a query with ranked URLs.
type System interface {
	Name() string
	Search(q string, k int) ([]string, error)
}

// Run runs every query and returns the rankings by query ID, and the
// slowest and total time.
func Run(sys System, queries []Judged, k int) (map[string][]string, time.Duration, error) {
	out := make(map[string][]string, len(queries))
	var total time.Duration
	for _, q := range queries {
		start := time.Now()
		urls, err := sys.Search(q.Query, k)
		total += time.Since(start)
		if err != nil {
			return nil, 0, fmt.Errorf("rankeval: %s: query %s %q: %w", sys.Name(), q.ID, q.Query, err)
		}
		out[q.ID] = urls
	}
	return out, total, nil
}

// Govnews is the project's search, default sort (relevance).
type Govnews struct{ S *search.Searcher }

func (g Govnews) Name() string { return "govnews" }

func (g Govnews) Search(q string, k int) ([]string, error) {
	res, err := g.S.Search(context.Background(), search.Request{Query: q, Limit: k})
	if err != nil {
		return nil, err
	}
	urls := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		urls[i] = h.URL
	}
	return urls, nil
}

// Bleve is bleve's default mapping with a match query (every field into
// _all, the standard analyzer), scored with TF-IDF or, with BM25 set,
// bleve's BM25: the reference a new bleve user gets.
type Bleve struct {
	ix   bleve.Index
	BM25 bool
}

func (b *Bleve) Name() string {
	if b.BM25 {
		return "bleve default mapping, BM25"
	}
	return "bleve default mapping"
}

// BuildBleve indexes articles (title and body, NFC) with bleve's default
// mapping in dir.
func BuildBleve(dir string, arts []index.Article, bm25 bool) (*Bleve, error) {
	m := mapping.NewIndexMapping()
	if bm25 {
		m.ScoringModel = "bm25"
	}
	ix, err := bleve.New(filepath.Join(dir, "bleve"), m)
	if err != nil {
		return nil, fmt.Errorf("rankeval: %w", err)
	}
	batch := ix.NewBatch()
	for _, a := range arts {
		doc := map[string]string{"title": vietnamese.NFC(a.Title), "body": vietnamese.NFC(a.Body)}
		if err := batch.Index(a.URL, doc); err != nil {
			return nil, err
		}
		if batch.Size() >= 1000 {
			if err := ix.Batch(batch); err != nil {
				return nil, err
			}
			batch = ix.NewBatch()
		}
	}
	if err := ix.Batch(batch); err != nil {
		return nil, err
	}
	return &Bleve{ix: ix, BM25: bm25}, nil
}

func (b *Bleve) Search(q string, k int) ([]string, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(vietnamese.NFC(q)), k, 0, false)
	res, err := b.ix.Search(req)
	if err != nil {
		return nil, err
	}
	urls := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		urls[i] = h.ID
	}
	return urls, nil
}

func (b *Bleve) Close() error { return b.ix.Close() }
