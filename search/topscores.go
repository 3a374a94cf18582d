package search

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index"
)

// storedHit is one hit of a page with its stored article JSON.
type storedHit struct {
	ID    string
	Score float64
	Raw   string
	Group string // set by collapsing (collapse.go)
}

// scoreAfter is where a relevance page starts: hits rank by score, then
// by document id, and the page holds the hits after this one.
type scoreAfter struct {
	Score float64
	ID    string
	// Groups, when not nil, is filled with the near-duplicate groups of
	// the hits at or before this position: the groups earlier pages
	// showed (collapse.go).
	Groups map[string]struct{}
}

// topScores collects the k best hits of a relevance search. bleve's own
// collector, asked to break score ties by document id (which cursors need
// for a total order), reads the id of every hit: on a query that matches
// most of a million articles that was a third of the time. Here the id is
// read only for the few hits whose score ties the one they are compared
// with, and the stored articles of the page are read before the index
// reader closes.
type topScores struct {
	k      int
	read   int // how many of the best hits get their stored article (the page)
	after  *scoreAfter
	reader bleveindex.IndexReader
	hits   []*bsearch.DocumentMatch // a heap, worst hit first
	out    []storedHit
	err    error
	// floor is the score a hit must beat to enter the heap once it is
	// full; the rankSearcher reads it to stop scoring a candidate that
	// cannot reach it (rank.go). Same goroutine: no locking.
	floor float64
	// before collects the groups of hits at or before after (when
	// after.Groups is set), read from their doc values.
	before map[string]struct{}
	groups bleveindex.DocValueReader
	// facetHits, when not nil, notes every hit, whose facets are then
	// counted into facets (postingsfacets.go).
	facetHits *docBits
	facetN    uint64
	facets    *bsearch.FacetResult
	ctx       context.Context
}

// noteBefore records the group of a hit on an earlier page.
func (t *topScores) noteBefore(d *bsearch.DocumentMatch) {
	if t.groups == nil && t.err == nil {
		t.groups, t.err = t.reader.DocValueReader([]string{index.FieldGroup})
	}
	if t.err != nil {
		return
	}
	found := false
	t.err = t.groups.VisitDocValues(d.IndexInternalID, func(_ string, term []byte) {
		t.before[string(term)], found = struct{}{}, true
	})
	if !found && t.err == nil {
		t.before[t.id(d)] = struct{}{} // stored before groups: its own
	}
}

// scoreFloorKey carries a collector's floor to the rank searcher.
type scoreFloorKey struct{}

// id reads a hit's document id once.
func (t *topScores) id(d *bsearch.DocumentMatch) string {
	if d.ID == "" && t.err == nil {
		d.ID, t.err = t.reader.ExternalID(d.IndexInternalID)
	}
	return d.ID
}

// worse reports whether a ranks below b: a lower score, or the same score
// and a larger id.
func (t *topScores) worse(a, b *bsearch.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return t.id(a) > t.id(b)
}

// heap.Interface over hits, worst first.
func (t *topScores) Len() int           { return len(t.hits) }
func (t *topScores) Less(i, j int) bool { return t.worse(t.hits[i], t.hits[j]) }
func (t *topScores) Swap(i, j int)      { t.hits[i], t.hits[j] = t.hits[j], t.hits[i] }
func (t *topScores) Push(x any)         { t.hits = append(t.hits, x.(*bsearch.DocumentMatch)) }
func (t *topScores) Pop() any {
	last := t.hits[len(t.hits)-1]
	t.hits = t.hits[:len(t.hits)-1]
	return last
}

// handler is bleve's hook for a custom collector: it sees every hit after
// bleve has counted it (so the total and the facets stay bleve's) and
// once more with nil when the search is done.
func (t *topScores) handler(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
	t.reader = sctx.IndexReader
	pool := sctx.DocumentMatchPool
	return func(d *bsearch.DocumentMatch) error {
		if d == nil {
			return t.finish()
		}
		if t.facetHits != nil {
			t.facetHits.set(docNumber(d.IndexInternalID))
			t.facetN++
		}
		if t.after != nil && (d.Score > t.after.Score || d.Score == t.after.Score && t.id(d) <= t.after.ID) {
			if t.before != nil {
				t.noteBefore(d)
			}
			pool.Put(d) // on an earlier page
			return t.err
		}
		switch {
		case len(t.hits) < t.k:
			heap.Push(t, d)
		case t.worse(t.hits[0], d):
			old := t.hits[0]
			t.hits[0] = d
			heap.Fix(t, 0)
			pool.Put(old)
		default:
			pool.Put(d)
		}
		if len(t.hits) == t.k {
			t.floor = t.hits[0].Score
		}
		return t.err
	}, false, nil
}

// finish orders the page best first and reads its stored articles.
func (t *topScores) finish() error {
	if t.err != nil {
		return t.err
	}
	if t.facetHits != nil {
		// Before the reader closes, as the page's stored articles.
		if t.facets, t.err = countFacets(t.ctx, t.reader, *t.facetHits, t.facetN); t.err != nil {
			return t.err
		}
	}
	sort.Slice(t.hits, func(i, j int) bool { return t.worse(t.hits[j], t.hits[i]) })
	t.out = make([]storedHit, 0, len(t.hits))
	for i, d := range t.hits {
		id := t.id(d)
		if t.err != nil {
			return t.err
		}
		if i >= t.read {
			// Kept only to tell whether hits follow the page: it
			// ranks below this shard's whole page, so never on it.
			t.out = append(t.out, storedHit{ID: id, Score: d.Score})
			continue
		}
		doc, err := t.reader.Document(id)
		if err != nil {
			return err
		}
		h := storedHit{ID: id, Score: d.Score}
		if doc != nil {
			doc.VisitFields(func(f bleveindex.Field) {
				if f.Name() == index.FieldRaw {
					h.Raw = string(f.Value())
				}
			})
		}
		t.out = append(t.out, h)
	}
	return nil
}

// searchByScore runs sr (sorted by score, no stored fields asked for) on
// every shard at once, each with its own collector, and returns the
// shards' results merged (total and facets) with the page: the best k
// hits of all shards, in the order one collector would give them.
//
// Each collector keeps one hit more than the page, so that whether any
// hit follows the page is known.
func searchByScore(ctx context.Context, shards []bleve.Index, sr *bleve.SearchRequest, after *scoreAfter) (*bleve.SearchResult, []storedHit, bool, error) {
	pageFacets, _ := ctx.Value(pageFacetsKey{}).(bool)
	if len(shards) > 1 {
		st, err := gatherCorpusStats(ctx, shards, sr.Query)
		if err != nil {
			return nil, nil, false, err
		}
		ctx = withCorpusStats(ctx, st)
	}
	results := make([]*bleve.SearchResult, len(shards))
	pages := make([][]storedHit, len(shards))
	befores := make([]map[string]struct{}, len(shards))
	err := onEachShard(shards, func(i int, shard bleve.Index) error {
		req := *sr // bleve may fill in defaults: one copy per shard
		t := &topScores{k: sr.Size + 1, read: sr.Size, after: after, floor: math.Inf(-1), ctx: ctx}
		if pageFacets {
			t.facetHits = &docBits{}
		}
		if after != nil && after.Groups != nil {
			t.before = map[string]struct{}{}
			befores[i] = t.before
		}
		sctx := context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(t.handler))
		sctx = context.WithValue(sctx, scoreFloorKey{}, &t.floor)
		var err error
		results[i], err = shard.SearchInContext(sctx, &req)
		pages[i] = t.out
		if err == nil && t.facets != nil {
			if results[i].Facets == nil {
				results[i].Facets = bsearch.FacetResults{}
			}
			results[i].Facets[index.FieldFacets] = t.facets
		}
		return err
	})
	if err != nil {
		return nil, nil, false, err
	}
	for _, b := range befores {
		for g := range b {
			after.Groups[g] = struct{}{}
		}
	}
	res := results[0]
	var page []storedHit
	for i, r := range results {
		if i > 0 {
			res.Merge(r)
		}
		page = append(page, pages[i]...)
	}
	for name, fr := range sr.Facets {
		res.Facets.Fixup(name, fr.Size)
	}
	if pageFacets {
		res.Facets.Fixup(index.FieldFacets, combinedFacetSize)
	}
	sort.Slice(page, func(i, j int) bool {
		if page[i].Score != page[j].Score {
			return page[i].Score > page[j].Score
		}
		return page[i].ID < page[j].ID
	})
	more := len(page) > sr.Size
	if more {
		page = page[:sr.Size]
	}
	return res, page, more, nil
}

// onEachShard runs fn on every shard at once and joins their errors.
func onEachShard(shards []bleve.Index, fn func(i int, shard bleve.Index) error) error {
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i, shard := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i, shard)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
