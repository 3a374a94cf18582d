package search

import (
	"context"
	"encoding/binary"
	"sort"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Candidates of a long query, with MaxScore skipping.
//
// A question's soft AND (softand.go) makes candidates of every article
// holding a share of its words: at a million news articles, nearly all of
// them, each found by walking the postings of every word. Once the page is
// full, though, an article can enter it only by beating the collector's
// floor, and an article that holds none of the query's rarer words cannot:
// the common words it holds, scored at their best, add up to less. So the
// required clauses are sorted by the most they (and the pairs and repeats
// that count with them) can add to a score; the cheapest ones whose sum,
// with what no clause accounts for, stays under the floor are
// non-essential: their postings are no longer walked, only advanced to the
// candidates that the essential clauses find, to count toward the share.
// (Turtle and Flood's MaxScore, on the candidates rather than the scores.)
//
// What is skipped could never be on the page, so the page is the one a
// full walk gives; the total is then a lower bound (Result.TotalRelation).

// softCandidates is a long query's candidate plan: its required clauses,
// how many an article must hold, and which scoring clauses count with
// which required clause.
type softCandidates struct {
	required []query.Query
	min      int
	// clauseOf maps each scoring clause (rankPlan.clauses) to the
	// required clause an article must hold for it to score (-1: none,
	// such as a function word).
	clauseOf []int
}

// searcher builds the essential searcher over r, with the bounds of the
// scoring clauses for this index (planWeights.bounds, order).
func (c *softCandidates) searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, w *planWeights, floor *float64) (bsearch.Searcher, error) {
	bounds := make([]float64, len(c.required))
	extra := 0.0
	for _, ci := range w.order {
		if ri := c.clauseOf[ci]; ri >= 0 {
			bounds[ri] += w.bounds[ci]
		} else {
			extra += w.bounds[ci]
		}
	}
	clauses := make([]bsearch.Searcher, 0, len(c.required))
	for _, q := range c.required {
		s, err := q.Searcher(ctx, r, m, opts)
		if err != nil {
			for _, s := range clauses {
				s.Close()
			}
			return nil, err
		}
		clauses = append(clauses, s)
	}
	pruned, _ := ctx.Value(prunedKey{}).(*atomic.Bool)
	if pruned == nil {
		pruned = new(atomic.Bool)
	}
	return newEssentialSearcher(clauses, bounds, extra, c.min, floor, pruned), nil
}

// prunedKey carries a flag that a search sets when it skipped candidates
// (its total is then a lower bound).
type prunedKey struct{}

// essentialSearcher matches the articles holding at least min of its
// clauses, skipping those that hold no essential clause once the floor is
// known.
type essentialSearcher struct {
	clauses []bsearch.Searcher
	bounds  []float64 // per clause: the most the scoring clauses counted with it add
	extra   float64   // the most the scoring clauses counted with none add
	min     int
	floor   *float64
	pruned  *atomic.Bool

	order   []int // clauses by bound, cheapest first
	cur     []*bsearch.DocumentMatch
	num     []uint64 // cur's document number
	done    []bool
	started bool
	next    uint64 // the smallest document number still to consider
	// The floor the essential set was last computed for, and the first
	// essential clause in order.
	lastFloor float64
	firstEss  int
}

func newEssentialSearcher(clauses []bsearch.Searcher, bounds []float64, extra float64, min int, floor *float64, pruned *atomic.Bool) *essentialSearcher {
	s := &essentialSearcher{clauses: clauses, bounds: bounds, extra: extra, min: min, floor: floor, pruned: pruned,
		cur: make([]*bsearch.DocumentMatch, len(clauses)), num: make([]uint64, len(clauses)), done: make([]bool, len(clauses))}
	s.order = make([]int, len(clauses))
	for i := range s.order {
		s.order[i] = i
	}
	sort.SliceStable(s.order, func(a, b int) bool { return bounds[s.order[a]] < bounds[s.order[b]] })
	s.lastFloor = -1
	return s
}

// essentialFrom returns the position in order of the first essential
// clause: those before it, with extra, cannot reach the floor.
func (s *essentialSearcher) essentialFrom() int {
	f := *s.floor
	if f == s.lastFloor {
		return s.firstEss
	}
	s.lastFloor = f
	sum := s.extra
	i := 0
	for ; i < len(s.order); i++ {
		sum += s.bounds[s.order[i]]
		if sum >= f {
			break
		}
	}
	// An article must also hold min clauses: with fewer than min clauses
	// essential it may hold only essential ones, which is fine; the rule
	// above alone decides what is skipped.
	s.firstEss = i
	return i
}

// move positions clause i at the first document numbered n or more.
func (s *essentialSearcher) move(ctx *bsearch.SearchContext, i int, n uint64, id bleveindex.IndexInternalID) error {
	if s.done[i] || (s.cur[i] != nil && s.num[i] >= n) {
		return nil
	}
	var m *bsearch.DocumentMatch
	var err error
	if s.cur[i] != nil {
		ctx.DocumentMatchPool.Put(s.cur[i])
		s.cur[i] = nil
	}
	if id == nil {
		m, err = s.clauses[i].Next(ctx)
	} else {
		m, err = s.clauses[i].Advance(ctx, id)
	}
	if err != nil {
		return err
	}
	if m == nil {
		s.done[i] = true
		return nil
	}
	s.cur[i], s.num[i] = m, docNumber(m.IndexInternalID)
	return nil
}

func (s *essentialSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		s.started = true
		for i := range s.clauses {
			if err := s.move(ctx, i, 0, nil); err != nil {
				return nil, err
			}
		}
	}
	for {
		// Every clause behind next moves on: its current document was
		// the last candidate, or was passed over.
		first := 0
		if s.floor != nil && *s.floor > 0 {
			first = s.essentialFrom()
		}
		cand := ^uint64(0)
		for _, i := range s.order[first:] {
			if !s.done[i] && s.cur[i] != nil && s.num[i] < s.next {
				if err := s.move(ctx, i, s.next, s.idOf(s.next)); err != nil {
					return nil, err
				}
			}
			if !s.done[i] && s.num[i] < cand {
				cand = s.num[i]
			}
		}
		if cand == ^uint64(0) {
			if first > 0 {
				s.pruned.Store(true)
			}
			return nil, nil
		}
		held := 0
		var id bleveindex.IndexInternalID
		for _, i := range s.order {
			if s.done[i] {
				continue
			}
			if s.num[i] < cand {
				if id == nil {
					id = s.idOf(cand)
				}
				if err := s.move(ctx, i, cand, id); err != nil {
					return nil, err
				}
			}
			if !s.done[i] && s.num[i] == cand {
				held++
			}
		}
		if first > 0 {
			s.pruned.Store(true) // articles before cand that only non-essential clauses hold were skipped
		}
		s.next = cand + 1
		if held >= s.min {
			m := ctx.DocumentMatchPool.Get()
			m.IndexInternalID = append(m.IndexInternalID[:0], s.idOf(cand)...)
			return m, nil
		}
	}
}

// idOf is document number n as a scorch internal id.
func (s *essentialSearcher) idOf(n uint64) bleveindex.IndexInternalID {
	id := make(bleveindex.IndexInternalID, 8)
	binary.BigEndian.PutUint64(id, n)
	return id
}

func (s *essentialSearcher) Advance(ctx *bsearch.SearchContext, id bleveindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if n := docNumber(id); n > s.next {
		s.next = n
	}
	return s.Next(ctx)
}

func (s *essentialSearcher) Close() error {
	var err error
	for _, c := range s.clauses {
		if e := c.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

func (s *essentialSearcher) Weight() float64      { return 1 }
func (s *essentialSearcher) SetQueryNorm(float64) {}
func (s *essentialSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.clauses {
		n += c.Count()
	}
	return n
}
func (s *essentialSearcher) Min() int { return 0 }
func (s *essentialSearcher) DocumentMatchPoolSize() int {
	n := 1
	for _, c := range s.clauses {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
func (s *essentialSearcher) Size() int {
	n := 0
	for _, c := range s.clauses {
		n += c.Size()
	}
	return n
}
