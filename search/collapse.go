package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govnews/govnews/index"
)

// Collapsing near-duplicate groups (docs/dedup.md).
//
// A collapsed page lists each group once, by its first member in the
// page's order (the best-ranked, or the newest, or the oldest). The hits
// are fetched uncollapsed, in order, a little more than a page at a time,
// and a group's later members are skipped. The page's cursor is its last
// hit's, as uncollapsed; what makes the next page exact is knowing which
// groups earlier pages showed: a group is shown where its first member
// stands, so it was shown on an earlier page exactly when one of its
// matching members stands at or before the cursor. For a relevance page
// the collector records the groups of the hits it skips as before the
// cursor (topscores.go); for a date page a search of the page's groups
// restricted to sort keys at or before the cursor's says which.
//
// Total and facets count articles, collapsed or not (Result.Counts).

// maxCollapseFetch bounds one round of uncollapsed hits.
const maxCollapseFetch = 4000

// rawGroup reads the group of a stored article's JSON without decoding
// it: "group" is the record's last field and a group id is hex (an
// unescaped `"group":"` cannot occur inside a JSON string). An article
// stored before groups is its own group.
func rawGroup(raw, id string) string {
	i := strings.LastIndex(raw, `"group":"`)
	if i < 0 {
		return id
	}
	rest := raw[i+len(`"group":"`):]
	if j := strings.IndexByte(rest, '"'); j > 0 {
		return rest[:j]
	}
	return id
}

// runCollapsed runs a page with one hit per group.
func (s *Searcher) runCollapsed(ctx context.Context, p *prepared, req Request) (*bleve.SearchResult, []storedHit, bool, error) {
	want := req.Limit
	fp := *p
	sr := *p.sr
	fp.sr = &sr
	var earlier map[string]struct{}
	if p.byScore && p.after != nil {
		a := *p.after
		a.Groups = map[string]struct{}{}
		fp.after = &a
		earlier = a.Groups
	}
	dateCursor := !p.byScore && len(p.sr.SearchAfter) == 1
	seen := map[string]bool{}
	var first *bleve.SearchResult
	var reps []storedHit
	var keys []float64 // date pages: each rep's sort key
	size := 2*want + 1
	for {
		fp.sr.Size = size
		res, hits, more, err := s.run(ctx, &fp, req)
		if err != nil {
			return nil, nil, false, err
		}
		if first == nil {
			first = res
			fp.countedElsewhere = true                           // later rounds need no total
			ctx = context.WithValue(ctx, pageFacetsKey{}, false) // nor facets (the first round counted them)
		}
		var fresh []storedHit
		for _, h := range hits {
			h.Group = rawGroup(h.Raw, h.ID)
			if !seen[h.Group] {
				seen[h.Group] = true
				fresh = append(fresh, h)
			}
		}
		if dateCursor && len(fresh) > 0 {
			groups := make([]string, len(fresh))
			for i, h := range fresh {
				groups[i] = h.Group
			}
			if earlier, err = s.groupsBefore(ctx, p, req, groups); err != nil {
				return nil, nil, false, err
			}
		}
		for _, h := range fresh {
			if _, shown := earlier[h.Group]; shown {
				continue
			}
			reps = append(reps, h)
			if !p.byScore {
				keys = append(keys, sortKey(req.Sort, h))
			}
		}
		enough := len(reps) > want && (p.byScore || keys[len(keys)-1] != keys[want-1])
		if enough || !more || len(hits) == 0 {
			break
		}
		last := hits[len(hits)-1]
		if p.byScore {
			fp.after = &scoreAfter{Score: last.Score, ID: last.ID}
		} else {
			fp.sr.SearchAfter = []string{strconv.FormatFloat(sortKey(req.Sort, last), 'g', -1, 64)}
		}
		size = min(2*size, maxCollapseFetch)
	}
	n := min(want, len(reps))
	// A date page never ends inside a run of equal sort keys (see
	// runSorted): the next page starts after the key.
	for !p.byScore && n > 0 && n < len(reps) && keys[n] == keys[n-1] {
		n++
	}
	return first, reps[:n], len(reps) > n, nil
}

// sortKey is a stored hit's date sort key.
func sortKey(sort string, h storedHit) float64 {
	a, err := index.DecodeRaw(h.Raw)
	if err != nil {
		return 0
	}
	newest, oldest := index.SortKeys(&a)
	if sort == SortDateAsc {
		return oldest
	}
	return newest
}

// groupFilter matches the articles of any of groups.
func groupFilter(groups []string) query.Query {
	qs := make([]query.Query, len(groups))
	for i, g := range groups {
		tq := bleve.NewTermQuery(g)
		tq.SetField(index.FieldGroup)
		tq.SetBoost(0)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// withGroup narrows a request's query to Request.Group.
func withGroup(q query.Query, req Request) query.Query {
	if req.Group == "" {
		return q
	}
	if bq, ok := q.(*query.BooleanQuery); ok {
		bq.AddMust(groupFilter([]string{req.Group}))
		return bq
	}
	return bleve.NewConjunctionQuery(q, groupFilter([]string{req.Group}))
}

// groupCounts counts, per group, the articles of groups that match q
// (all of them when q is nil) and every extra query.
func (s *Searcher) groupCounts(ctx context.Context, q query.Query, groups []string, extra ...query.Query) (map[string]int, error) {
	out := map[string]int{}
	if len(groups) == 0 {
		return out, nil
	}
	qs := append([]query.Query{groupFilter(groups)}, extra...)
	if q != nil {
		qs = append(qs, q)
	}
	cr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(qs...), 0, 0, false)
	cr.Score = bleve.ScoreNone
	cr.AddFacet("g", bleve.NewFacetRequest(index.FieldGroup, len(groups)))
	res, err := s.ix.Search(ctx, cr)
	if err != nil {
		return nil, fmt.Errorf("search: groups: %w", err)
	}
	if fr := res.Facets["g"]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			out[t.Term] = t.Count
		}
	}
	return out, nil
}

// groupsBefore reports which of groups have a matching member at or
// before a date page's cursor: groups earlier pages showed.
func (s *Searcher) groupsBefore(ctx context.Context, p *prepared, req Request, groups []string) (map[string]struct{}, error) {
	key, err := strconv.ParseFloat(p.sr.SearchAfter[0], 64)
	if err != nil {
		return nil, &Error{Param: "cursor", Msg: "not a cursor of this search"}
	}
	incl := true
	var r *query.NumericRangeQuery
	if req.Sort == SortDateAsc {
		r = bleve.NewNumericRangeInclusiveQuery(nil, &key, nil, &incl)
		r.SetField(index.FieldSortOldest)
	} else {
		r = bleve.NewNumericRangeInclusiveQuery(&key, nil, &incl, nil)
		r.SetField(index.FieldSortNewest)
	}
	counts, err := s.groupCounts(ctx, p.sr.Query, groups, r)
	if err != nil {
		return nil, err
	}
	out := map[string]struct{}{}
	for g, n := range counts {
		if n > 0 {
			out[g] = struct{}{}
		}
	}
	return out, nil
}

// GroupMembers returns the stored articles of a near-duplicate group,
// the original first: earliest published (the fetch time for an undated
// article), then by URL.
func (s *Searcher) GroupMembers(ctx context.Context, group string) ([]index.Article, error) {
	if group == "" {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(groupFilter([]string{group}), 1000, 0, false)
	req.Fields = []string{index.FieldRaw}
	req.Score = bleve.ScoreNone
	res, err := s.ix.Search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: group %s: %w", group, err)
	}
	out := make([]index.Article, 0, len(res.Hits))
	for _, h := range res.Hits {
		a, err := index.DecodeRaw(h.Fields[index.FieldRaw])
		if err != nil {
			return nil, fmt.Errorf("search: group %s: %w", group, err)
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b index.Article) int {
		return cmp.Or(firstSeenCompare(a, b), strings.Compare(a.URL, b.URL))
	})
	return out, nil
}

// firstSeenCompare orders articles by when they first appeared: the
// publication date, else the fetch time; an article with neither last.
func firstSeenCompare(a, b index.Article) int {
	ta, tb := FirstSeen(a), FirstSeen(b)
	switch {
	case ta.IsZero() && tb.IsZero():
		return 0
	case ta.IsZero():
		return 1
	case tb.IsZero():
		return -1
	}
	return ta.Compare(tb)
}

// FirstSeen is when an article first appeared: its publication date, or
// when govnews fetched it if the page shows no date (zero if neither).
func FirstSeen(a index.Article) time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return a.FetchedAt
}

// copiesOf fills each hit's Copies: how many other articles its group
// has (whatever the search; the "+N" link lists them all).
func (s *Searcher) copiesOf(ctx context.Context, hits []Hit) error {
	groups := make([]string, 0, len(hits))
	for _, h := range hits {
		if h.Group != "" && !slices.Contains(groups, h.Group) {
			groups = append(groups, h.Group)
		}
	}
	counts, err := s.groupCounts(ctx, nil, groups)
	if err != nil {
		return err
	}
	for i := range hits {
		hits[i].Copies = max(0, counts[hits[i].Group]-1)
	}
	return nil
}
