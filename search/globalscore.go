package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
)

// Relevance over shards, scored as one index.
//
// A score (rank.go) weighs a term by the statistics of the index it runs
// on: how many articles there are, how many hold the term, how long
// titles and bodies are. Each shard
// has its own, so the same article would score differently depending on
// the shard its URL hashes to, and a rare word (a name, a document number)
// held by one article in one shard and by three in the other would weigh
// up to a quarter more in the first. A relevance page therefore counts
// each query term over every shard first (corpusStats) and the rankQuery
// scores every shard's matches with those counts: an article's score is the one it
// would have in a single index, wherever it is stored.
//
// bleve's own "global scoring" for index aliases shares only the article
// count (and only for BM25), not the per-term counts, hence this.

// fieldTermKey names a term of a field.
type fieldTermKey struct{ field, term string }

// corpusStats are the whole index's statistics for a query's terms.
type corpusStats struct {
	docs uint64                  // articles in every shard
	df   map[fieldTermKey]uint64 // articles holding each term
	// lengths are the titles' and bodies' word counts, for BM25's
	// length norm.
	lengths index.LengthTotals
}

type corpusStatsKey struct{}

// withCorpusStats returns ctx carrying st for the term queries below.
func withCorpusStats(ctx context.Context, st *corpusStats) context.Context {
	return context.WithValue(ctx, corpusStatsKey{}, st)
}

// eachSlot calls fn for every scored term of q: the slots of the
// rankQuery that bleveQuery puts under its boolean query. Must-not clauses
// are left out: they neither score nor weigh.
func eachSlot(q query.Query, fn func(fieldTermKey)) {
	switch q := q.(type) {
	case *rankQuery:
		for _, s := range q.plan.slots {
			fn(s.key)
		}
	case *query.BooleanQuery:
		for _, c := range []query.Query{q.Must, q.Should} {
			if c != nil {
				eachSlot(c, fn)
			}
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			eachSlot(c, fn)
		}
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			eachSlot(c, fn)
		}
	}
}

// gatherCorpusStats counts q's terms over every shard, the shards at
// once. Excluded terms (must-not) are left out: they score nothing.
func gatherCorpusStats(ctx context.Context, shards []bleve.Index, q query.Query) (*corpusStats, error) {
	terms := map[fieldTermKey]uint64{}
	eachSlot(q, func(k fieldTermKey) { terms[k] = 0 })
	keys := make([]fieldTermKey, 0, len(terms))
	for k := range terms {
		keys = append(keys, k)
	}
	docs := make([]uint64, len(shards))
	dfs := make([][]uint64, len(shards))
	lengths := make([]index.LengthTotals, len(shards))
	err := onEachShard(shards, func(i int, shard bleve.Index) error {
		var err error
		if docs[i], dfs[i], err = shardTermCounts(ctx, shard, keys); err != nil {
			return fmt.Errorf("search: shard %d: %w", i, err)
		}
		if lengths[i], err = index.ShardLengths(shard); err != nil {
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
		st.lengths.Add(lengths[i])
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
