package search

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

// Date-sorted pages are searched in time windows first (datewindows.go).
// Walked page by page, newest first and oldest first, with and without
// words, they must give exactly the articles in date order (undated last),
// and every page the total of all matches.
func TestDatePagesThroughWindowsKeepOrderAndTotal(t *testing.T) {
	var arts []index.Article
	start := time.Date(2017, 3, 5, 9, 0, 0, 0, index.Zone)
	for i := 0; i < 70; i++ {
		a := index.Article{URL: fmt.Sprintf("https://dates.example/%02d", i), Title: "Tin địa phương", Body: "Hoạt động thường ngày."}
		switch {
		case i%10 == 9:
			// undated
		case i%7 == 0:
			a.Published = start.AddDate(0, 0, i*45) // spread over eight years
		default:
			a.Published = start.AddDate(0, 0, 3000+i) // a dense recent run
		}
		if i%3 == 0 {
			a.Body += " Sự kiện đặc biệt được tổ chức."
		}
		arts = append(arts, a)
	}
	s := newTestSearcher(t, arts)
	ctx := context.Background()
	for _, query := range []string{"", "đặc biệt"} {
		var want []index.Article
		for _, a := range arts {
			if query == "" || a.Body != "Hoạt động thường ngày." {
				want = append(want, a)
			}
		}
		for _, sortBy := range []string{SortDate, SortDateAsc} {
			exp := append([]index.Article(nil), want...)
			sort.Slice(exp, func(i, j int) bool {
				ni, oi := index.SortKeys(&exp[i])
				nj, oj := index.SortKeys(&exp[j])
				if sortBy == SortDate {
					return ni > nj
				}
				return oi < oj
			})
			// With facets, the facet search beside the page gives the total.
			if res, err := s.Search(ctx, Request{Query: query, Sort: sortBy, Limit: 7, Facets: true}); err != nil || res.Total != uint64(len(want)) {
				t.Errorf("%q %s with facets: total %v, err %v; want %d", query, sortBy, res, err, len(want))
			}
			req := Request{Query: query, Sort: sortBy, Limit: 7}
			var got []string
			for page := 0; page < 30; page++ {
				res, err := s.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != uint64(len(want)) {
					t.Errorf("%q %s page %d: total %d, want %d", query, sortBy, page, res.Total, len(want))
				}
				for _, h := range res.Hits {
					got = append(got, h.URL)
				}
				if res.NextCursor == "" {
					break
				}
				req.Cursor = res.NextCursor
			}
			if len(got) != len(exp) {
				t.Fatalf("%q %s: pages gave %d articles, want %d", query, sortBy, len(got), len(exp))
			}
			for i := range exp {
				if got[i] != exp[i].URL {
					t.Fatalf("%q %s: article %d is %s, want %s (published %s)", query, sortBy, i, got[i], exp[i].URL, exp[i].Published)
				}
			}
		}
	}
}
