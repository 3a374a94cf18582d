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
// each stream (a word's term in one field, read from its term reader, or
// another clause's bleve searcher) is walked to the end of the block,
// counting per document how many clauses hold it; the documents counted
// min times or more are the block's candidates, in order. No heap, one
// counter increment per posting.

// blockMinMatch chooses minMatchQuery over bleve's disjunction with a
// minimum (tests compare the two).
var blockMinMatch = true

// minMatchQuery matches the articles holding at least min of clauses.
type minMatchQuery struct {
	clauses []query.Query
	min     int
	// marks are clauses (disjunctions of terms) that do not count toward
	// min, whose presence a candidate's mask also records, after the
	// clauses' bits: a question's pairs of words, so that the scorer
	// skips a pair the candidate lacks without reading its postings.
	marks []query.Query
}

func (q *minMatchQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	unscored := opts
	unscored.Score = "none"
	s := &minMatchSearcher{min: q.min}
	masked := len(q.clauses) <= 64
	for i, c := range q.clauses {
		// A word's clause (its terms in a few fields) is read from the
		// term readers themselves, one stream per term, the mask
		// counting the clause once per document; any other clause
		// through its bleve searcher.
		if terms, ok := clauseTerms(c); ok && masked {
			for _, t := range terms {
				tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, false, false, false)
				if err != nil {
					s.Close()
					return nil, err
				}
				s.streams = append(s.streams, &termStream{r: tfr})
				s.clauseOf = append(s.clauseOf, i)
			}
			continue
		}
		cs, err := c.Searcher(ctx, r, m, unscored)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.streams = append(s.streams, &searcherStream{s: cs})
		s.clauseOf = append(s.clauseOf, i)
	}
	if masked {
		s.required = len(s.streams)
		if err := s.addMarks(ctx, r, q); err != nil {
			s.Close()
			return nil, err
		}
	} else {
		s.required = len(s.streams)
		s.always = ^uint64(0)
	}
	s.pending = make([]uint64, len(s.streams))
	s.done = make([]bool, len(s.streams))
	s.live = make([]bool, len(q.clauses))
	s.counts = make([]uint16, minMatchBlock)
	if masked {
		s.masks = make([]uint64, minMatchBlock)
	}
	s.held = ^uint64(0)
	return s, nil
}

// addMarks adds the streams of q's marks that fit in a mask. A mark left
// out (past 64 bits, or not made of terms) is held by every candidate,
// so the scorer reads it as before.
func (s *minMatchSearcher) addMarks(ctx context.Context, r bleveindex.IndexReader, q *minMatchQuery) error {
	for j, m := range q.marks {
		bit := len(q.clauses) + j
		terms, ok := clauseTerms(m)
		if !ok || bit >= 64 {
			if bit < 64 {
				s.always |= 1 << bit
			}
			continue
		}
		for _, t := range terms {
			tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, false, false, false)
			if err != nil {
				return err
			}
			s.streams = append(s.streams, &termStream{r: tfr})
			s.clauseOf = append(s.clauseOf, bit)
		}
	}
	return nil
}

// clauseTerms returns the terms of a clause that is a plain disjunction
// of terms (a word: plan.go, wordParts).
func clauseTerms(q query.Query) ([]fieldTermKey, bool) {
	d, ok := q.(*query.DisjunctionQuery)
	if !ok || d.Min > 0 || len(d.Disjuncts) == 0 {
		return nil, false
	}
	out := make([]fieldTermKey, 0, len(d.Disjuncts))
	for _, c := range d.Disjuncts {
		t, ok := c.(*query.TermQuery)
		if !ok {
			return nil, false
		}
		out = append(out, fieldTermKey{t.FieldVal, t.Term})
	}
	return out, true
}

// A docStream yields document numbers in order: a term's postings, or
// the matches of a clause's searcher.
type docStream interface {
	// next returns the stream's next document, or the first at or after
	// to when to > 0; ok is false when none is left.
	next(ctx *bsearch.SearchContext, to uint64) (doc uint64, ok bool, err error)
	count() uint64
	close() error
	size() int
}

type termStream struct {
	r   bleveindex.TermFieldReader
	doc bleveindex.TermFieldDoc
	id  [8]byte
}

func (t *termStream) next(_ *bsearch.SearchContext, to uint64) (uint64, bool, error) {
	var d *bleveindex.TermFieldDoc
	var err error
	if to > 0 {
		binary.BigEndian.PutUint64(t.id[:], to)
		d, err = t.r.Advance(t.id[:], t.doc.Reset())
	} else {
		d, err = t.r.Next(t.doc.Reset())
	}
	if err != nil || d == nil {
		return 0, false, err
	}
	return docNumber(d.ID), true, nil
}

func (t *termStream) count() uint64 { return t.r.Count() }
func (t *termStream) close() error  { return t.r.Close() }
func (t *termStream) size() int     { return t.r.Size() }

type searcherStream struct {
	s  bsearch.Searcher
	id [8]byte
}

func (t *searcherStream) next(ctx *bsearch.SearchContext, to uint64) (uint64, bool, error) {
	var m *bsearch.DocumentMatch
	var err error
	if to > 0 {
		binary.BigEndian.PutUint64(t.id[:], to)
		m, err = t.s.Advance(ctx, t.id[:])
	} else {
		m, err = t.s.Next(ctx)
	}
	if err != nil || m == nil {
		return 0, false, err
	}
	n := docNumber(m.IndexInternalID)
	ctx.DocumentMatchPool.Put(m)
	return n, true, nil
}

func (t *searcherStream) count() uint64 { return t.s.Count() }
func (t *searcherStream) close() error  { return t.s.Close() }
func (t *searcherStream) size() int     { return t.s.Size() }

// minMatchBlock is how many document numbers a block spans: its counters
// stay in the CPU's cache. (A variable: tests make blocks small.)
var minMatchBlock uint64 = 1 << 14

type minMatchSearcher struct {
	streams  []docStream
	clauseOf []int // each stream's clause
	min      int
	started  bool
	live     []bool // per clause: a stream of it has documents left (fill)
	// Per stream: the first document it holds that no block has counted
	// yet, and whether it is exhausted.
	pending []uint64
	done    []bool
	// The block being read: its first document number, per-document
	// counts, and its candidates still to return.
	start  uint64
	counts []uint16 // a query may have hundreds of clauses
	cands  []uint64
	next   int
	// masks, when the query has at most 64 clauses: per document of the
	// block, which clauses hold it; held is the last candidate's (all
	// bits set without masks). The rank searcher skips the scoring of
	// words a candidate lacks (rankQuery.needs).
	masks  []uint64
	cmasks []uint64 // per candidate of the block
	held   uint64
	// required is how many streams (the first ones) are the clauses';
	// the rest are marks', which only set bits. always holds the bits of
	// marks without streams.
	required int
	always   uint64
}

// nextDoc reads stream i's next document (the first at or after to, when
// to > 0).
func (s *minMatchSearcher) nextDoc(ctx *bsearch.SearchContext, i int, to uint64) error {
	d, ok, err := s.streams[i].next(ctx, to)
	if err != nil {
		return err
	}
	if !ok {
		s.done[i] = true
		return nil
	}
	s.pending[i] = d
	return nil
}

// fill reads the next block that holds candidates, from document number
// from on; it leaves s.cands empty when no clause has documents left.
func (s *minMatchSearcher) fill(ctx *bsearch.SearchContext, from uint64) error {
	for {
		// The block starts at the first pending document at or after
		// from: empty stretches are skipped whole.
		lowest := ^uint64(0)
		clear(s.live)
		live := 0
		for i := range s.streams[:s.required] {
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
			if c := s.clauseOf[i]; !s.live[c] {
				s.live[c] = true
				live++
			}
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
		for i := range s.streams[:s.required] {
			bit := uint64(1) << (s.clauseOf[i] & 63)
			for !s.done[i] && s.pending[i] < end {
				d := s.pending[i] - lowest
				if s.masks == nil {
					s.counts[d]++
				} else if s.masks[d]&bit == 0 {
					s.masks[d] |= bit // a word in the title and the body counts once
					s.counts[d]++
				}
				if err := s.nextDoc(ctx, i, 0); err != nil {
					return err
				}
			}
		}
		// The marks' streams only set bits, in the documents that are
		// candidates.
		for i := s.required; i < len(s.streams); i++ {
			if !s.done[i] && s.pending[i] < lowest {
				if err := s.nextDoc(ctx, i, lowest); err != nil {
					return err
				}
			}
			bit := uint64(1) << s.clauseOf[i]
			for !s.done[i] && s.pending[i] < end {
				s.masks[s.pending[i]-lowest] |= bit
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
					s.cmasks = append(s.cmasks, s.masks[d]|s.always)
				}
			}
		}
		if len(s.cands) > 0 {
			return nil
		}
		from = end
	}
}

// begin reads every stream's first document and the first block from
// document number from on.
func (s *minMatchSearcher) begin(ctx *bsearch.SearchContext, from uint64) error {
	s.started = true
	for i := range s.streams {
		if err := s.nextDoc(ctx, i, 0); err != nil {
			return err
		}
	}
	return s.fill(ctx, from)
}

func (s *minMatchSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.begin(ctx, 0); err != nil {
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
		if err := s.begin(ctx, target); err != nil {
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
	for _, c := range s.streams {
		if e := c.close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

func (s *minMatchSearcher) Weight() float64      { return 1 }
func (s *minMatchSearcher) SetQueryNorm(float64) {}
func (s *minMatchSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.streams[:s.required] {
		n += c.count()
	}
	return n
}
func (s *minMatchSearcher) Min() int { return 0 }
func (s *minMatchSearcher) DocumentMatchPoolSize() int {
	n := 1
	for _, c := range s.streams {
		if ss, ok := c.(*searcherStream); ok {
			n += ss.s.DocumentMatchPoolSize()
		}
	}
	return n
}
func (s *minMatchSearcher) Size() int {
	n := int(minMatchBlock) * 9
	for _, c := range s.streams {
		n += c.size()
	}
	return n
}
