package search

import (
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index/vietnamese"
)

// What a query requires.
//
// A short query is keywords: every meaningful word must match (the
// precision researchers expect of "kinh phí KH&CN"). A long one is a
// question or a sentence pasted from a decree: its relevant article rarely
// holds every word, so it needs only a share of them (a soft AND), and its
// ranking does the rest. Function words (và, của, là, đúng hay sai …) are
// never required: they score what their rarity says, which is little.

// allWordsUpTo is the longest query, in meaningful words, that requires
// them all.
const allWordsUpTo = 6

// softShare is the share of a longer query's meaningful words an article
// must hold.
const softShare = 0.5

// maxRelax is how many times a long query that found nothing is loosened
// (each halves what it requires) before it gives up: a question whose
// meaningful words mostly stand in one article never comes back empty.
const maxRelax = 3

// minMatch is how many of n meaningful words an article must hold, at
// relaxation level relax.
func minMatch(n, relax int) int {
	if n <= allWordsUpTo {
		return n
	}
	k := int(math.Ceil(softShare * float64(n)))
	k = max(k>>relax, 1)
	return min(k, n)
}

// functionWords are Vietnamese function words and the formulas of
// questions, folded. Never required; scored by their idf like any word.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"và", "của", "là", "các", "những", "được", "có", "theo", "cho", "với", "trong", "này", "đó", "kia",
		"đúng", "hay", "sai", "hoặc", "thì", "mà", "để", "từ", "khi", "về", "đã", "sẽ", "đang", "bị", "do",
		"nào", "gì", "không", "ở", "tại", "một", "nếu", "như", "cũng", "vẫn", "rằng", "bởi", "vì", "nên",
		"đến", "ra", "vào", "lại", "thế", "sao", "bao", "nhiêu", "ai", "đâu", "chỉ", "còn", "cả", "mỗi",
		"trên", "dưới", "sau", "trước", "giữa", "qua", "bằng", "nhưng", "tuy", "nhiên", "thuộc", "việc",
		"phải", "hãy", "xin", "hỏi", "tôi", "em", "anh", "chị", "bạn", "ạ", "nhé", "à", "ư", "vậy", "đây",
	} {
		m[vietnamese.Fold(w)] = true
	}
	return m
}()

// isFunctionWord reports whether a query node is a lone function word.
func isFunctionWord(n Node) bool {
	return n.Kind == NodeWord && functionWords[vietnamese.Fold(n.Words[0])]
}

// meaningful counts a query's meaningful words (after dropping repeats).
func (q *Query) meaningful() int {
	n := 0
	seen := map[string]bool{}
	for _, c := range q.Must {
		if isFunctionWord(c) {
			continue
		}
		if c.Kind == NodeWord {
			k := vietnamese.Fold(c.Words[0])
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		n++
	}
	return n
}

// Soft reports whether the query is long enough to need only a share of
// its words (and so may be loosened when it finds nothing).
func (q *Query) Soft() bool { return q.meaningful() > allWordsUpTo }

// rankedWords is the query's words as a rankQuery: the plan scores every
// word, phrase and pair of typed neighbours; the candidate query requires
// the meaningful words (all, or a share of a long query's).
func rankedWords(q *Query, relax int) query.Query {
	p := newRankPlan()
	var required, optional []query.Query
	seen := map[string]bool{}
	for _, n := range q.Must {
		sn, cand := p.nodePlan(n)
		p.clauses = append(p.clauses, sn)
		switch {
		case isFunctionWord(n):
			optional = append(optional, cand)
		case n.Kind == NodeWord:
			// A word typed twice scores twice but is required once.
			if k := vietnamese.Fold(n.Words[0]); !seen[k] {
				seen[k] = true
				required = append(required, cand)
			}
		default:
			required = append(required, cand)
		}
	}
	for _, run := range q.Runs {
		for i := 0; i+1 < len(run); i++ {
			p.clauses = append(p.clauses, p.pair(run[i], run[i+1], true))
		}
	}
	var cand query.Query
	switch k := minMatch(len(required), relax); {
	case len(required) == 0:
		cand = bleve.NewConjunctionQuery(optional...)
	case k >= len(required):
		cand = bleve.NewConjunctionQuery(required...)
	default:
		d := bleve.NewDisjunctionQuery(required...)
		d.SetMin(float64(k))
		cand = d
	}
	return &rankQuery{plan: p, candidate: cand}
}
