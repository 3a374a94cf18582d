package search

import (
	"context"
	"encoding/binary"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index"
)

// Relevance scoring: one BM25F score per article, computed by govnews.
//
// Which articles match is decided by an ordinary bleve query (the
// candidate query: every word, or for a long query a share of them; see
// plan.go). How they rank is decided here, for each candidate, from the
// postings of every term the query names: bleve's own scorer sums TF-IDF
// scores without saturation and multiplies disjunctions by the share of
// their clauses that matched, so a word found only in the body lost half
// its score, and a short title's length norm let one look-alike syllable
// outweigh a whole phrase in the body.
//
// The score of an article d is the sum, over the query's words and the
// pairs of words typed next to each other, of
//
//	idf · x(k1+1)/(k1+x),   x = wTitle·tf_title/B_title + tf_body/B_body,
//	B_field = 1 − b + b·length/average length
//
// (BM25F: the fields' frequencies are added before saturation, so a word
// in the title and the body is not counted twice). A word typed with
// diacritics scores its exact spelling with the exact spelling's idf, and
// its look-alikes (the same folded form: kiếm for kiêm) only at
// lookalikeWeight of the folded idf. A pair of words ("kiêm nhiệm") is
// found in the folded bigram fields; when typed with diacritics its score
// is scaled by how many of its words the article holds as typed, so that
// "kiếm nhiễm" next to each other does not pass for "kiêm nhiệm".

// BM25 parameters, tuned on the ALQAC training questions (see
// docs/index.md for the figures).
var rankParams = struct {
	k1, bTitle, bBody float64
	titleWeight       float64
	lookalikeWeight   float64 // share of a look-alike's score, for words typed with diacritics
	pairWeight        float64 // a pair of adjacent words against one word
	functionWeight    float64 // a function word's (and a pair of them) share of its BM25 score
	titleCoverWeight  float64 // the most a title the query covers multiplies the score by, less one
}{k1: 0.8, bTitle: 0.8, bBody: 0.6, titleWeight: 4.0, lookalikeWeight: 0.2, pairWeight: 1.0, functionWeight: 0.25, titleCoverWeight: 0.3}

// slotKind says what a scoring slot's postings hold.
type slotKind uint8

const (
	slotTitle slotKind = iota // a word or pair in the title
	slotBody                  // in the body
	slotRef                   // a document number (keyword)
)

// slot is one (field, term) whose postings the scorer reads.
type slot struct {
	key  fieldTermKey
	kind slotKind
}

// rankQuery matches what its candidate query matches and scores each
// match with the plan's BM25F score.
type rankQuery struct {
	plan      *rankPlan
	candidate query.Query
	// needs, for a long query's candidates (minmatch.go): per scoring
	// clause, the candidate clauses an article holds whenever it scores
	// (softand.go); a candidate lacking one is not read for it.
	needs []uint64
}

func (q *rankQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if opts.Score == "none" {
		return q.candidate.Searcher(ctx, r, m, opts)
	}
	unscored := opts
	unscored.Score = "none"
	cand, err := q.candidate.Searcher(ctx, r, m, unscored)
	if err != nil {
		return nil, err
	}
	st, _ := ctx.Value(corpusStatsKey{}).(*corpusStats)
	if st == nil {
		if st, err = readerStats(ctx, r, q.plan.slots); err != nil {
			cand.Close()
			return nil, err
		}
	}
	n := len(q.plan.slots)
	s := &rankSearcher{cand: cand, plan: q.plan, readers: make([]bleveindex.TermFieldReader, n),
		docs: make([]bleveindex.TermFieldDoc, n), cur: make([]uint64, n), done: make([]bool, n),
		seen: make([]uint64, n), freq: make([]float64, n), lens: make([]float64, n)}
	for i, sl := range q.plan.slots {
		tfr, err := r.TermFieldReader(ctx, []byte(sl.key.term), sl.key.field, true, true, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.readers[i] = tfr
		s.done[i] = tfr.Count() == 0
	}
	s.weights = q.plan.weigh(st)
	s.floor, _ = ctx.Value(scoreFloorKey{}).(*float64)
	if mm, ok := cand.(*minMatchSearcher); ok && q.needs != nil && mm.masks != nil && skipAbsentWords {
		s.held, s.needs, s.skip = mm, q.needs, make([]bool, len(q.needs))
	}
	return s, nil
}

// readerStats are the statistics of one index (an unsharded search, or a
// search bleve runs through an alias): the scores are then that index's.
func readerStats(ctx context.Context, r bleveindex.IndexReader, slots []slot) (*corpusStats, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	st := &corpusStats{docs: n, df: map[fieldTermKey]uint64{}}
	for _, sl := range slots {
		tfr, err := r.TermFieldReader(ctx, []byte(sl.key.term), sl.key.field, false, false, false)
		if err != nil {
			return nil, err
		}
		st.df[sl.key] = tfr.Count()
		tfr.Close()
	}
	if v, err := r.GetInternal(index.LengthsKey()); err == nil && v != nil {
		st.lengths, _ = index.DecodeLengths(v)
	}
	return st, nil
}

// rankSearcher walks the candidates and scores each, advancing a slot's
// reader to the candidate only when the score needs that slot.
type rankSearcher struct {
	cand    bsearch.Searcher
	plan    *rankPlan
	weights *planWeights
	readers []bleveindex.TermFieldReader
	docs    []bleveindex.TermFieldDoc // each reader's current posting
	cur     []uint64                  // its document number
	done    []bool                    // reader exhausted
	// The candidate being scored, and per slot: the candidate it was last
	// read for (seq), its frequency there (0: absent) and field length.
	id         bleveindex.IndexInternalID
	doc, seq   uint64
	seen       []uint64
	freq, lens []float64
	err        error
	floor      *float64 // the collector's: a candidate that cannot beat it need not be scored whole
	// A long query's candidates say which of its words and pairs each
	// holds: the scoring clauses that need a word or pair the candidate
	// lacks score nothing and are skipped (read for nothing, they were
	// three quarters of a question's reads at a million articles).
	held  *minMatchSearcher
	needs []uint64
	skip  []bool
}

// skipAbsentWords turns that skipping on (tests compare scores without).
var skipAbsentWords = true

func (s *rankSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	m, err := s.cand.Next(ctx)
	if err != nil || m == nil {
		return m, err
	}
	return m, s.score(m)
}

func (s *rankSearcher) Advance(ctx *bsearch.SearchContext, id bleveindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	m, err := s.cand.Advance(ctx, id)
	if err != nil || m == nil {
		return m, err
	}
	return m, s.score(m)
}

// score sets m's score.
func (s *rankSearcher) score(m *bsearch.DocumentMatch) error {
	s.id = m.IndexInternalID
	s.doc = docNumber(s.id)
	s.seq++
	floor := math.Inf(-1)
	if s.floor != nil {
		floor = *s.floor
	}
	var skip []bool
	if s.held != nil {
		skip = s.skip
		h := s.held.held
		for i, n := range s.needs {
			skip[i] = h&n != n
		}
	}
	m.Score = s.plan.score(s.weights, s, floor, skip)
	return s.err
}

// docNumber is a scorch internal id (a big-endian document number) as a
// number, so slots compare positions without comparing bytes.
func docNumber(id bleveindex.IndexInternalID) uint64 {
	if len(id) == 8 {
		return binary.BigEndian.Uint64(id)
	}
	var n uint64
	for _, b := range id {
		n = n<<8 | uint64(b)
	}
	return n
}

// read positions slot i at the candidate.
func (s *rankSearcher) read(i int) {
	if s.seen[i] == s.seq {
		return
	}
	s.seen[i] = s.seq
	s.freq[i] = 0
	if s.done[i] {
		return
	}
	d := &s.docs[i]
	if len(d.ID) == 0 || s.cur[i] < s.doc {
		next, err := s.readers[i].Advance(s.id, d.Reset())
		if err != nil {
			s.err = err
			return
		}
		if next == nil {
			s.done[i] = true
			return
		}
		s.cur[i] = docNumber(d.ID)
	}
	if s.cur[i] == s.doc {
		s.freq[i] = float64(d.Freq)
		if d.Norm > 0 {
			s.lens[i] = 1 / (d.Norm * d.Norm)
		}
	}
}

func (s *rankSearcher) tf(i int) float64 {
	if i < 0 {
		return 0
	}
	s.read(i)
	return s.freq[i]
}

func (s *rankSearcher) length(i int) float64 { s.read(i); return s.lens[i] }

func (s *rankSearcher) Close() error {
	err := s.cand.Close()
	for _, r := range s.readers {
		if r != nil {
			if e := r.Close(); e != nil && err == nil {
				err = e
			}
		}
	}
	return err
}

// Weight is 1 and the query norm is ignored: the score is already final,
// and the filters beside it (boost 0) score nothing whatever the norm.
func (s *rankSearcher) Weight() float64            { return 1 }
func (s *rankSearcher) SetQueryNorm(float64)       {}
func (s *rankSearcher) Count() uint64              { return s.cand.Count() }
func (s *rankSearcher) Min() int                   { return 0 }
func (s *rankSearcher) DocumentMatchPoolSize() int { return s.cand.DocumentMatchPoolSize() }
func (s *rankSearcher) Size() int {
	n := s.cand.Size()
	for _, r := range s.readers {
		if r != nil {
			n += r.Size()
		}
	}
	return n
}

// idf is BM25's inverse document frequency (always positive).
func idf(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// saturate is BM25's term-frequency saturation.
func saturate(x float64) float64 {
	k1 := rankParams.k1
	return x * (k1 + 1) / (k1 + x)
}
