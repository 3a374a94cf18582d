package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
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
	ix     *index.Index
	opts   Options
	facets facetCache
}

// New returns a Searcher over ix.
func New(ix *index.Index, opts Options) *Searcher { return &Searcher{ix: ix, opts: opts} }

// Topics lists the configured topics.
func (s *Searcher) Topics() []Topic { return s.opts.Topics.List() }

// Parse parses a query with the configured abbreviations.
func (s *Searcher) Parse(q string) (*Query, error) { return Parse(q, s.opts.Abbreviations) }

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
	Sort  string   `json:"s"`
	After []string `json:"a"`
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

func (s *Searcher) prepare(req *Request) (*Query, *bleve.SearchRequest, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	q, err := s.Parse(req.Query)
	if err != nil {
		return nil, nil, err
	}
	if q.Empty() && req.Sort == SortRelevance {
		req.Sort = SortDate // nothing to rank by: newest first
	}
	sr := bleve.NewSearchRequestOptions(bleveQuery(q, *req), req.Limit, 0, false)
	sr.Fields = []string{index.FieldRaw}
	switch req.Sort {
	case SortDate:
		// Keys are unique (index.SortKeys): no document-id tie-break.
		sr.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: index.FieldSortNewest, Desc: true, Type: bsearch.SortFieldAsNumber}})
	case SortDateAsc:
		sr.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: index.FieldSortOldest, Type: bsearch.SortFieldAsNumber}})
	default:
		sr.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}})
	}
	if req.Cursor != "" {
		c, err := decodeCursor(req.Cursor)
		if err != nil || c.Sort != req.Sort || len(c.After) != len(sr.Sort) {
			return nil, nil, &Error{Param: "cursor", Msg: "not a cursor of this search (take next_cursor from the previous page, with the same sort)"}
		}
		sr.SearchAfter = c.After
	}
	return q, sr, nil
}

// Search runs one page of a search.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	started := time.Now()
	q, sr, err := s.prepare(&req)
	if err != nil {
		return nil, err
	}
	// Facets are counted in a second search that runs beside the first:
	// it visits every hit's doc values but needs no scores and no hits,
	// so on two cores a faceted page costs the longer of the two, not the
	// sum. Counts depend only on the query and filters: they are cached
	// until the index changes, so paging and the front page reuse them.
	var facets map[string][]FacetCount
	var facetErr error
	var wg sync.WaitGroup
	gen, fkey := s.ix.Generation(), facetKey(req)
	if req.Facets {
		var ok bool
		if facets, ok = s.facets.get(gen, fkey); !ok {
			fr := bleve.NewSearchRequestOptions(sr.Query, 0, 0, false)
			fr.Score = bleve.ScoreNone
			for name, f := range facetFields {
				fr.AddFacet(name, bleve.NewFacetRequest(f.field, f.size))
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.ix.Bleve().SearchInContext(ctx, fr)
				if err != nil {
					facetErr = err
					return
				}
				facets = facetCounts(res)
				s.facets.put(gen, fkey, facets)
			}()
		}
	}
	res, err := s.ix.Bleve().SearchInContext(ctx, sr)
	wg.Wait()
	if err == nil {
		err = facetErr
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	var hl *highlighter
	if req.Snippets {
		hl = newHighlighter(q)
	}
	for _, h := range res.Hits {
		a, err := index.DecodeRaw(h.Fields[index.FieldRaw])
		if err != nil {
			return nil, fmt.Errorf("search: hit %s: %w", h.ID, err)
		}
		hit := Hit{
			ID: h.ID, URL: a.URL, Title: a.DisplayTitle(), Published: a.Published, Source: a.Source, SourceName: a.SourceName,
			Province: a.Province, ProvinceNow: a.ProvinceNow, Agency: a.Agency, Topics: a.Topics, Score: h.Score,
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
	if len(res.Hits) == req.Limit {
		last := res.Hits[len(res.Hits)-1]
		a := out.Hits[len(out.Hits)-1]
		out.NextCursor = encodeCursor(cursor{Sort: req.Sort, After: afterValues(req.Sort, last, &index.Article{URL: a.URL, Published: a.Published})})
	}
	out.Facets = facets
	out.Took = time.Since(started)
	out.TookMS = float64(out.Took.Microseconds()) / 1000
	return out, nil
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

func afterValues(sort string, h *bsearch.DocumentMatch, a *index.Article) []string {
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
	req.Limit, req.Cursor, req.Facets, req.Snippets = 500, "", false, false
	if req.Query == "" && req.Sort == "" {
		req.Sort = SortDate
	}
	for {
		_, sr, err := s.prepare(&req)
		if err != nil {
			return err
		}
		res, err := s.ix.Bleve().SearchInContext(ctx, sr)
		if err != nil {
			return fmt.Errorf("search: export: %w", err)
		}
		var last index.Article
		for _, h := range res.Hits {
			a, err := index.DecodeRaw(h.Fields[index.FieldRaw])
			if err != nil {
				return fmt.Errorf("search: export %s: %w", h.ID, err)
			}
			if err := fn(a); err != nil {
				return err
			}
			last = a
		}
		if len(res.Hits) < req.Limit {
			return nil
		}
		req.Cursor = encodeCursor(cursor{Sort: req.Sort, After: afterValues(req.Sort, res.Hits[len(res.Hits)-1], &last)})
	}
}
