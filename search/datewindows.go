package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
)

// Date-sorted pages through time windows.
//
// bleve sorts by reading the sort key of every hit: the newest 20 of a
// million articles (the front page) cost a second, and any sparse hit set
// pays a decompressed doc-value chunk per hit. The newest hits lie in the
// newest months, so a page is first searched in a window of recent time,
// widened until the page is full; a full page from a window is the right
// page, since every article outside the window is older (or undated, and
// undated articles come last). The total still counts every match, in a
// count-only search beside the windows.

// windowDays are the windows tried before the whole range.
var windowDays = []int{31, 183, 731}

// monthSpan caches the first and last month with articles, per index
// generation.
type monthSpan struct {
	mu          sync.Mutex
	gen         uint64
	ok          bool
	first, last time.Time
}

func (s *Searcher) publishedSpan() (first, last time.Time, ok bool, err error) {
	gen := s.ix.Generation()
	s.months.mu.Lock()
	defer s.months.mu.Unlock()
	if s.months.ok && s.months.gen == gen {
		return s.months.first, s.months.last, true, nil
	}
	counts, err := s.ix.TermCounts(index.FieldMonth)
	if err != nil {
		return first, last, false, err
	}
	months := make([]string, 0, len(counts))
	for m := range counts {
		months = append(months, m)
	}
	if len(months) == 0 {
		return first, last, false, nil
	}
	sort.Strings(months)
	first, err1 := time.ParseInLocation("2006-01", months[0], index.Zone)
	last, err2 := time.ParseInLocation("2006-01", months[len(months)-1], index.Zone)
	if err1 != nil || err2 != nil {
		return first, last, false, nil // not a month term: no windows
	}
	s.months.gen, s.months.ok, s.months.first, s.months.last = gen, true, first, last.AddDate(0, 1, 0)
	return s.months.first, s.months.last, true, nil
}

// runByDate runs a date-sorted page through time windows.
func (s *Searcher) runByDate(ctx context.Context, p *prepared, req Request) (*bleve.SearchResult, []storedHit, bool, error) {
	first, last, ok, err := s.publishedSpan()
	if err != nil {
		return nil, nil, false, err
	}
	newestFirst := req.Sort == SortDate
	// The anchor is where the page starts in time: the cursor's date, or
	// the newest (oldest) month with articles.
	anchor := last
	if !newestFirst {
		anchor = first
	}
	if len(p.sr.SearchAfter) == 1 {
		key, err := strconv.ParseFloat(p.sr.SearchAfter[0], 64)
		if err != nil || math.Abs(key) >= 1<<39 {
			ok = false // past the dated articles: the undated ones need no window
		} else {
			anchor = time.Unix(int64(key), 0).In(index.Zone)
		}
	}
	if !ok {
		return s.runSorted(ctx, p.sr)
	}

	// The total, counted beside the windows (unless the facet search
	// beside this page counts it: Search takes it from there).
	var total uint64
	var totalErr error
	var wg sync.WaitGroup
	switch {
	case p.countedElsewhere:
	case matchesAll(p.q, req):
		total, totalErr = s.ix.Count()
	default:
		wg.Add(1)
		go func() {
			defer wg.Done()
			cr := bleve.NewSearchRequestOptions(p.sr.Query, 0, 0, false)
			cr.Score = bleve.ScoreNone
			res, err := s.ix.Search(ctx, cr)
			if err != nil {
				totalErr = err
				return
			}
			total = res.Total
		}()
	}

	var res *bleve.SearchResult
	var hits []storedHit
	var more bool
	for _, days := range windowDays {
		var start, end time.Time
		if newestFirst {
			start = anchor.AddDate(0, 0, -days)
		} else {
			end = anchor.AddDate(0, 0, days)
		}
		if index.CheckDate(start) != nil || index.CheckDate(end) != nil {
			// An article stored before dates were checked (year 9999):
			// no window, the whole sort below.
			break
		}
		incl := true
		dr := bleve.NewDateRangeInclusiveQuery(start, end, &incl, &incl)
		dr.SetField(index.FieldPublished)
		wr := *p.sr
		wr.Query = bleve.NewConjunctionQuery(p.sr.Query, dr)
		res, hits, more, err = s.runSorted(ctx, &wr)
		if err != nil || len(hits) >= p.sr.Size {
			if err == nil && !more {
				// The window ends with the page: do matches lie
				// outside it (farther in time, or undated)?
				more, err = s.anyOutside(ctx, p.sr.Query, dr)
			}
			break
		}
		res, hits = nil, nil
	}
	if err == nil && res == nil {
		res, hits, more, err = s.runSorted(ctx, p.sr)
	}
	wg.Wait()
	if err == nil {
		err = totalErr
	}
	if err != nil {
		return nil, nil, false, err
	}
	res.Total = total
	return res, hits, more, nil
}

// anyOutside reports whether q matches any article outside window.
func (s *Searcher) anyOutside(ctx context.Context, q, window query.Query) (bool, error) {
	outside := bleve.NewBooleanQuery()
	outside.AddMust(q)
	outside.AddMustNot(window)
	cr := bleve.NewSearchRequestOptions(outside, 0, 0, false)
	cr.Score = bleve.ScoreNone
	res, err := s.ix.Search(ctx, cr)
	if err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	return res.Total > 0, nil
}

// runSorted runs a request with bleve's own sort and reads the stored
// articles of its hits.
//
// A page never ends inside a run of hits with the same sort key. The keys
// are nearly unique (index.SortKeys: the time plus a fraction from the
// URL's hash), but two articles published in the same second can share
// one, and a cursor that stopped between them would skip the second: the
// next page starts after the key. So one hit more than the page is asked
// for, and when it shares the last hit's key the page takes the whole run
// (a page then holds a hit or two more than its limit). It also tells
// whether any hit follows the page.
func (s *Searcher) runSorted(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, []storedHit, bool, error) {
	want := sr.Size
	req := *sr
	req.Fields = []string{index.FieldRaw}
	req.Size = want + 1
	for {
		res, err := s.ix.Search(ctx, &req)
		if err != nil {
			return nil, nil, false, fmt.Errorf("search: %w", err)
		}
		n := min(want, len(res.Hits))
		for n > 0 && n < len(res.Hits) && sameSortKey(res.Hits[n-1], res.Hits[n]) {
			n++
		}
		if n == len(res.Hits) && len(res.Hits) == req.Size && want > 0 {
			req.Size *= 2 // the run of equal keys goes on past what was fetched
			continue
		}
		more := len(res.Hits) > n
		res.Hits = res.Hits[:n]
		hits := make([]storedHit, len(res.Hits))
		for i, h := range res.Hits {
			raw, _ := h.Fields[index.FieldRaw].(string)
			hits[i] = storedHit{ID: h.ID, Score: h.Score, Raw: raw}
		}
		return res, hits, more, nil
	}
}

func sameSortKey(a, b *bsearch.DocumentMatch) bool {
	return len(a.Sort) > 0 && len(a.Sort) == len(b.Sort) && a.Sort[0] == b.Sort[0]
}
