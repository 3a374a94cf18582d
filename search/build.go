package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// bleveQuery turns a parsed query plus the request's filters into a bleve
// query: the words as a rankQuery (plan.go decides what matches, rank.go
// how it ranks), the filters beside it with boost 0 (they narrow, they do
// not rank), the exclusions as must-not clauses. relax loosens a long
// query's soft AND (0: as planned; see minMatch).
func bleveQuery(q *Query, req Request, relax int) query.Query {
	bq := bleve.NewBooleanQuery()
	var must []query.Query
	if !q.Empty() {
		must = append(must, rankedWords(q, relax))
	} else {
		must = append(must, bleve.NewMatchAllQuery())
	}
	for _, n := range q.Not {
		_, cand := newRankPlan().nodePlan(exclusion(n))
		bq.AddMustNot(cand)
	}
	notFilter := func(field string, values []string, norm func(string) string) {
		if f := keywordFilter(field, values, norm); f != nil {
			bq.AddMustNot(f...)
		}
	}
	if f := keywordFilter(index.FieldProvinceKeys, append(append([]string(nil), req.Provinces...), q.Provinces...), index.ProvinceKey); f != nil {
		must = append(must, f...)
	}
	must = append(must, keywordFilter(index.FieldSource, append(append([]string(nil), req.Sources...), q.Sources...), strings.TrimSpace)...)
	must = append(must, keywordFilter(index.FieldTopics, append(append([]string(nil), req.Topics...), q.Topics...), strings.TrimSpace)...)
	must = append(must, keywordFilter(index.FieldAgency, append(append([]string(nil), req.Agencies...), q.Agencies...), vietnamese.NFC)...)
	notFilter(index.FieldProvinceKeys, q.NotProvinces, index.ProvinceKey)
	notFilter(index.FieldSource, q.NotSources, strings.TrimSpace)
	notFilter(index.FieldTopics, q.NotTopics, strings.TrimSpace)
	notFilter(index.FieldAgency, q.NotAgencies, vietnamese.NFC)
	for _, ref := range q.Refs {
		must = append(must, refQuery(ref, 0))
	}
	for _, ref := range q.NotRefs {
		bq.AddMustNot(refQuery(ref, 0))
	}
	from, to := req.From, req.To
	if !q.From.IsZero() && (from.IsZero() || q.From.After(from)) {
		from = q.From
	}
	if !q.To.IsZero() && (to.IsZero() || q.To.Before(to)) {
		to = q.To
	}
	// bleve holds dates as nanoseconds since 1970 (years 1678 to 2261):
	// a bound beyond them ("to=9999", a researcher's "no end") leaves
	// that side open rather than failing the search.
	var start, end time.Time
	if !from.IsZero() && from.After(index.EarliestDate) {
		start = from
	}
	if !to.IsZero() && to.Before(index.LatestDate) {
		end = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, index.Zone).AddDate(0, 0, 1)
	}
	if !start.IsZero() || !end.IsZero() {
		incl, excl := true, false
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

// fieldTerm is an unscored-by-design term query: boost 0 for filters.
func fieldTerm(field, term string, boost float64) query.Query {
	t := query.NewTermQuery(term)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// isRef reports whether a typed word is a document number, in whatever
// case it was typed (250/qđ-skhcn is 250/QĐ-SKHCN).
func isRef(w string) bool { return vietnamese.IsDocumentRef(strings.ToUpper(w)) }

// refQuery matches articles citing a document number, or a longer one it
// begins ("250/QĐ" finds 250/QĐ-SKHCN: index.RefKeys).
func refQuery(ref string, boost float64) query.Query {
	keys := index.RefSpellings(ref)
	if len(keys) == 1 {
		return fieldTerm(index.FieldRefs, keys[0], boost)
	}
	qs := make([]query.Query, len(keys))
	for i, k := range keys {
		qs[i] = fieldTerm(index.FieldRefs, k, boost)
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetBoost(boost)
	return d
}
