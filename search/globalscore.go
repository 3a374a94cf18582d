package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Relevance over shards, scored as one index.
//
// bleve scores a term by TF-IDF with the statistics of the index it runs
// on: how many articles there are and how many hold the term. Each shard
// has its own, so the same article would score differently depending on
// the shard its URL hashes to, and a rare word (a name, a document number)
// held by one article in one shard and by three in the other would weigh
// up to a quarter more in the first. A relevance page therefore counts
// each query term over every shard first (corpusStats) and scores every
// shard's matches with those counts: an article's score is the one it
// would have in a single index, wherever it is stored.
//
// bleve's own "global scoring" for index aliases shares only the article
// count (and only for BM25), not the per-term counts, hence this.

// termQuery is a bleve term query that, when the context carries the
// whole index's statistics and the search is scored, scores with them.
type termQuery struct {
	query.TermQuery
}

// fieldTermKey names a term of a field.
type fieldTermKey struct{ field, term string }

// corpusStats are the whole index's statistics for a query's terms.
type corpusStats struct {
	docs uint64                  // articles in every shard
	df   map[fieldTermKey]uint64 // articles holding each term
}

type corpusStatsKey struct{}

// withCorpusStats returns ctx carrying st for the term queries below.
func withCorpusStats(ctx context.Context, st *corpusStats) context.Context {
	return context.WithValue(ctx, corpusStatsKey{}, st)
}

// Searcher is bleve's term searcher, scored with the whole index's
// statistics when there are any. Unscored searches (facets, counts) keep
// bleve's own searcher and its optimizations.
func (q *termQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	st, _ := ctx.Value(corpusStatsKey{}).(*corpusStats)
	if st == nil || opts.Score == "none" {
		return q.TermQuery.Searcher(ctx, r, m, opts)
	}
	df, ok := st.df[fieldTermKey{q.FieldVal, q.Term}]
	if !ok {
		return q.TermQuery.Searcher(ctx, r, m, opts)
	}
	reader, err := r.TermFieldReader(ctx, []byte(q.Term), q.FieldVal, true, true, opts.IncludeTermVectors)
	if err != nil {
		return nil, err
	}
	return &globalTermSearcher{
		reader: reader,
		scorer: scorer.NewTermQueryScorer([]byte(q.Term), q.FieldVal, q.BoostVal.Value(), st.docs, df, 0, opts),
	}, nil
}

// globalTermSearcher is bleve's TermSearcher with a scorer given the whole
// index's statistics (bleve's takes the shard's and cannot be told
// otherwise).
type globalTermSearcher struct {
	reader bleveindex.TermFieldReader
	scorer *scorer.TermQueryScorer
	tfd    bleveindex.TermFieldDoc
}

func (s *globalTermSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	m, err := s.reader.Next(s.tfd.Reset())
	if err != nil || m == nil {
		return nil, err
	}
	return s.scorer.Score(ctx, m), nil
}

func (s *globalTermSearcher) Advance(ctx *bsearch.SearchContext, id bleveindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	m, err := s.reader.Advance(id, s.tfd.Reset())
	if err != nil || m == nil {
		return nil, err
	}
	return s.scorer.Score(ctx, m), nil
}

func (s *globalTermSearcher) Close() error               { return s.reader.Close() }
func (s *globalTermSearcher) Weight() float64            { return s.scorer.Weight() }
func (s *globalTermSearcher) SetQueryNorm(qnorm float64) { s.scorer.SetQueryNorm(qnorm) }
func (s *globalTermSearcher) Count() uint64              { return s.reader.Count() }
func (s *globalTermSearcher) Min() int                   { return 0 }
func (s *globalTermSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *globalTermSearcher) Size() int                  { return s.reader.Size() + s.tfd.Size() + s.scorer.Size() }
func (s *globalTermSearcher) Optimize(kind string, octx bleveindex.OptimizableContext) (bleveindex.OptimizableContext, error) {
	// As bleve's TermSearcher: a conjunction of terms intersects their
	// postings bitmaps up front (phrases are conjunctions of pairs).
	if o, ok := s.reader.(bleveindex.Optimizable); ok {
		return o.Optimize(kind, octx)
	}
	return nil, nil
}

// eachTerm calls fn for every term query of q, which bleveQuery builds
// from boolean, conjunction, disjunction and term queries. Must-not
// clauses are left out: they neither score nor weigh.
func eachTerm(q query.Query, fn func(*termQuery)) {
	switch q := q.(type) {
	case *termQuery:
		fn(q)
	case *query.BooleanQuery:
		for _, c := range []query.Query{q.Must, q.Should} {
			if c != nil {
				eachTerm(c, fn)
			}
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			eachTerm(c, fn)
		}
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			eachTerm(c, fn)
		}
	}
}

// gatherCorpusStats counts q's terms over every shard, the shards at
// once. Excluded terms (must-not) are left out: they score nothing.
func gatherCorpusStats(ctx context.Context, shards []bleve.Index, q query.Query) (*corpusStats, error) {
	terms := map[fieldTermKey]uint64{}
	eachTerm(q, func(t *termQuery) { terms[fieldTermKey{t.FieldVal, t.Term}] = 0 })
	keys := make([]fieldTermKey, 0, len(terms))
	for k := range terms {
		keys = append(keys, k)
	}
	docs := make([]uint64, len(shards))
	dfs := make([][]uint64, len(shards))
	err := onEachShard(shards, func(i int, shard bleve.Index) error {
		var err error
		if docs[i], dfs[i], err = shardTermCounts(ctx, shard, keys); err != nil {
			return fmt.Errorf("search: shard %d: %w", i, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	st := &corpusStats{df: terms}
	for i := range shards {
		st.docs += docs[i]
		for j, k := range keys {
			st.df[k] += dfs[i][j]
		}
	}
	return st, nil
}

// shardTermCounts is one shard's article count and the number of its
// articles holding each term.
func shardTermCounts(ctx context.Context, shard bleve.Index, keys []fieldTermKey) (uint64, []uint64, error) {
	adv, err := shard.Advanced()
	if err != nil {
		return 0, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return 0, nil, err
	}
	df := make([]uint64, len(keys))
	for j, k := range keys {
		tfr, err := r.TermFieldReader(ctx, []byte(k.term), k.field, false, false, false)
		if err != nil {
			return 0, nil, fmt.Errorf("term %s:%s: %w", k.field, k.term, err)
		}
		df[j] = tfr.Count()
		tfr.Close()
	}
	return n, df, nil
}
