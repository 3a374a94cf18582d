package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// groupedFixture: 14 stories of 1–4 articles each, republished on other
// portals (a byline added), all about "chuyển đổi số", some published in
// the same second (runs of equal date keys).
func groupedFixture(t testing.TB) (*Searcher, map[string]string) {
	t.Helper()
	g := corpus.NewGenerator(42)
	sources := []struct{ id, province string }{{"bentre", "Bến Tre"}, {"angiang", "An Giang"}, {"vinhlong", "Vĩnh Long"}, {"hanoi", "Hà Nội"}}
	var arts []index.Article
	story := map[string]string{}
	base := time.Date(2025, 3, 1, 8, 0, 0, 0, index.Zone)
	for s := 0; s < 14; s++ {
		orig := g.Next()
		lead := strings.Repeat("Chuyển đổi số là nhiệm vụ trọng tâm. ", 1+s%4)
		for m := 0; m <= s%4; m++ {
			src := sources[(s+m)%len(sources)]
			a := index.Article{
				URL:       fmt.Sprintf("https://%s.gov.vn/tin/%d-%d", src.id, s, m),
				Title:     orig.Title,
				Body:      lead + "\n\n" + orig.Body,
				Source:    src.id,
				Province:  src.province,
				Published: base.Add(time.Duration((s*7+m*3)%20) * time.Hour),
			}
			if m > 0 {
				a.Body += "\n\nBài: Phóng viên " + src.id
			}
			if s%5 == 0 && m == 0 {
				a.Published = base // a run of equal keys
			}
			arts = append(arts, a)
			story[a.URL] = fmt.Sprint(s)
		}
	}
	srch := newTestSearcher(t, arts)
	return srch, story
}

func allPages(t *testing.T, s *Searcher, req Request) []Hit {
	t.Helper()
	var out []Hit
	for page := 0; page < 100; page++ {
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Hits...)
		if res.NextCursor == "" {
			return out
		}
		req.Cursor = res.NextCursor
	}
	t.Fatal("no end of pages")
	return nil
}

// A collapsed search lists each group once, by the member that comes
// first in the page's order, with how many other members match; total and
// facets count articles and say so.
func TestCollapseOneHitPerGroup(t *testing.T) {
	s, story := groupedFixture(t)
	// Groups were assigned when stored: one per story.
	groupOf := map[string]string{}
	for _, sort := range []string{SortRelevance, SortDate, SortDateAsc} {
		all, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Sort: sort, Limit: 100, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if all.Collapsed || all.Total != uint64(len(story)) || len(all.Hits) != len(story) {
			t.Fatalf("%s uncollapsed: total %d, %d hits, want %d", sort, all.Total, len(all.Hits), len(story))
		}
		for _, h := range all.Hits {
			if prev, ok := groupOf[story[h.URL]]; ok && prev != h.Group {
				t.Fatalf("story %s in groups %s and %s", story[h.URL], prev, h.Group)
			}
			groupOf[story[h.URL]] = h.Group
		}
		col, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Sort: sort, Limit: 100, Facets: true, Collapse: true})
		if err != nil {
			t.Fatal(err)
		}
		if !col.Collapsed || col.Counts != "articles" || col.Total != all.Total {
			t.Errorf("%s collapsed: collapsed %v counts %q total %d", sort, col.Collapsed, col.Counts, col.Total)
		}
		var want []string
		members := map[string]int{}
		for _, h := range all.Hits {
			members[h.Group]++
			if !slices.Contains(want, h.URL) && !slices.ContainsFunc(all.Hits[:slices.IndexFunc(all.Hits, func(x Hit) bool { return x.URL == h.URL })], func(x Hit) bool { return x.Group == h.Group }) {
				want = append(want, h.URL)
			}
		}
		var got []string
		for _, h := range col.Hits {
			got = append(got, h.URL)
			if h.Copies != members[h.Group]-1 {
				t.Errorf("%s: %s copies %d, want %d", sort, h.URL, h.Copies, members[h.Group]-1)
			}
		}
		if !slices.Equal(got, want) || len(got) != 14 {
			t.Errorf("%s collapsed:\n got %v\nwant %v", sort, got, want)
		}
		if n := col.Facets[FacetSource]; len(n) == 0 || sumCounts(n) != len(story) {
			t.Errorf("%s: collapsed facets must count articles: %v", sort, n)
		}
	}
}

func sumCounts(fs []FacetCount) int {
	n := 0
	for _, f := range fs {
		n += f.Count
	}
	return n
}

// Paging a collapsed search with its cursor gives exactly the one-page
// list, whatever the page size and sort: no group twice, none skipped,
// also when a group's members lie in both shards and on both sides of a
// page boundary.
func TestCollapsedCursorsExact(t *testing.T) {
	s, _ := groupedFixture(t)
	for _, sort := range []string{SortRelevance, SortDate, SortDateAsc} {
		for _, q := range []string{"chuyển đổi số", ""} {
			whole, err := s.Search(context.Background(), Request{Query: q, Sort: sort, Limit: 100, Collapse: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{1, 2, 3, 5} {
				pages := allPages(t, s, Request{Query: q, Sort: sort, Limit: limit, Collapse: true})
				var got, want []string
				for _, h := range pages {
					got = append(got, h.URL)
				}
				for _, h := range whole.Hits {
					want = append(want, h.URL)
				}
				if !slices.Equal(got, want) {
					t.Errorf("q=%q sort=%s limit=%d:\n got %v\nwant %v", q, sort, limit, got, want)
				}
			}
		}
	}
	// A collapsed page's cursor is not an uncollapsed search's.
	res, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Limit: 2, Collapse: true})
	if err != nil || res.NextCursor == "" {
		t.Fatal(err, res)
	}
	if _, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Limit: 2, Cursor: res.NextCursor}); err == nil {
		t.Error("a collapsed cursor was taken by an uncollapsed search")
	}
}

// Group narrows to one group's articles; a province filter finds the copy
// its portal published; GroupMembers lists the original (earliest) first.
func TestGroupFilterAndMembers(t *testing.T) {
	s, story := groupedFixture(t)
	res, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Limit: 100, Collapse: true})
	if err != nil {
		t.Fatal(err)
	}
	var big Hit
	for _, h := range res.Hits {
		if h.Copies == 3 {
			big = h
		}
	}
	if big.Group == "" {
		t.Fatal("no group of four")
	}
	members, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Limit: 100, Group: big.Group})
	if err != nil {
		t.Fatal(err)
	}
	if len(members.Hits) != 4 || members.Total != 4 {
		t.Fatalf("group filter: %d hits", len(members.Hits))
	}
	for _, h := range members.Hits {
		if story[h.URL] != story[big.URL] {
			t.Errorf("member %s of another story", h.URL)
		}
		// Each portal's copy is found by its own province, and still
		// counts the story's other publications as its copies.
		byProv, err := s.Search(context.Background(), Request{Query: "chuyển đổi số", Provinces: []string{h.Province}, Group: big.Group, Limit: 10, Collapse: true})
		if err != nil || len(byProv.Hits) != 1 || byProv.Hits[0].Province != h.Province || byProv.Hits[0].Copies != 3 {
			t.Errorf("province %s: %v %+v", h.Province, err, byProv)
		}
	}
	// The group alone, with no query (the "+N bản khác" link): its four
	// articles, counted as four, oldest first.
	only, err := s.Search(context.Background(), Request{Group: big.Group, Sort: SortDateAsc, Facets: true})
	if err != nil || only.Total != 4 || len(only.Hits) != 4 || sumCounts(only.Facets[FacetSource]) != 4 {
		t.Fatalf("group alone: %v %+v", err, only)
	}
	list, err := s.GroupMembers(context.Background(), big.Group)
	if err != nil || len(list) != 4 {
		t.Fatal(err, len(list))
	}
	for i := 1; i < len(list); i++ {
		if list[i].Published.Before(list[0].Published) {
			t.Errorf("original %s published after %s", list[0].URL, list[i].URL)
		}
	}
}
