package search

import (
	"math"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// A rankPlan is a parsed query made ready to score (rank.go): the terms
// whose postings are read, and a tree of scoring nodes over them. The same
// walk over the query builds the candidate query, the bleve query that
// decides what matches.

type scoreKind uint8

const (
	scoreWord scoreKind = iota // one word: exact spelling, look-alikes, a document number
	scorePair                  // two words next to each other (a bigram term)
	scoreSum                   // all children (a phrase: its words and pairs; NodeAll)
	scoreMax                   // the best child (NodeAny: OR, abbreviations)
)

type scoreNode struct {
	kind     scoreKind
	id       int     // index into planWeights
	weight   float64 // multiplier, 1 unless an abbreviation's expansion
	children []*scoreNode

	// scoreWord: slot indexes, -1 when absent. vT, vB: the folded
	// terms of the word's other i/y spelling (kì beside kỳ); xT, xB:
	// its other exact spelling, where the exact fields keep one (sỹ
	// beside sĩ).
	fT, fB, vT, vB, eT, eB, xT, xB int
	refs                           []int // a document number's spellings (250/QĐ, 250/QD)
	marked                         bool  // typed with diacritics: exact spelling first
	exactOnly                      bool  // look-alikes do not count (abbreviation synonyms)
	// aT, aB: for a word typed without marks among words typed with
	// them ("Nguyễn Thị Hoa"), the exact slots of its accented spellings
	// (hòa, hóa …): the article's folded count less theirs is the word
	// as typed (exactTF).
	aT, aB []int

	// scorePair: the bigram slots of every spelling of the pair (kỳ
	// họp: "ky hop", "ki hop"), title and body.
	pT, pB []int
	gate   []gateWord // each of the pair's words typed with diacritics (or among words that were)
}

type rankPlan struct {
	slots   []slot
	index   map[fieldTermKey]int
	nodes   int
	clauses []*scoreNode // summed: the query's words, phrases and pairs
	// titleCover: a long query's score rises with the share of the
	// article's title it covers (see titleCover).
	titleCover bool
	// plainExact: a keyword query typed with diacritics, whose words
	// typed without them are exact spellings too (Hoa, Minh, Vinh).
	plainExact bool
	accents    map[string][]string // accentedSpellings, once per word
}

// accentedSpellings is vietnamese.AccentedSpellings of a word typed
// without marks when the plan takes such words as spelled (plainExact),
// computed once for the word and the pairs it stands in; nil otherwise.
func (p *rankPlan) accentedSpellings(w string) []string {
	if !p.plainExact {
		return nil
	}
	vs, ok := p.accents[w]
	if !ok {
		if p.accents == nil {
			p.accents = map[string][]string{}
		}
		vs = vietnamese.AccentedSpellings(w)
		p.accents[w] = vs
	}
	return vs
}

// planWeights are a plan's figures for one index: each node's idf (exact
// and folded for words) and the average field lengths.
type planWeights struct {
	idfE, idfF   []float64
	avgT, avgB   float64
	avgPT, avgPB float64
	bounds       []float64 // the most each clause can score
	order        []int     // clauses worth reading (negligible), most valuable first
	total        float64   // their bounds' sum
}

func newRankPlan() *rankPlan { return &rankPlan{index: map[fieldTermKey]int{}} }

// slotOf returns the slot of field:term, adding it.
func (p *rankPlan) slotOf(field, term string, kind slotKind) int {
	k := fieldTermKey{field, term}
	if i, ok := p.index[k]; ok {
		return i
	}
	p.slots = append(p.slots, slot{key: k, kind: kind})
	p.index[k] = len(p.slots) - 1
	return len(p.slots) - 1
}

func (p *rankPlan) node(kind scoreKind) *scoreNode {
	n := &scoreNode{kind: kind, id: p.nodes, weight: 1, fT: -1, fB: -1, vT: -1, vB: -1, eT: -1, eB: -1, xT: -1, xB: -1}
	p.nodes++
	return n
}

// matchTerm is an unscored term of a candidate query.
func matchTerm(field, term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

// word plans one word. exact says whether its spelling is the user's
// (typed, not an expansion), so that exact spellings rank first.
func (p *rankPlan) word(w string, exactOnly, exact bool) (*scoreNode, query.Query) {
	return p.wordParts(w, exactOnly, exact, true)
}

// wordParts is word; parts says whether a compound also matches its parts
// written apart (not inside a phrase, whose pairs already hold them).
func (p *rankPlan) wordParts(w string, exactOnly, exact, parts bool) (*scoreNode, query.Query) {
	n := p.node(scoreWord)
	marked := vietnamese.HasDiacritics(w)
	n.marked = exact && marked
	n.exactOnly = exactOnly && marked
	// The canonical spelling's folded form: quí and quý are both "quy"
	// (an article's "quí" is found by its exact term, canonical "quý").
	f := index.FoldedTerm(w)
	if marked {
		f = index.FoldedTerm(index.ExactTerm(w))
	}
	n.fT = p.slotOf(index.FieldTitleFolded, f, slotTitle)
	n.fB = p.slotOf(index.FieldBodyFolded, f, slotBody)
	var cands []query.Query
	for _, v := range index.FoldedSpellings(w) {
		if v != f {
			n.vT = p.slotOf(index.FieldTitleFolded, v, slotTitle)
			n.vB = p.slotOf(index.FieldBodyFolded, v, slotBody)
			if !n.exactOnly {
				cands = append(cands, matchTerm(index.FieldTitleFolded, v), matchTerm(index.FieldBodyFolded, v))
			}
		}
	}
	if marked {
		spellings := index.ExactSpellings(w)
		n.eT = p.slotOf(index.FieldTitle, spellings[0], slotTitle)
		n.eB = p.slotOf(index.FieldBody, spellings[0], slotBody)
		if len(spellings) > 1 {
			n.xT = p.slotOf(index.FieldTitle, spellings[1], slotTitle)
			n.xB = p.slotOf(index.FieldBody, spellings[1], slotBody)
		}
		if n.exactOnly || index.FoldedTerm(w) != f || strings.ContainsRune(f, 'y') {
			// A word whose canonical spelling has a y (kỳ, quý) may be
			// written with an i (kì, quí): such articles hold another
			// folded term ("ki"), found by the exact one. Otherwise the
			// folded terms find every exact match, at half the postings
			// to walk.
			for _, e := range spellings {
				cands = append(cands, matchTerm(index.FieldTitle, e), matchTerm(index.FieldBody, e))
			}
		}
	}
	if !n.exactOnly {
		cands = append(cands, matchTerm(index.FieldTitleFolded, f), matchTerm(index.FieldBodyFolded, f))
	}
	if !marked && exact {
		// "Hoa" in "Nguyễn Thị Hoa": hòa, hóa and họa are look-alikes.
		if vs := p.accentedSpellings(w); len(vs) > 0 {
			n.marked = true
			for _, v := range vs {
				n.aT = append(n.aT, p.slotOf(index.FieldTitle, v, slotTitle))
				n.aB = append(n.aB, p.slotOf(index.FieldBody, v, slotBody))
			}
		}
	}
	if isRef(w) {
		for _, k := range index.RefSpellings(w) {
			n.refs = append(n.refs, p.slotOf(index.FieldRefs, k, slotRef))
			cands = append(cands, matchTerm(index.FieldRefs, k))
		}
	} else if pw := phraseWords(w); len(pw) > 1 && parts {
		// A compound ("2020-2025", "KH&CN") also matches its parts written
		// apart ("2020 – 2025", "KH & CN").
		pn, pc := p.phrase(pw, false)
		n.children = append(n.children, pn)
		cands = append(cands, pc)
	}
	return n, bleve.NewDisjunctionQuery(cands...)
}

// pair plans two words next to each other. Typed with diacritics, the
// pair counts fully only where the article holds its words as typed.
func (p *rankPlan) pair(a, b string, exact bool) *scoreNode {
	n := p.node(scorePair)
	for _, t := range index.BigramTerms(a, b) {
		n.pT = append(n.pT, p.slotOf(index.FieldTitleBigram, t, slotTitle))
		n.pB = append(n.pB, p.slotOf(index.FieldBodyBigram, t, slotBody))
	}
	if exact {
		for _, w := range []string{a, b} {
			var g gateWord
			if vietnamese.HasDiacritics(w) {
				for _, e := range index.ExactSpellings(w) {
					g.exact = append(g.exact, p.slotOf(index.FieldTitle, e, slotTitle), p.slotOf(index.FieldBody, e, slotBody))
				}
			} else if vs := p.accentedSpellings(w); len(vs) > 0 {
				for _, f := range index.FoldedSpellings(w) {
					g.folded = append(g.folded, p.slotOf(index.FieldTitleFolded, f, slotTitle), p.slotOf(index.FieldBodyFolded, f, slotBody))
				}
				for _, v := range vs {
					g.accents = append(g.accents, p.slotOf(index.FieldTitle, v, slotTitle), p.slotOf(index.FieldBody, v, slotBody))
				}
			} else {
				continue
			}
			n.gate = append(n.gate, g)
		}
	}
	return n
}

// A gateWord is one word of a pair that an article must hold as typed
// for the pair to count fully: its exact spellings, or, typed without
// marks among words with them, its folded form more often than its
// accented spellings (Hoa, not only Hòa).
type gateWord struct {
	exact, folded, accents []int
}

func (g gateWord) held(d postings) bool {
	if len(g.folded) > 0 {
		return tfSum(d, g.folded) > tfSum(d, g.accents)
	}
	return tfSum(d, g.exact) > 0
}

// phrase plans words next to each other: the article must hold every pair
// of the phrase, in its body or in its title; it scores its words and its
// pairs.
func (p *rankPlan) phrase(words []string, exact bool) (*scoreNode, query.Query) {
	if len(words) == 1 {
		return p.word(words[0], false, exact)
	}
	// A phrase scores its pairs: every article it matches holds them all,
	// so its words' own postings (four reads each per candidate, the
	// bulk of a common phrase's cost at a million articles) would add
	// little but their frequency. Each pair counts three times: for the
	// two words it joins and for their standing together (tuned: 3 and 4
	// gave the fixture among distractors 0.938, 2 gave 0.934, 6 0.934);
	// typed with diacritics, a pair counts fully only where the article
	// holds its words as typed.
	n := p.node(scoreSum)
	n.weight = phrasePairWeight
	var body, title []query.Query
	seen := map[string]bool{}
	for i := 0; i+1 < len(words); i++ {
		t := index.BigramTerm(words[i], words[i+1])
		if seen[t] {
			continue
		}
		seen[t] = true
		n.children = append(n.children, p.pair(words[i], words[i+1], exact))
		body = append(body, bigramMatch(index.FieldBodyBigram, words[i], words[i+1]))
		title = append(title, bigramMatch(index.FieldTitleBigram, words[i], words[i+1]))
	}
	return n, bleve.NewDisjunctionQuery(bleve.NewConjunctionQuery(body...), bleve.NewConjunctionQuery(title...))
}

// bigramMatch matches a followed by b in a bigram field, in any of their
// i/y spellings.
func bigramMatch(field, a, b string) query.Query {
	ts := index.BigramTerms(a, b)
	if len(ts) == 1 {
		return matchTerm(field, ts[0])
	}
	qs := make([]query.Query, len(ts))
	for i, t := range ts {
		qs[i] = matchTerm(field, t)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// phrasePairWeight is what one pair of a phrase weighs (see phrase).
const phrasePairWeight = 3.0

// nodePlan plans a parsed query node.
func (p *rankPlan) nodePlan(n Node) (*scoreNode, query.Query) {
	var sn *scoreNode
	var cand query.Query
	switch n.Kind {
	case NodeAny, NodeAll:
		kind := scoreMax
		if n.Kind == NodeAll {
			kind = scoreSum
		}
		sn = p.node(kind)
		cands := make([]query.Query, len(n.Alts))
		for i, a := range n.Alts {
			var c *scoreNode
			c, cands[i] = p.nodePlan(a)
			sn.children = append(sn.children, c)
		}
		if n.Kind == NodeAll {
			cand = bleve.NewConjunctionQuery(cands...)
		} else {
			cand = bleve.NewDisjunctionQuery(cands...)
		}
	case NodePhrase:
		sn, cand = p.phrase(n.Words, !n.Expanded)
	default:
		sn, cand = p.word(n.Words[0], n.ExactOnly, true)
	}
	if n.Weight > 0 {
		sn.weight *= n.Weight
	}
	return sn, cand
}

// weigh computes the plan's idfs and average lengths from st.
func (p *rankPlan) weigh(st *corpusStats) *planWeights {
	w := &planWeights{idfE: make([]float64, p.nodes), idfF: make([]float64, p.nodes)}
	w.avgT, w.avgB = st.lengths.Averages()
	w.avgPT, w.avgPB = max(w.avgT-1, 1), max(w.avgB-1, 1)
	df := func(slots ...int) uint64 {
		var d uint64
		for _, s := range slots {
			if s >= 0 {
				d = max(d, st.df[p.slots[s].key])
			}
		}
		return d
	}
	// Two spellings of a word or pair (kì and kỳ) are one term: their
	// articles add up.
	spellingsDF := func(title, body []int) uint64 {
		var d uint64
		for i := range title {
			d += df(title[i], body[i])
		}
		return min(d, st.docs)
	}
	var walk func(n *scoreNode)
	walk = func(n *scoreNode) {
		switch n.kind {
		case scoreWord:
			w.idfF[n.id] = idf(st.docs, spellingsDF([]int{n.fT, n.vT}, []int{n.fB, n.vB}))
			if n.eT >= 0 {
				w.idfE[n.id] = idf(st.docs, spellingsDF([]int{n.eT, n.xT}, []int{n.eB, n.xB}))
			}
			if len(n.aT) > 0 {
				// The articles with the word as typed: about those
				// with its folded form less those with its accents.
				folded := spellingsDF([]int{n.fT, n.vT}, []int{n.fB, n.vB})
				w.idfE[n.id] = idf(st.docs, max(folded-min(spellingsDF(n.aT, n.aB), folded), 1))
			}
			if len(n.refs) > 0 {
				w.idfE[n.id] = idf(st.docs, spellingsDF(n.refs, n.refs)) // the document number's
			}
		case scorePair:
			w.idfF[n.id] = idf(st.docs, spellingsDF(n.pT, n.pB))
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	for _, c := range p.clauses {
		walk(c)
	}
	bounds := make([]float64, len(p.clauses))
	total := 0.0
	for i, c := range p.clauses {
		bounds[i] = p.bound(c, w)
		total += bounds[i]
	}
	for i, b := range bounds {
		if b >= negligible*total {
			w.order = append(w.order, i)
			w.total += b
		}
	}
	sort.SliceStable(w.order, func(a, b int) bool { return bounds[w.order[a]] > bounds[w.order[b]] })
	w.bounds = bounds
	return w
}

// postings are one article's frequencies and field lengths per slot, read
// as the score needs them (a clause skipped reads nothing).
type postings interface {
	tf(slot int) float64     // 0 when the article lacks the term (and for slot -1)
	length(slot int) float64 // the field's length, when tf > 0
}

// score is an article's score from its postings.
//
// Clauses are scored most valuable first (MaxScore): once what is scored
// plus the most the rest could add stays under floor, the article cannot
// enter the page, and the rest is not read; the partial score returned is
// under floor too, so it never enters the page either. Only the clauses'
// order of addition is fixed, so an article's full score is the same on
// every page and shard.
//
// skip, when not nil, marks the clauses known to score nothing for this
// article (a long query's candidates know which words they hold): they
// are not read, and the most the rest could add leaves them out. Adding
// their zero would not change the sum, so the score is the same.
func (p *rankPlan) score(w *planWeights, d postings, floor float64, skip []bool) float64 {
	if !earlyExit {
		floor = math.Inf(-1)
	}
	var s float64
	rest := w.total
	if skip != nil {
		for _, i := range w.order {
			if skip[i] {
				rest -= w.bounds[i]
			}
		}
	}
	// The title's cover multiplies the sum. It is read first, from the
	// title postings alone (short lists: a title is some 14 words), so
	// that the early exit below multiplies by the article's own factor
	// (1 where the title holds none of the words) rather than by the most
	// a cover could add.
	factor := 1.0
	if p.titleCover {
		// Even the fullest cover could not lift what the candidate's
		// words and pairs could add over the floor: a fifth of a
		// question's candidates at a million articles, once its pairs
		// are marked, leave here unread.
		if rest*(1+rankParams.titleCoverWeight) < floor {
			return 0
		}
		factor += rankParams.titleCoverWeight * p.cover(w, d, skip)
	}
	for _, i := range w.order {
		if skip != nil && skip[i] {
			continue
		}
		if (s+rest)*factor < floor {
			return s
		}
		s += p.nodeScore(p.clauses[i], w, d)
		rest -= w.bounds[i]
	}
	return s * factor
}

// earlyExit turns the early exit on (tests compare pages without it).
var earlyExit = true

// cover is the share of the article's title that the query's words
// cover, squared: 1 when every word of the title was typed. A question
// that spells out a heading ("chuẩn bị phạm tội") is about the article
// of that heading more than about a longer one that merely holds it
// ("Quyết định hình phạt trong trường hợp chuẩn bị phạm tội, phạm tội
// chưa đạt"). Only the words the score reads count (not a negligible
// one, nor one the candidate lacks), and only their title postings are
// read; a look-alike of a word typed with diacritics counts as it scores
// (kiếm does not cover a title for kiêm).
func (p *rankPlan) cover(w *planWeights, d postings, skip []bool) float64 {
	var held, length float64
	for _, i := range w.order {
		c := p.clauses[i]
		if c.kind != scoreWord || c.fT < 0 || (skip != nil && skip[i]) {
			continue
		}
		t := d.tf(c.fT) + d.tf(c.vT)
		if t == 0 {
			continue
		}
		length = fieldLength(d, c.fT, c.vT)
		if c.marked || c.exactOnly {
			// Typed with diacritics: a look-alike covers little.
			e, _ := c.exactTF(d)
			t = e + rankParams.lookalikeWeight*max(t-e, 0)
		}
		held += t
	}
	if length == 0 {
		return 0
	}
	c := min(held/length, 1)
	return c * c
}

// negligible is the share of a query's best possible score under which a
// clause is not read at all: "và" or "của" in a long question (idf near
// 0, weighed a quarter) would cost a posting read per candidate for a
// hundredth of a point.
const negligible = 0.005

// bound is the most a node can score (saturation tends to k1+1).
func (p *rankPlan) bound(n *scoreNode, w *planWeights) float64 {
	sat := rankParams.k1 + 1
	var b float64
	switch n.kind {
	case scoreWord:
		b = w.idfF[n.id] * sat
		if n.marked || n.exactOnly {
			b = w.idfE[n.id]*sat + rankParams.lookalikeWeight*w.idfF[n.id]*sat
		}
		if len(n.refs) > 0 {
			b = math.Max(b, w.idfE[n.id]*sat)
		}
		for _, c := range n.children {
			b = math.Max(b, p.bound(c, w))
		}
	case scorePair:
		b = rankParams.pairWeight * w.idfF[n.id] * sat
	case scoreSum:
		for _, c := range n.children {
			b += p.bound(c, w)
		}
	case scoreMax:
		for _, c := range n.children {
			b = math.Max(b, p.bound(c, w))
		}
	}
	return b * n.weight
}

func (p *rankPlan) nodeScore(n *scoreNode, w *planWeights, d postings) float64 {
	var s float64
	switch n.kind {
	case scoreWord:
		s = p.wordScore(n, w, d)
	case scorePair:
		s = p.pairScore(n, w, d)
	case scoreSum:
		for _, c := range n.children {
			s += p.nodeScore(c, w, d)
		}
	case scoreMax:
		for _, c := range n.children {
			s = math.Max(s, p.nodeScore(c, w, d))
		}
	}
	return s * n.weight
}

// norms are the BM25 length divisors of the title and the body, from the
// lengths of the slots the article holds (the average where it holds
// neither).
func norms(tT, tB []int, avgT, avgB float64, d postings) (float64, float64) {
	lt, lb := avgT, avgB
	if l := fieldLength(d, tT...); l > 0 {
		lt = l
	}
	if l := fieldLength(d, tB...); l > 0 {
		lb = l
	}
	bt, bb := rankParams.bTitle, rankParams.bBody
	return 1 - bt + bt*lt/avgT, 1 - bb + bb*lb/avgB
}

// fieldLength is the length of the field of the first slot the article
// holds, 0 when it holds none.
func fieldLength(d postings, slots ...int) float64 {
	for _, s := range slots {
		if s >= 0 && d.tf(s) > 0 {
			return d.length(s)
		}
	}
	return 0
}

// tfSum is an article's frequency of the spellings in slots.
func tfSum(d postings, slots []int) float64 {
	var t float64
	for _, s := range slots {
		t += d.tf(s)
	}
	return t
}

func (p *rankPlan) wordScore(n *scoreNode, w *planWeights, d postings) float64 {
	nt, nb := norms([]int{n.fT, n.vT}, []int{n.fB, n.vB}, w.avgT, w.avgB, d)
	wt := rankParams.titleWeight
	xF := wt*(d.tf(n.fT)+d.tf(n.vT))/nt + (d.tf(n.fB)+d.tf(n.vB))/nb
	var s float64
	switch {
	case n.marked || n.exactOnly:
		eT, eB := n.exactTF(d)
		xE := wt*eT/nt + eB/nb
		s = w.idfE[n.id] * saturate(xE)
		if !n.exactOnly {
			s += rankParams.lookalikeWeight * w.idfF[n.id] * saturate(xF)
		}
	default:
		s = w.idfF[n.id] * saturate(xF)
	}
	if len(n.refs) > 0 && tfSum(d, n.refs) > 0 {
		s = math.Max(s, w.idfE[n.id]*saturate(1))
	}
	for _, c := range n.children { // a compound's parts written apart
		s = math.Max(s, p.nodeScore(c, w, d))
	}
	return s
}

func (p *rankPlan) pairScore(n *scoreNode, w *planWeights, d postings) float64 {
	tT, tB := tfSum(d, n.pT), tfSum(d, n.pB)
	if tT == 0 && tB == 0 {
		return 0
	}
	nt, nb := norms(n.pT, n.pB, w.avgPT, w.avgPB, d)
	x := rankParams.titleWeight*tT/nt + tB/nb
	s := rankParams.pairWeight * w.idfF[n.id] * saturate(x)
	if len(n.gate) > 0 {
		held := 0
		for _, g := range n.gate {
			if g.held(d) {
				held++
			}
		}
		l := rankParams.lookalikeWeight
		s *= l + (1-l)*float64(held)/float64(len(n.gate))
	}
	return s
}

// exactTF is how often an article holds a word as typed, in its title
// and body: its exact spellings' counts, or, for a word typed without
// marks (aT), its folded count less its accented spellings'.
func (n *scoreNode) exactTF(d postings) (title, body float64) {
	if len(n.aT) > 0 {
		return max(0, d.tf(n.fT)+d.tf(n.vT)-tfSum(d, n.aT)), max(0, d.tf(n.fB)+d.tf(n.vB)-tfSum(d, n.aB))
	}
	return d.tf(n.eT) + d.tf(n.xT), d.tf(n.eB) + d.tf(n.xB)
}
