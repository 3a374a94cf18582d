package index

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// All calls fn with every stored article, in id order, a page at a time so
// memory stays flat however large the index is. It stops at fn's first error.
func (ix *Index) All(fn func(Article) error) error {
	const page = 500
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.Fields = []string{FieldRaw}
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			return fmt.Errorf("index: iterate: %w", err)
		}
		for _, hit := range res.Hits {
			a, err := DecodeRaw(hit.Fields[FieldRaw])
			if err != nil {
				return fmt.Errorf("index: iterate %s: %w", hit.ID, err)
			}
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(res.Hits) < page {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// DecodeRaw decodes the stored JSON of an article, as a search hit's
// FieldRaw field gives it.
func DecodeRaw(v interface{}) (Article, error) {
	s, ok := v.(string)
	if !ok {
		return Article{}, fmt.Errorf("stored article missing")
	}
	var a Article
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return Article{}, fmt.Errorf("stored article unreadable: %w", err)
	}
	if !a.Published.IsZero() {
		a.Published = InZone(a.Published) // not In(Zone): see InZone, before 1906
	}
	if !a.FetchedAt.IsZero() {
		a.FetchedAt = InZone(a.FetchedAt)
	}
	return a, nil
}
