package search

import (
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
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
const softShare = 0.4

// maxRelax is how many times a long query that found nothing is loosened
// (each halves what it requires) before it gives up: a question whose
// meaningful words mostly stand in one article never comes back empty.
const maxRelax = 3

// minMatch is how many of n meaningful words an article must hold, at
// relaxation level relax; soft says the query is a question or long.
func minMatch(n, relax int, soft bool) int {
	if !soft {
		return n
	}
	k := int(math.Ceil(softShare * float64(n)))
	k = max(k>>relax, 1)
	return min(k, n)
}

// functionWords are Vietnamese function words and the formulas of
// questions, in their canonical spelling and folded. Never required;
// scored by their idf like any word. A word typed with diacritics is
// looked up as spelled (đăng is not đang, tối is not tôi), one typed
// without by its folded form.
var functionWords, foldedFunctionWords = func() (map[string]bool, map[string]bool) {
	m, f := map[string]bool{}, map[string]bool{}
	for _, w := range []string{
		"và", "của", "là", "các", "những", "được", "có", "theo", "cho", "với", "trong", "này", "đó", "kia",
		"đúng", "hay", "sai", "hoặc", "thì", "mà", "để", "từ", "khi", "về", "đã", "sẽ", "đang", "bị", "do",
		"nào", "gì", "không", "ở", "tại", "một", "nếu", "như", "cũng", "vẫn", "rằng", "bởi", "vì", "nên",
		"đến", "ra", "vào", "lại", "thế", "sao", "bao", "nhiêu", "ai", "đâu", "chỉ", "còn", "cả", "mỗi",
		"trên", "dưới", "sau", "trước", "giữa", "qua", "bằng", "nhưng", "tuy", "nhiên", "thuộc", "việc",
		"phải", "hãy", "xin", "hỏi", "tôi", "em", "anh", "chị", "bạn", "ạ", "nhé", "à", "ư", "vậy", "đây",
	} {
		m[vietnamese.Canon(w)] = true
		f[vietnamese.Fold(w)] = true
	}
	return m, f
}()

// keywordFolds are function words that, typed without diacritics, are as
// often the words of government news: Ban (bạn), thi hành (thì), chi bộ
// (chỉ), hội (hỏi), Bí thư (bị), Đảng (đang), đơn vị (vì), mới (mỗi), văn
// (vẫn), tội (tôi), báo (bao), con (còn), anh hùng. In a keyword query they
// are required as the word typed with its diacritics is ("Ban Tuyên giáo"
// found articles without "Ban"; known items typed without diacritics:
// MRR@10 0.960 → 0.964). In a question they stay function words ("bao
// lâu", "tôi có được"): ALQAC's held-out questions typed without
// diacritics fell from 0.865 to 0.854 when they were required there too.
//
// Also (4 December 2026): đầu tư (đâu, từ), tài chính (tại), cơ sở (có),
// đề án (để), trồng (trong), cung cấp (cũng), thể (thế), độ, đa, khí
// (khi), về (vé), vay (vậy), dạy (đây), thuốc (thuộc), lái (lại), quả
// (qua): "dau tu cong" had found every "Công an" article.
var keywordFolds = map[string]bool{"ban": true, "thi": true, "chi": true, "hoi": true, "bi": true, "dang": true,
	"vi": true, "moi": true, "van": true, "toi": true, "bao": true, "con": true, "anh": true,
	"dau": true, "tu": true, "tai": true, "co": true, "de": true, "trong": true, "cung": true, "the": true,
	"do": true, "da": true, "khi": true, "ve": true, "vay": true, "day": true, "thuoc": true, "lai": true, "qua": true}

// isQueryFunctionWord is isFunctionWord for a node of q: in a keyword
// query, a keywordFolds word typed without diacritics is meaningful.
func isQueryFunctionWord(q *Query, n Node) bool {
	if !isFunctionWord(n) {
		return false
	}
	w := n.Words[0]
	return q.Soft() || vietnamese.HasDiacritics(w) || !keywordFolds[vietnamese.Fold(w)]
}

// isFunctionWord reports whether a query node is a lone function word.
func isFunctionWord(n Node) bool {
	if n.Kind != NodeWord {
		return false
	}
	w := n.Words[0]
	if vietnamese.HasDiacritics(w) {
		return functionWords[vietnamese.Canon(w)]
	}
	return foldedFunctionWords[vietnamese.Fold(w)]
}

// meaningful counts a query's meaningful words (after dropping repeats).
func (q *Query) meaningful() int {
	n := 0
	seen := map[string]bool{}
	for _, c := range q.Must {
		// A keywordFolds word typed without diacritics counts, so that
		// "muc ho tro doi moi cong nghe" is as long as "mức hỗ trợ đổi
		// mới công nghệ" (a soft AND), not six words all required.
		if isFunctionWord(c) && (vietnamese.HasDiacritics(c.Words[0]) || !keywordFolds[vietnamese.Fold(c.Words[0])]) {
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

// Soft reports whether the query is a question, or long enough, to need
// only a share of its words (and so may be loosened when it finds
// nothing). A question's answer seldom repeats its wording ("Một phụ nữ
// có thể kết hôn khi nào?" is answered by "Nữ từ đủ 18 tuổi trở lên").
func (q *Query) Soft() bool {
	n := q.meaningful()
	return n > allWordsUpTo || (q.Question && n > 1)
}

// rankedWords is the query's words as a rankQuery: the plan scores every
// word, phrase and pair of typed neighbours; the candidate query requires
// the meaningful words (all, or a share of a long query's).
func rankedWords(q *Query, relax int) query.Query {
	p := newRankPlan()
	p.plainExact = !q.Soft() && q.writtenInFull()
	var required, optional, marks []query.Query
	// needs: per scoring clause, the required clauses (bits) an article
	// holds whenever the clause scores, so that a long query's candidates
	// (minmatch.go), which know the clauses they hold, skip the clauses
	// that would score nothing; 0 for a clause never skipped. wordBit: a
	// plain required word's bit and the folded term its clause matches.
	var needs []uint64
	wordBit := map[string]wordRequired{}
	seen := map[string]bool{}
	// A word or pair typed twice is scored once: a question that repeats
	// "ma túy" is not about it three times more (ALQAC: +0.002 nDCG@10).
	scored := map[string]bool{}
	for _, n := range q.Must {
		if n.Kind == NodeWord {
			k := vietnamese.Canon(n.Words[0])
			if scored[k] {
				continue
			}
			scored[k] = true
		}
		sn, cand := p.nodePlan(n)
		if isQueryFunctionWord(q, n) {
			sn.weight *= rankParams.functionWeight
		}
		p.clauses = append(p.clauses, sn)
		need := uint64(0)
		switch {
		case isQueryFunctionWord(q, n):
			optional = append(optional, cand)
		case n.Kind == NodeWord:
			// A word typed twice scores twice but is required once.
			k := vietnamese.Fold(n.Words[0])
			if !seen[k] {
				seen[k] = true
				required = append(required, cand)
				// A plain word scores only from terms its clause
				// matches (plan.go, wordParts); a compound also scores
				// its parts' pairs, which the clause need not hold.
				if len(sn.children) == 0 && len(required) <= 64 {
					need = 1 << (len(required) - 1)
					if !n.ExactOnly {
						wordBit[k] = wordRequired{len(required) - 1, impliedFold(n.Words[0])}
					}
				}
			} else if wr, ok := wordBit[k]; ok && len(sn.children) == 0 && !n.ExactOnly && !isRef(n.Words[0]) && impliedFold(n.Words[0]) == wr.fold && !strings.ContainsRune(wr.fold, 'y') {
				// Another spelling of it (hồ after hộ): its exact and
				// folded terms imply the first one's folded term. Not a
				// document number: its ref term keeps the diacritics
				// (250/QĐ is not 250/QD), which the first one's clause
				// need not hold.
				need = 1 << wr.clause
			}
		default:
			// A phrase or an abbreviation's alternatives score from any
			// of their pairs: never skipped.
			required = append(required, cand)
		}
		needs = append(needs, need)
	}
	for r, run := range q.Runs {
		for i := 0; i+1 < len(run); i++ {
			k := vietnamese.Canon(run[i]) + " " + vietnamese.Canon(run[i+1])
			if scored[k] {
				continue
			}
			scored[k] = true
			var forms []pairForms
			if r < len(q.runForms) {
				forms = q.runForms[r]
			}
			pn, spellings := p.runPair(run, forms, i)
			if isQueryFunctionWord(q, wordNode(run[i])) && isQueryFunctionWord(q, wordNode(run[i+1])) {
				pn.weight *= rankParams.functionWeight // "là gì", "đúng hay"
			}
			p.clauses = append(p.clauses, pn)
			need := uint64(0)
			if bit := len(required) + len(marks); bit < 64 {
				// The candidates note whether they hold the pair
				// itself (minMatchQuery.marks): most hold the words
				// of a question's rare pairs, few the pairs.
				var terms []query.Query
				for _, sp := range spellings {
					for _, t := range index.BigramTerms(sp[0], sp[1]) {
						terms = append(terms, matchTerm(index.FieldTitleBigram, t), matchTerm(index.FieldBodyBigram, t))
					}
				}
				marks = append(marks, bleve.NewDisjunctionQuery(terms...))
				need = 1 << bit
			} else if len(spellings) == 1 {
				// A pair's term holds both words' folded terms. (A
				// pair with another spelling need not hold the typed
				// words: never skipped.)
				for _, w := range run[i : i+2] {
					if wr, ok := wordBit[vietnamese.Fold(w)]; ok && index.FoldedTerm(w) == wr.fold {
						need |= 1 << wr.clause
					}
				}
			}
			needs = append(needs, need)
		}
	}
	// A long query (a question, a pasted sentence) may spell out an
	// article's heading; a short one is keywords, whose title matches
	// BM25F already weighs (and a look-alike title must not gain by it).
	p.titleCover = q.Soft()
	var cand query.Query
	switch k := minMatch(len(required), relax, q.Soft()); {
	case len(required) == 0:
		cand = bleve.NewConjunctionQuery(optional...)
	case k >= len(required):
		cand = bleve.NewConjunctionQuery(required...)
	case !blockMinMatch:
		d := bleve.NewDisjunctionQuery(required...)
		d.SetMin(float64(k))
		cand = d
	default:
		cand = &minMatchQuery{clauses: required, min: k, marks: marks}
		return &rankQuery{plan: p, candidate: cand, needs: needs}
	}
	return &rankQuery{plan: p, candidate: cand}
}

// wordRequired is a required word's clause and the folded term it matches.
type wordRequired struct {
	clause int
	fold   string
}

// impliedFold is the folded term a word's clause matches (plan.go,
// wordParts): the canonical spelling's when typed with diacritics.
func impliedFold(w string) string {
	if vietnamese.HasDiacritics(w) {
		return index.FoldedTerm(index.ExactTerm(w))
	}
	return index.FoldedTerm(w)
}

// runPair plans the pair of run words i and i+1: the typed pair, or the
// best of its spellings where a word ends or begins an abbreviation or
// its expansion (pairForms). It returns the spellings planned, the typed
// one first.
func (p *rankPlan) runPair(run []string, forms []pairForms, i int) (*scoreNode, [][2]string) {
	spellings := [][2]string{{run[i], run[i+1]}}
	if i+1 < len(forms) {
		firsts := append([]string{run[i]}, forms[i].first...)
		seconds := append([]string{run[i+1]}, forms[i+1].second...)
		for _, a := range firsts {
			for _, b := range seconds {
				if a != run[i] || b != run[i+1] {
					spellings = append(spellings, [2]string{a, b})
				}
			}
		}
	}
	if len(spellings) == 1 {
		return p.pair(run[i], run[i+1], true), spellings
	}
	n := p.node(scoreMax)
	for _, sp := range spellings {
		n.children = append(n.children, p.pair(sp[0], sp[1], true))
	}
	return n, spellings
}

// writtenInFull reports whether the user typed the query's words with
// their diacritics: at least two thirds of the words that can carry them
// do. Its words typed without them are then spelled so ("Nguyễn Thị Hoa"
// asks for Hoa, not Hòa; "thành phố Vinh" for Vinh), while a query typed
// mostly without ("kinh phi Bến Tre", `kinh phi "khoa học và công
// nghệ"`) reads them as every spelling, as it always did.
func (q *Query) writtenInFull() bool {
	accented, could := 0, 0
	count := func(w string) {
		switch {
		case vietnamese.HasDiacritics(w):
			accented++
			could++
		case len(vietnamese.AccentedSpellings(w)) > 0:
			could++
		}
	}
	var walk func(n Node)
	walk = func(n Node) {
		if n.Expanded {
			return
		}
		switch n.Kind {
		case NodeWord, NodePhrase:
			for _, w := range n.Words {
				count(w)
			}
		case NodeAny:
			if len(n.Alts) > 0 {
				walk(n.Alts[0]) // the words as typed; the rest are other spellings
			}
		case NodeAll:
			for _, a := range n.Alts {
				walk(a)
			}
		}
	}
	for _, n := range q.Must {
		walk(n)
	}
	return accented > 0 && 3*accented >= 2*could
}
