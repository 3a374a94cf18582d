package search

import (
	"context"
	"testing"

	"github.com/govnews/govnews/index"
)

// The front page (no query, no filter) reads its facet counts from the
// index's dictionaries: they must be what counting every stored article
// gives, and a deleted article must stop counting.
func TestFrontPageFacetsCountEveryArticle(t *testing.T) {
	s := openFixture(t)
	check := func(when string) {
		t.Helper()
		want := map[string]map[string]int{FacetProvince: {}, FacetSource: {}, FacetTopic: {}, FacetMonth: {}}
		total := 0
		err := s.ix.All(func(a index.Article) error {
			total++
			if a.Province != "" {
				want[FacetProvince][a.Province]++
			}
			if a.Source != "" {
				want[FacetSource][a.Source]++
			}
			for _, tp := range a.Topics {
				want[FacetTopic][tp]++
			}
			if !a.Published.IsZero() {
				want[FacetMonth][a.Published.In(index.Zone).Format("2006-01")]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(context.Background(), Request{Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != uint64(total) {
			t.Errorf("%s: total %d, want %d", when, res.Total, total)
		}
		for name, counts := range want {
			got := map[string]int{}
			for i, fc := range res.Facets[name] {
				got[fc.Value] = fc.Count
				if i > 0 {
					prev := res.Facets[name][i-1]
					if prev.Count < fc.Count || prev.Count == fc.Count && prev.Value > fc.Value {
						t.Errorf("%s: facet %s out of order at %q", when, name, fc.Value)
					}
				}
			}
			if len(got) != len(counts) {
				t.Errorf("%s: facet %s has %d values, want %d: %v", when, name, len(got), len(counts), got)
			}
			for v, n := range counts {
				if got[v] != n {
					t.Errorf("%s: facet %s %q = %d, want %d", when, name, v, got[v], n)
				}
			}
		}
		if len(want[FacetTopic]) == 0 || len(want[FacetMonth]) < 3 {
			t.Fatalf("fixture too thin to test facets: %v", want)
		}
	}
	check("as stored")
	if err := s.ix.Delete("https://example.vn/funding"); err != nil {
		t.Fatal(err)
	}
	check("after a delete")
	a, ok, err := s.ix.Get("https://example.vn/fullform")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	a.Province, a.Published = "Cà Mau", a.Published.AddDate(-3, 0, 0)
	if err := s.ix.Put(a); err != nil {
		t.Fatal(err)
	}
	check("after an article changed province and month")
}
