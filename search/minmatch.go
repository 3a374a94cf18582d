package search

import (
	"context"
	"encoding/binary"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A long query's candidates: the articles holding at least min of its
// required clauses (softand.go).
//
// bleve's disjunction with a minimum finds them with a heap of its
// clauses' searchers, comparing byte ids and handing document matches
// around for every posting: at a million articles, where a question's
// clauses hold some eight million postings, that was more than half of
// the question's time. Here the documents are taken a block at a time:
// each clause's searcher (bleve makes a bitmap union of a word's fields)
// is walked to the end of the block, counting per document how many
// clauses hold it; the documents counted min times or more are the
// block's candidates, in order. No heap, one counter increment per
// posting.

// blockMinMatch chooses minMatchQuery over bleve's disjunction with a
// minimum (tests compare the two).
var blockMinMatch = true

// minMatchQuery matches the articles holding at least min of clauses.
type minMatchQuery struct {
	clauses []query.Query
	min     int
}

func (q *minMatchQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	unscored := opts
	unscored.Score = "none"
	s := &minMatchSearcher{min: q.min}
	for _, c := range q.clauses {
		cs, err := c.Searcher(ctx, r, m, unscored)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.clauses = append(s.clauses, cs)
	}
	s.pending = make([]uint64, len(s.clauses))
	s.counts = make([]uint8, minMatchBlock)
	if len(s.clauses) <= 64 {
		s.masks = make([]uint64, minMatchBlock)
	}
	s.held = ^uint64(0)
	s.done = make([]bool, len(s.clauses))
	return s, nil
}

// minMatchBlock is how many document numbers a block spans: its counters
// stay in the CPU's cache. (A variable: tests make blocks small.)
var minMatchBlock uint64 = 1 << 14

type minMatchSearcher struct {
	clauses []bsearch.Searcher
	min     int
	started bool
	// Per clause: the first document it holds that no block has counted
	// yet, and whether it is exhausted.
	pending []uint64
	done    []bool
	// The block being read: its first document number, per-document
	// counts, and its candidates still to return.
	start  uint64
	counts []uint8
	cands  []uint64
	next   int
	id     [8]byte
	// masks, when the query has at most 64 clauses: per document of the
	// block, which clauses hold it; held is the last candidate's (all
	// bits set without masks). The rank searcher skips the scoring of
	// words a candidate lacks (rankQuery.needs).
	masks  []uint64
	cmasks []uint64 // per candidate of the block
	held   uint64
}

// nextDoc reads clause i's next document.
func (s *minMatchSearcher) nextDoc(ctx *bsearch.SearchContext, i int, advanceTo uint64) error {
	var m *bsearch.DocumentMatch
	var err error
	if advanceTo > 0 {
		binary.BigEndian.PutUint64(s.id[:], advanceTo)
		m, err = s.clauses[i].Advance(ctx, s.id[:])
	} else {
		m, err = s.clauses[i].Next(ctx)
	}
	if err != nil {
		return err
	}
	if m == nil {
		s.done[i] = true
		return nil
	}
	s.pending[i] = docNumber(m.IndexInternalID)
	ctx.DocumentMatchPool.Put(m)
	return nil
}

// fill reads the next block that holds candidates, from document number
// from on; it leaves s.cands empty when no clause has documents left.
func (s *minMatchSearcher) fill(ctx *bsearch.SearchContext, from uint64) error {
	for {
		// The block starts at the first pending document at or after
		// from: empty stretches are skipped whole.
		lowest, live := ^uint64(0), 0
		for i := range s.clauses {
			if s.done[i] {
				continue
			}
			if s.pending[i] < from {
				if err := s.nextDoc(ctx, i, from); err != nil {
					return err
				}
				if s.done[i] {
					continue
				}
			}
			live++
			lowest = min(lowest, s.pending[i])
		}
		s.cands, s.next = s.cands[:0], 0
		if live < s.min {
			return nil // no document can hold min clauses any more
		}
		s.start = lowest
		end := lowest + minMatchBlock
		clear(s.counts)
		if s.masks != nil {
			clear(s.masks)
		}
		for i := range s.clauses {
			for !s.done[i] && s.pending[i] < end {
				d := s.pending[i] - lowest
				s.counts[d]++
				if s.masks != nil {
					s.masks[d] |= 1 << i
				}
				if err := s.nextDoc(ctx, i, 0); err != nil {
					return err
				}
			}
		}
		s.cmasks = s.cmasks[:0]
		for d, c := range s.counts {
			if int(c) >= s.min {
				s.cands = append(s.cands, lowest+uint64(d))
				if s.masks != nil {
					s.cmasks = append(s.cmasks, s.masks[d])
				}
			}
		}
		if len(s.cands) > 0 {
			return nil
		}
		from = end
	}
}

func (s *minMatchSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		s.started = true
		for i := range s.clauses {
			if err := s.nextDoc(ctx, i, 0); err != nil {
				return nil, err
			}
		}
		if err := s.fill(ctx, 0); err != nil {
			return nil, err
		}
	}
	if s.next >= len(s.cands) {
		if len(s.cands) == 0 {
			return nil, nil
		}
		if err := s.fill(ctx, s.start+minMatchBlock); err != nil {
			return nil, err
		}
		if len(s.cands) == 0 {
			return nil, nil
		}
	}
	d := s.cands[s.next]
	if s.masks != nil {
		s.held = s.cmasks[s.next]
	}
	s.next++
	m := ctx.DocumentMatchPool.Get()
	m.IndexInternalID = binary.BigEndian.AppendUint64(m.IndexInternalID[:0], d)
	return m, nil
}

func (s *minMatchSearcher) Advance(ctx *bsearch.SearchContext, id bleveindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	target := docNumber(id)
	if !s.started {
		s.started = true
		for i := range s.clauses {
			if err := s.nextDoc(ctx, i, 0); err != nil {
				return nil, err
			}
		}
		if err := s.fill(ctx, target); err != nil {
			return nil, err
		}
	}
	for len(s.cands) > 0 {
		// Within the block read: skip to target.
		for s.next < len(s.cands) && s.cands[s.next] < target {
			s.next++
		}
		if s.next < len(s.cands) {
			return s.Next(ctx)
		}
		if err := s.fill(ctx, max(target, s.start+minMatchBlock)); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

func (s *minMatchSearcher) Close() error {
	var err error
	for _, c := range s.clauses {
		if e := c.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

func (s *minMatchSearcher) Weight() float64      { return 1 }
func (s *minMatchSearcher) SetQueryNorm(float64) {}
func (s *minMatchSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.clauses {
		n += c.Count()
	}
	return n
}
func (s *minMatchSearcher) Min() int { return 0 }
func (s *minMatchSearcher) DocumentMatchPoolSize() int {
	n := 1
	for _, c := range s.clauses {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
func (s *minMatchSearcher) Size() int {
	n := int(minMatchBlock) * 9
	for _, c := range s.clauses {
		n += c.Size()
	}
	return n
}
