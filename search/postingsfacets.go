package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"sort"

	bsearch "github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index"
)

// Facet counts in the page's own search.
//
// bleve counts facets in a search of their own beside the page's (a
// second walk of the same matches) by visiting the doc values of every
// hit: for a long query that matches 900,000 of a million articles, that
// was a quarter of a faceted question's time. A page search by relevance
// sees every hit anyway (topScores): it notes each in a bitset, then
// counts the values of the combined facet field (index.FieldFacets)
// either per hit from doc values, as bleve does, when hits are few, or,
// when they are many, by walking the postings of every value (a few
// hundred terms, some five per article) and counting the hits among
// them: a cost that does not grow with the hits. Either way the result is
// the FacetResult bleve's builder would give.

// pageFacetsKey marks a page search that counts its own facets.
type pageFacetsKey struct{}

// docBits is a growable bitset of document numbers.
type docBits []uint64

func (b *docBits) set(n uint64) {
	i := int(n >> 6)
	if i >= len(*b) {
		*b = append(*b, make([]uint64, i+1-len(*b)+len(*b)/4)...)
	}
	(*b)[i] |= 1 << (n & 63)
}

func (b docBits) has(n uint64) bool {
	i := int(n >> 6)
	return i < len(b) && b[i]&(1<<(n&63)) != 0
}

// postingsShare: with hits over this share of the articles, counting
// from postings (some 50 ns an article, hit or not) beats visiting each
// hit's doc values (some 500 ns a hit).
const postingsShare = 0.1

// countFacets counts, per value of the combined facet field, the n
// documents of hits, as bleve's terms facet builder would report them
// (most documents first, then by value).
func countFacets(ctx context.Context, r bleveindex.IndexReader, hits docBits, n uint64) (*bsearch.FacetResult, error) {
	docs, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	var res *bsearch.FacetResult
	if float64(n) > postingsShare*float64(docs) {
		res, err = postingsFacets(ctx, r, hits)
	} else {
		res, err = docValueFacets(r, hits)
	}
	if err != nil {
		return nil, err
	}
	sort.Sort(res.Terms)
	if res.Terms.Len() > combinedFacetSize {
		for _, t := range res.Terms.Terms()[combinedFacetSize:] {
			res.Other += t.Count
		}
		res.Terms.TrimToTopN(combinedFacetSize)
	}
	return res, nil
}

// docValueFacets counts from each hit's doc values.
func docValueFacets(r bleveindex.IndexReader, hits docBits) (*bsearch.FacetResult, error) {
	dvr, err := r.DocValueReader([]string{index.FieldFacets})
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	counts := map[string]int{}
	id := make(bleveindex.IndexInternalID, 8)
	for w, word := range hits {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &^= 1 << b
			binary.BigEndian.PutUint64(id, uint64(w)<<6|uint64(b))
			if err := dvr.VisitDocValues(id, func(_ string, term []byte) { counts[string(term)]++ }); err != nil {
				return nil, fmt.Errorf("facets: %w", err)
			}
		}
	}
	res := &bsearch.FacetResult{Field: index.FieldFacets, Terms: &bsearch.TermFacets{}}
	for t, n := range counts {
		res.Terms.Add(&bsearch.TermFacet{Term: t, Count: n})
		res.Total += n
	}
	return res, nil
}

// postingsFacets counts from the postings of every value.
func postingsFacets(ctx context.Context, r bleveindex.IndexReader, hits docBits) (*bsearch.FacetResult, error) {
	dict, err := r.FieldDict(index.FieldFacets)
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	defer dict.Close()
	res := &bsearch.FacetResult{Field: index.FieldFacets, Terms: &bsearch.TermFacets{}}
	var doc bleveindex.TermFieldDoc
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
		if e == nil {
			break
		}
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), index.FieldFacets, false, false, false)
		if err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
		n := 0
		for {
			d, err := tfr.Next(doc.Reset())
			if err != nil {
				tfr.Close()
				return nil, fmt.Errorf("facets: %w", err)
			}
			if d == nil {
				break
			}
			if hits.has(docNumber(d.ID)) {
				n++
			}
		}
		tfr.Close()
		if n > 0 {
			res.Terms.Add(&bsearch.TermFacet{Term: e.Term, Count: n})
			res.Total += n
		}
	}
	return res, nil
}
