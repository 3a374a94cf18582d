package search

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/govnews/govnews/index"
)

// Options configure a Searcher.
type Options struct {
	Abbreviations *Abbreviations // may be nil
	Topics        *Topics        // may be nil
}

// Searcher runs searches over an index.
type Searcher struct {
	ix       *index.Index
	opts     Options
	facets   facetCache
	months   monthSpan
	agencies agencySpellings
}

// New returns a Searcher over ix.
func New(ix *index.Index, opts Options) *Searcher { return &Searcher{ix: ix, opts: opts} }

// Topics lists the configured topics.
func (s *Searcher) Topics() []Topic { return s.opts.Topics.List() }

// Parse parses a query with the configured abbreviations; the provinces
// it names are read as the index's province table reads them.
func (s *Searcher) Parse(q string) (*Query, error) {
	pq, err := Parse(q, s.opts.Abbreviations)
	if pq != nil {
		pq.Provinces = s.canonicalProvinces(pq.Provinces)
		pq.NotProvinces = s.canonicalProvinces(pq.NotProvinces)
		pq.Agencies = s.canonicalAgencies(pq.Agencies)
		pq.NotAgencies = s.canonicalAgencies(pq.NotAgencies)
	}
	return pq, err
}

// canonicalProvinces returns names (each possibly a comma-separated list)
// with every province the table knows under its display name, so that a
// filter typed "ben tre", "Bà Rịa-Vũng Tàu" or "Sài Gòn" finds what the
// province's own name finds, in the CLI as in the API.
func (s *Searcher) canonicalProvinces(names []string) []string {
	table := s.ix.Provinces()
	if table == nil || len(names) == 0 {
		return names
	}
	out := make([]string, 0, len(names))
	for _, v := range names {
		parts := strings.Split(v, ",")
		for i, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				parts[i] = table.Canonical(p)
			}
		}
		out = append(out, strings.Join(parts, ","))
	}
	return out
}

// Article returns a stored article by id.
func (s *Searcher) Article(id string) (index.Article, bool, error) { return s.ix.GetByID(id) }

var facetFields = map[string]struct {
	field string
	size  int
}{
	FacetProvince: {index.FieldProvince, 70},
	FacetSource:   {index.FieldSource, 50},
	FacetTopic:    {index.FieldTopics, 50},
	FacetMonth:    {index.FieldMonth, 600},
	// Agency is filterable but not faceted: each facet costs a doc-value
	// visit per hit, and researchers narrow by province and source.
}

// cursor is where the next page starts: the sort values of the last hit.
type cursor struct {
	Sort     string   `json:"s"`
	After    []string `json:"a"`
	Collapse bool     `json:"c,omitempty"` // a collapsed page's (collapse.go)
}

func (r *Request) validate() error {
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
	case SortRelevance, SortDate, SortDateAsc:
	default:
		return &Error{Param: "sort", Msg: fmt.Sprintf("unknown sort %q (use relevance, date or date_asc)", r.Sort)}
	}
	switch {
	case r.Limit == 0:
		r.Limit = DefaultLimit
	case r.Limit < 0 || r.Limit > MaxLimit:
		return &Error{Param: "limit", Msg: fmt.Sprintf("%d is out of range 1..%d", r.Limit, MaxLimit)}
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return &Error{Param: "to", Msg: fmt.Sprintf("%s is before from %s", r.To.Format("2006-01-02"), r.From.Format("2006-01-02"))}
	}
	return nil
}

// prepared is a request ready to run: the bleve request, plus for a
// relevance sort the cursor position, which topScores applies itself.
type prepared struct {
	q       *Query
	sr      *bleve.SearchRequest
	byScore bool
	after   *scoreAfter
	// countedElsewhere: a facet search of the same query runs beside
	// this one and gives the total, so a date page need not count.
	countedElsewhere bool
}

func (s *Searcher) prepare(req *Request) (*prepared, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	q, err := s.Parse(req.Query)
	if err != nil {
		return nil, err
	}
	if q.Empty() && req.Sort == SortRelevance {
		req.Sort = SortDate // nothing to rank by: newest first
	}
	p := &prepared{q: q, sr: bleve.NewSearchRequestOptions(withGroup(bleveQuery(q, *req, req.relax), *req), req.Limit, 0, false)}
	switch req.Sort {
	case SortDate:
		// Keys are nearly unique (index.SortKeys): no document-id
		// tie-break; runSorted keeps a run of equal keys on one page.
		p.sr.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: index.FieldSortNewest, Desc: true, Type: bsearch.SortFieldAsNumber}})
		p.sr.Score = bleve.ScoreNone // the order is the date's: no scoring
	case SortDateAsc:
		p.sr.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: index.FieldSortOldest, Type: bsearch.SortFieldAsNumber}})
		p.sr.Score = bleve.ScoreNone
	default:
		// bleve sorts by score alone; topScores breaks ties by id and
		// reads the stored articles (see topscores.go).
		p.byScore = true
	}
	if req.Cursor == "" {
		return p, nil
	}
	bad := &Error{Param: "cursor", Msg: "not a cursor of this search (take next_cursor from the previous page, with the same sort)"}
	c, err := decodeCursor(req.Cursor)
	if err != nil || c.Sort != req.Sort || c.Collapse != req.Collapse {
		return nil, bad
	}
	if req.Sort != SortRelevance {
		if len(c.After) != 1 {
			return nil, bad
		}
		p.sr.SearchAfter = c.After
		return p, nil
	}
	if len(c.After) != 2 {
		return nil, bad
	}
	score, err := strconv.ParseFloat(c.After[0], 64)
	if err != nil {
		return nil, bad
	}
	p.after = &scoreAfter{Score: score, ID: c.After[1]}
	return p, nil
}

// run runs a prepared request and returns bleve's result (for the total
// and the facets) with the page's hits and their stored articles, and
// whether hits may follow the page (false when the page is provably the
// last, so that no cursor leads to an empty page).
func (s *Searcher) run(ctx context.Context, p *prepared, req Request) (*bleve.SearchResult, []storedHit, bool, error) {
	if p.byScore {
		return searchByScore(ctx, s.ix.Shards(), p.sr, p.after)
	}
	return s.runByDate(ctx, p, req)
}

// Search runs one page of a search. A long query (a question, a sentence)
// that finds nothing is run again needing fewer of its words (softand.go),
// so that it never comes back empty while some article holds most of them.
// A later page repeats the same steps and lands on the same level.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	started := time.Now()
	req.Provinces = s.canonicalProvinces(req.Provinces)
	req.Agencies = s.canonicalAgencies(req.Agencies)
	for {
		res, err := s.searchOnce(ctx, req)
		if err != nil || res.Total > 0 || req.relax >= maxRelax {
			if res != nil {
				res.Took = time.Since(started)
				res.TookMS = float64(res.Took.Microseconds()) / 1000
				res.Loosened = req.relax
			}
			return res, err
		}
		q, _ := s.Parse(req.Query)
		if q == nil || !q.Soft() {
			return res, nil
		}
		if excluded, err := s.excludedAway(ctx, q, req); err != nil || excluded {
			return res, err
		}
		req.relax++
	}
}

// excludedAway reports whether the query's exclusions (-word, -"phrase",
// -source: …) are what leaves it without a hit at its level: the reader
// left those articles out, so loosening the words would only bring in
// articles that hold fewer of them, ranked as if they answered.
func (s *Searcher) excludedAway(ctx context.Context, q *Query, req Request) (bool, error) {
	if len(q.Not)+len(q.NotProvinces)+len(q.NotSources)+len(q.NotTopics)+len(q.NotAgencies)+len(q.NotRefs) == 0 {
		return false, nil
	}
	kept := *q
	kept.Not, kept.NotProvinces, kept.NotSources, kept.NotTopics, kept.NotAgencies, kept.NotRefs = nil, nil, nil, nil, nil, nil
	cr := bleve.NewSearchRequestOptions(withGroup(bleveQuery(&kept, req, req.relax), req), 0, 0, false)
	cr.Score = bleve.ScoreNone
	res, err := s.ix.Search(ctx, cr)
	if err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	return res.Total > 0, nil
}

// relaxed is the level at which a long query first matches something, by
// counting (for exports, which page through the whole result).
func (s *Searcher) relaxed(ctx context.Context, req Request) (int, error) {
	q, err := s.Parse(req.Query)
	if err != nil || !q.Soft() {
		return 0, err
	}
	for relax := 0; relax < maxRelax; relax++ {
		cr := bleve.NewSearchRequestOptions(withGroup(bleveQuery(q, req, relax), req), 0, 0, false)
		cr.Score = bleve.ScoreNone
		res, err := s.ix.Search(ctx, cr)
		if err != nil {
			return 0, fmt.Errorf("search: %w", err)
		}
		if res.Total > 0 {
			return relax, nil
		}
		req.relax = relax
		if excluded, err := s.excludedAway(ctx, q, req); err != nil || excluded {
			return relax, err
		}
	}
	return maxRelax, nil
}

func (s *Searcher) searchOnce(ctx context.Context, req Request) (*Result, error) {
	started := time.Now()
	p, err := s.prepare(&req)
	if err != nil {
		return nil, err
	}
	q := p.q
	// Facets are counted in a second search that runs beside the first:
	// it visits every hit's doc values but needs no scores and no hits,
	// so on two cores a faceted page costs the longer of the two, not the
	// sum. Counts depend only on the query and filters: they are cached
	// until the index changes, so paging and the front page reuse them.
	var facets map[string][]FacetCount
	var facetErr error
	var facetTotal uint64
	var wg sync.WaitGroup
	pageFacets := false // counted by the page's own search (postingsfacets.go)
	gen, fkey := s.ix.Generation(), facetKey(req)
	// Read once: a retag may add the combined field while this runs, and
	// the counts must be read as they were asked for.
	combined := s.hasCombinedFacets()
	if req.Facets && matchesAll(q, req) {
		// The front page: every article matches, so the counts are the
		// facet fields' dictionary counts, read without visiting a hit.
		if facets, err = s.wholeIndexFacets(); err != nil {
			return nil, err
		}
	} else if req.Facets {
		var ok bool
		if facets, ok = s.facets.get(gen, fkey); !ok && p.byScore && combined {
			// A page by relevance counts its facets in its own walk of
			// the matches, not in a second one.
			pageFacets = true
		} else if !ok {
			fr := bleve.NewSearchRequestOptions(p.sr.Query, 0, 0, false)
			fr.Score = bleve.ScoreNone
			addFacets(fr, combined)
			p.countedElsewhere = true
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.ix.Search(ctx, fr)
				if err != nil {
					facetErr = err
					return
				}
				facetTotal = res.Total
				if combined {
					facets = splitFacetCounts(res)
				} else {
					facets = facetCounts(res)
				}
				s.facets.put(gen, fkey, facets)
			}()
		}
	}
	run := s.run
	if req.Collapse {
		run = s.runCollapsed
	}
	res, hits, more, err := run(context.WithValue(ctx, pageFacetsKey{}, pageFacets), p, req)
	wg.Wait()
	if err == nil {
		err = facetErr
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if pageFacets {
		facets = splitFacetCounts(res)
		s.facets.put(gen, fkey, facets)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits)), Collapsed: req.Collapse, Counts: "articles"}
	if p.countedElsewhere {
		out.Total = facetTotal // the same query, counted by the facet search
	}
	var hl *highlighter
	if req.Snippets {
		hl = newHighlighter(q)
	}
	for _, h := range hits {
		a, err := index.DecodeRaw(h.Raw)
		if err != nil {
			return nil, fmt.Errorf("search: hit %s: %w", h.ID, err)
		}
		hit := Hit{
			ID: h.ID, URL: a.URL, Title: a.DisplayTitle(), Published: a.Published, Source: a.Source, SourceName: a.SourceName,
			Province: a.Province, ProvinceNow: a.ProvinceNow, Agency: a.Agency, Topics: a.Topics, Score: h.Score,
			Group: cmp.Or(a.Group, h.ID),
		}
		if hit.Topics == nil {
			hit.Topics = []string{} // [] in JSON, not null
		}
		if hl != nil {
			body := a.Body
			if a.Lead != "" {
				body = a.Lead + " " + body
			}
			hit.Snippet = hl.Snippet(body)
		}
		out.Hits = append(out.Hits, hit)
	}
	if err := s.copiesOf(ctx, out.Hits); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if more && len(hits) > 0 {
		last := hits[len(hits)-1]
		a := out.Hits[len(out.Hits)-1]
		out.NextCursor = encodeCursor(cursor{Sort: req.Sort, After: afterValues(req.Sort, last, &index.Article{URL: a.URL, Published: a.Published}), Collapse: req.Collapse})
	}
	out.Facets = facets
	out.Took = time.Since(started)
	out.TookMS = float64(out.Took.Microseconds()) / 1000
	return out, nil
}

// addFacets asks r for the facet counts: from the one combined field
// (index.FieldFacets) when the index has it, else from each facet's field.
func addFacets(r *bleve.SearchRequest, combined bool) {
	if combined {
		r.AddFacet(index.FieldFacets, bleve.NewFacetRequest(index.FieldFacets, combinedFacetSize))
		return
	}
	for name, f := range facetFields {
		r.AddFacet(name, bleve.NewFacetRequest(f.field, f.size))
	}
}

// matchesAll reports whether a request matches every article: no words,
// no exclusions, no filters.
func matchesAll(q *Query, req Request) bool {
	return len(q.Must) == 0 && len(q.Not) == 0 && len(q.Refs) == 0 &&
		len(q.NotProvinces)+len(q.NotSources)+len(q.NotTopics)+len(q.NotAgencies)+len(q.NotRefs) == 0 &&
		len(q.Provinces)+len(q.Sources)+len(q.Topics)+len(q.Agencies) == 0 &&
		len(req.Provinces)+len(req.Sources)+len(req.Topics)+len(req.Agencies) == 0 &&
		q.From.IsZero() && q.To.IsZero() && req.From.IsZero() && req.To.IsZero() && req.Group == ""
}

// wholeIndexFacets counts every facet over the whole index from the
// fields' dictionaries, ordered as bleve orders a facet: most articles
// first, then by value.
func (s *Searcher) wholeIndexFacets() (map[string][]FacetCount, error) {
	out, err := s.WholeIndexCounts()
	if err != nil {
		return nil, err
	}
	for name, list := range out {
		out[name] = list[:min(len(list), facetFields[name].size)]
	}
	return out, nil
}

// WholeIndexCounts counts every value of every facet over the whole index,
// with no cap on how many values a facet lists (stats shows every source),
// most articles first, then by value.
func (s *Searcher) WholeIndexCounts() (map[string][]FacetCount, error) {
	out := map[string][]FacetCount{}
	for name, f := range facetFields {
		counts, err := s.ix.TermCounts(f.field)
		if err != nil {
			return nil, fmt.Errorf("search: facet %s: %w", name, err)
		}
		list := make([]FacetCount, 0, len(counts))
		for v, n := range counts {
			list = append(list, FacetCount{Value: v, Count: n})
		}
		slices.SortFunc(list, func(a, b FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
		})
		out[name] = list
	}
	return out, nil
}

// combinedFacetSize bounds the values of all facets together: provinces,
// months and topics are a few hundred; sources beyond that are the
// smallest ones, below any facet's size.
const combinedFacetSize = 5000

// hasCombinedFacets reports whether the index has the combined facet
// field; indexes written before it count facets from the single fields
// (run retag to move them to the faster way).
func (s *Searcher) hasCombinedFacets() bool {
	fields, err := s.ix.Fields()
	return err == nil && slices.Contains(fields, index.FieldFacets)
}

// splitFacetCounts splits the combined facet into the facets, each in
// bleve's order (most articles first, then by value) and size.
func splitFacetCounts(res *bleve.SearchResult) map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for name := range facetFields {
		out[name] = []FacetCount{}
	}
	if fr := res.Facets[index.FieldFacets]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			kind, value, ok := index.SplitFacetTerm(t.Term)
			if f, known := facetFields[kind]; ok && known && len(out[kind]) < f.size {
				out[kind] = append(out[kind], FacetCount{Value: value, Count: t.Count})
			}
		}
	}
	return out
}

func facetCounts(res *bleve.SearchResult) map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for name, fr := range res.Facets {
		counts := []FacetCount{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				counts = append(counts, FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		out[name] = counts
	}
	return out
}

func afterValues(sort string, h storedHit, a *index.Article) []string {
	newest, oldest := index.SortKeys(a)
	switch sort {
	case SortDate:
		return []string{strconv.FormatFloat(newest, 'g', -1, 64)}
	case SortDateAsc:
		return []string{strconv.FormatFloat(oldest, 'g', -1, 64)}
	default:
		return []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
	}
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	err = json.Unmarshal(b, &c)
	return c, err
}

// Export calls fn with every article matching req, page after page with the
// cursor, so memory stays flat whatever the size of the result set. The
// request's Limit is the page size; Cursor and Facets are ignored.
func (s *Searcher) Export(ctx context.Context, req Request, fn func(index.Article) error) error {
	// Every match, never collapsed (docs/server.md): the web UI's
	// download links carry the page's collapse, and a collapsed first
	// page's cursor would not continue this search.
	req.Limit, req.Cursor, req.Facets, req.Snippets, req.Collapse = 500, "", false, false, false
	req.Provinces = s.canonicalProvinces(req.Provinces)
	req.Agencies = s.canonicalAgencies(req.Agencies)
	if req.Query == "" && req.Sort == "" {
		req.Sort = SortDate
	}
	var err error
	if req.relax, err = s.relaxed(ctx, req); err != nil {
		return err
	}
	for {
		p, err := s.prepare(&req)
		if err != nil {
			return err
		}
		_, hits, more, err := s.run(ctx, p, req)
		if err != nil {
			return fmt.Errorf("search: export: %w", err)
		}
		var last index.Article
		for _, h := range hits {
			a, err := index.DecodeRaw(h.Raw)
			if err != nil {
				return fmt.Errorf("search: export %s: %w", h.ID, err)
			}
			if err := fn(a); err != nil {
				return err
			}
			last = a
		}
		if !more || len(hits) == 0 {
			return nil
		}
		req.Cursor = encodeCursor(cursor{Sort: req.Sort, After: afterValues(req.Sort, hits[len(hits)-1], &last)})
	}
}
