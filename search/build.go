package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// Boosts. A query typed with diacritics matches the folded form too, but a
// match of the exact spelling scores higher; titles weigh more than bodies.
const (
	boostTitle     = 3.0
	boostExact     = 2.0
	boostRef       = 3.0
	boostProximity = 1.5
)

// bleveQuery turns a parsed query plus the request's filters into a bleve query.
func bleveQuery(q *Query, req Request) query.Query {
	bq := bleve.NewBooleanQuery()
	var must []query.Query
	for _, n := range q.Must {
		must = append(must, nodeQuery(n))
	}
	// Words typed next to each other rank higher when they stand next to
	// each other in the text: a cheap proximity signal from the bigram field.
	for _, run := range q.Runs {
		for i := 0; i+1 < len(run); i++ {
			bq.AddShould(fieldTerm(index.FieldBodyBigram, index.BigramTerm(run[i], run[i+1]), boostProximity))
			bq.AddShould(fieldTerm(index.FieldTitleBigram, index.BigramTerm(run[i], run[i+1]), boostProximity*boostTitle))
		}
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	for _, n := range q.Not {
		bq.AddMustNot(nodeQuery(exclusion(n)))
	}
	if f := keywordFilter(index.FieldProvinceKeys, append(append([]string(nil), req.Provinces...), q.Provinces...), index.ProvinceKey); f != nil {
		must = append(must, f...)
	}
	must = append(must, keywordFilter(index.FieldSource, append(append([]string(nil), req.Sources...), q.Sources...), strings.TrimSpace)...)
	must = append(must, keywordFilter(index.FieldTopics, append(append([]string(nil), req.Topics...), q.Topics...), strings.TrimSpace)...)
	must = append(must, keywordFilter(index.FieldAgency, append(append([]string(nil), req.Agencies...), q.Agencies...), vietnamese.NFC)...)
	for _, ref := range q.Refs {
		must = append(must, fieldTerm(index.FieldRefs, index.RefKey(ref), 1))
	}
	from, to := req.From, req.To
	if !q.From.IsZero() && (from.IsZero() || q.From.After(from)) {
		from = q.From
	}
	if !q.To.IsZero() && (to.IsZero() || q.To.Before(to)) {
		to = q.To
	}
	if !from.IsZero() || !to.IsZero() {
		incl, excl := true, false
		var start, end time.Time
		if !from.IsZero() {
			start = from
		}
		if !to.IsZero() {
			end = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, index.Zone).AddDate(0, 0, 1)
		}
		dr := bleve.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		dr.SetField(index.FieldPublished)
		dr.SetBoost(0) // a filter, as keywordFilter
		must = append(must, dr)
	}
	bq.AddMust(must...)
	return bq
}

// keywordFilter: any of the values (OR), as one must clause. A filter
// narrows, it does not rank: its boost is 0, so that, say, an article
// filed under both its old and its new province (two keys, a shorter
// length norm) does not score below one filed under one.
func keywordFilter(field string, values []string, norm func(string) string) []query.Query {
	var qs []query.Query
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if k := norm(part); k != "" {
				qs = append(qs, fieldTerm(field, k, 0))
			}
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return []query.Query{bleve.NewDisjunctionQuery(qs...)}
}

// exclusion narrows what an excluded word removes: typed with diacritics,
// -tình removes "tình", not every folded "tinh" (tỉnh, tính …). A phrase
// is excluded by its folded syllable pairs.
func exclusion(n Node) Node {
	switch n.Kind {
	case NodeWord:
		if vietnamese.HasDiacritics(n.Words[0]) {
			n.ExactOnly = true
		}
	case NodeAny, NodeAll:
		alts := make([]Node, len(n.Alts))
		for i, a := range n.Alts {
			alts[i] = exclusion(a)
		}
		n.Alts = alts
	}
	return n
}

// fieldTerm is a term query that scores with the whole index's statistics
// on a relevance page over shards (globalscore.go).
func fieldTerm(field, term string, boost float64) query.Query {
	t := &termQuery{TermQuery: query.TermQuery{Term: term, FieldVal: field}}
	t.SetBoost(boost)
	return t
}

func nodeQuery(n Node) query.Query {
	q := unweightedQuery(n)
	if n.Weight > 0 && n.Weight != 1 {
		scaleBoosts(q, n.Weight)
	}
	return q
}

// scaleBoosts multiplies the boost of every term below q by w. bleve
// ignores the boost of a disjunction or conjunction, so a node's weight
// (an abbreviation's expansion, weighed as the one word it replaces) is
// carried down to the terms, whose boosts bleve does apply. The terms are
// new for each query, so nothing else sees the change.
func scaleBoosts(q query.Query, w float64) {
	eachTerm(q, func(t *termQuery) { t.SetBoost(t.BoostVal.Value() * w) })
}

func unweightedQuery(n Node) query.Query {
	switch n.Kind {
	case NodeAny:
		alts := make([]query.Query, len(n.Alts))
		for i, a := range n.Alts {
			alts[i] = nodeQuery(a)
		}
		return bleve.NewDisjunctionQuery(alts...)
	case NodeAll:
		all := make([]query.Query, len(n.Alts))
		for i, a := range n.Alts {
			all[i] = nodeQuery(a)
		}
		return bleve.NewConjunctionQuery(all...)
	case NodePhrase:
		return phraseQuery(n.Words, !n.Expanded)
	default:
		return wordQuery(n.Words[0], n.ExactOnly)
	}
}

// wordQuery matches one word: folded always (diacritics are optional), the
// exact spelling too when the user typed diacritics, ranking it higher.
// Only words written with diacritics are in the exact fields (the index's
// exactStream): a word without them is its own folded term, so its exact
// match is asked of the folded fields, with the exact boost.
func wordQuery(w string, exactOnly bool) query.Query {
	marked := vietnamese.HasDiacritics(w)
	var qs []query.Query
	switch {
	case !exactOnly:
		f := index.FoldedTerm(w)
		qs = append(qs, fieldTerm(index.FieldTitleFolded, f, boostTitle), fieldTerm(index.FieldBodyFolded, f, 1))
	case !marked:
		f := index.FoldedTerm(w)
		qs = append(qs, fieldTerm(index.FieldTitleFolded, f, boostTitle*boostExact), fieldTerm(index.FieldBodyFolded, f, boostExact))
	}
	if marked {
		e := index.ExactTerm(w)
		qs = append(qs, fieldTerm(index.FieldTitle, e, boostTitle*boostExact), fieldTerm(index.FieldBody, e, boostExact))
	}
	if vietnamese.IsDocumentRef(w) {
		qs = append(qs, fieldTerm(index.FieldRefs, index.RefKey(w), boostRef))
	} else if parts := phraseWords(w); len(parts) > 1 && !exactOnly {
		// A compound ("2020-2025", "KH&CN") also matches its parts written
		// apart ("2020 – 2025", "KH & CN").
		qs = append(qs, phraseQuery(parts, false))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// phraseQuery matches words next to each other: every folded syllable pair
// of the phrase in the bigram field (no positions needed), in the body or
// in the title. With diacritics, exact spellings of its words rank higher.
//
// exactBoost is false for text the user did not type (an abbreviation's
// expansion, a compound's parts): its spelling says nothing about what the
// user wants, and the exact terms of common syllables ("và", "công") are
// long postings to walk for every match.
func phraseQuery(words []string, exactBoost bool) query.Query {
	if len(words) == 1 {
		return wordQuery(words[0], false)
	}
	inField := func(field string, boost float64) query.Query {
		var pairs []query.Query
		seen := map[string]bool{}
		for i := 0; i+1 < len(words); i++ {
			t := index.BigramTerm(words[i], words[i+1])
			if !seen[t] {
				seen[t] = true
				pairs = append(pairs, fieldTerm(field, t, boost))
			}
		}
		return bleve.NewConjunctionQuery(pairs...)
	}
	match := bleve.NewDisjunctionQuery(inField(index.FieldBodyBigram, 1), inField(index.FieldTitleBigram, boostTitle))
	if !exactBoost || !vietnamese.HasDiacritics(strings.Join(words, " ")) {
		return match
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(match)
	for _, w := range words {
		if vietnamese.HasDiacritics(w) {
			bq.AddShould(fieldTerm(index.FieldBody, index.ExactTerm(w), boostExact/2))
			bq.AddShould(fieldTerm(index.FieldTitle, index.ExactTerm(w), boostExact))
		}
	}
	return bq
}
