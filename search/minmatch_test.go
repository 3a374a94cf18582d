package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// TestBlockMinMatchFindsWhatBleveFinds: a long query's candidates found a
// block at a time (minmatch.go) are exactly those of bleve's disjunction
// with a minimum: the same totals, facet counts, pages with the same
// scores across cursors, with filters beside the query (which advance
// it), collapsed or not, and at each relaxation level.
func TestBlockMinMatchFindsWhatBleveFinds(t *testing.T) {
	g := corpus.NewGenerator(5)
	// Small blocks, so that blocks end, skip and restart mid-stream.
	old := minMatchBlock
	minMatchBlock = 64
	defer func() { minMatchBlock = old }()
	arts := make([]index.Article, 0, 3000)
	for range cap(arts) {
		arts = append(arts, g.Next())
	}
	s := newTestSearcher(t, arts)
	// Deleted articles must stay out of both: the term readers read
	// postings directly.
	var gone []string
	for i := 3; i < len(arts); i += 7 {
		gone = append(gone, arts[i].URL)
	}
	if err := s.ix.Delete(gone...); err != nil {
		t.Fatal(err)
	}
	requests := []Request{
		{Query: "Theo quy định hiện hành thì chủ tịch ủy ban nhân dân cấp xã có được đồng thời giữ chức bí thư đảng ủy xã và hưởng phụ cấp kiêm nhiệm hàng tháng hay không?"},
		{Query: "nguoi dan can lam thu tuc gi tai uy ban nhan dan xa khi dang ky kinh doanh ho gia dinh va thoi han giai quyet ho so la bao nhieu ngay"},
		{Query: "Kinh phí khoa học và công nghệ của tỉnh được phân bổ cho những nhiệm vụ nào và sở khoa học và công nghệ quản lý các đề tài ra sao?", Facets: true},
		{Query: "phát triển kinh tế xã hội của tỉnh cần những giải pháp nào về giao thông và nông nghiệp?", Provinces: []string{arts[0].Province}},
		{Query: "phát triển kinh tế xã hội của tỉnh cần những giải pháp nào về giao thông và nông nghiệp?", Provinces: []string{arts[0].Province}, Sort: SortDate},
		{Query: "Người dân cần làm thủ tục gì tại UBND xã khi đăng ký kinh doanh hộ gia đình theo quy định?", Collapse: true},
		// Rare words: nothing holds 40 % of them, so the query is loosened.
		{Query: "Ngoài kinh tế, những chính sách nào về thủy sản, lâm nghiệp, khoáng sản, điện lực, viễn thông, hàng hải và hàng không được bàn?"},
	}
	deleted := map[string]bool{}
	for _, u := range gone {
		deleted[u] = true
	}
	for _, req := range requests {
		req.Limit = 20
		block := pagesWith(t, s, req, true, 3)
		heap := pagesWith(t, s, req, false, 3)
		for _, r := range block {
			for _, h := range r.Hits {
				if deleted[h.URL] {
					t.Errorf("%q: deleted article %s found", req.Query, h.URL)
				}
			}
		}
		if heap[0].Total == 0 {
			t.Errorf("%q: no match, the test compares nothing", req.Query)
			continue
		}
		if len(block) != len(heap) {
			t.Fatalf("%q: %d pages by blocks, %d by bleve", req.Query, len(block), len(heap))
		}
		for p := range heap {
			a, b := heap[p], block[p]
			if a.Total != b.Total {
				t.Errorf("%q page %d: total %d by blocks, %d by bleve", req.Query, p+1, b.Total, a.Total)
			}
			if len(a.Hits) != len(b.Hits) {
				t.Fatalf("%q page %d: %d hits by blocks, %d by bleve", req.Query, p+1, len(b.Hits), len(a.Hits))
			}
			for i := range a.Hits {
				if a.Hits[i].ID != b.Hits[i].ID || a.Hits[i].Score != b.Hits[i].Score {
					t.Errorf("%q page %d hit %d: %s (%g) by blocks, %s (%g) by bleve", req.Query, p+1, i+1, b.Hits[i].ID, b.Hits[i].Score, a.Hits[i].ID, a.Hits[i].Score)
				}
			}
			for name, fa := range a.Facets {
				fb := b.Facets[name]
				if len(fa) != len(fb) {
					t.Errorf("%q facet %s: %d values by blocks, %d by bleve", req.Query, name, len(fb), len(fa))
					continue
				}
				for i := range fa {
					if fa[i] != fb[i] {
						t.Errorf("%q facet %s: %+v by blocks, %+v by bleve", req.Query, name, fb[i], fa[i])
					}
				}
			}
		}
	}
}

// pagesWith runs up to n pages of req with block candidates on or off.
func pagesWith(t *testing.T, s *Searcher, req Request, block bool, n int) []*Result {
	t.Helper()
	old := blockMinMatch
	blockMinMatch = block
	defer func() { blockMinMatch = old }()
	var out []*Result
	for range n {
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%q: %v", req.Query, err)
		}
		out = append(out, res)
		if res.NextCursor == "" {
			break
		}
		req.Cursor = res.NextCursor
	}
	return out
}

// TestFacetsCountedInThePageSearch: a page by relevance counts its facets
// in its own search (postingsfacets.go: from doc values when hits are
// few, from postings when they are many); they and the total must equal
// those of bleve's separate count, which a date-sorted page still uses,
// collapsed or not, and on a second page (cached).
func TestFacetsCountedInThePageSearch(t *testing.T) {
	g := corpus.NewGenerator(9)
	arts := make([]index.Article, 0, 2000)
	for range cap(arts) {
		arts = append(arts, g.Next())
	}
	requests := []struct {
		name string
		req  Request
		many bool // over postingsShare of the articles match
	}{
		{"question", Request{Query: "Người dân cần làm thủ tục gì tại ủy ban nhân dân xã khi đăng ký kinh doanh hộ gia đình theo quy định?"}, true},
		{"common word", Request{Query: "nhân dân"}, true},
		{"filtered", Request{Query: "kinh tế", Provinces: []string{arts[0].Province}}, false},
		{"filtered phrase", Request{Query: `"chủ tịch"`, Sources: []string{arts[1].Source}}, false},
	}
	s := newTestSearcher(t, arts)
	s2 := newTestSearcher(t, arts) // its own facet cache
	// Deleted articles count in neither.
	var gone []string
	for i := 5; i < len(arts); i += 9 {
		gone = append(gone, arts[i].URL)
	}
	for _, x := range []*Searcher{s, s2} {
		if err := x.ix.Delete(gone...); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range requests {
		for _, collapse := range []bool{false, true} {
			req := tc.req
			req.Facets, req.Collapse, req.Limit = true, collapse, 10
			byScore, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if many := float64(byScore.Total) > postingsShare*float64(len(arts)); many != tc.many {
				t.Fatalf("%s: %d of %d articles match: the case does not test the path it names", tc.name, byScore.Total, len(arts))
			}
			dreq := req
			dreq.Sort = SortDate
			byDate, err := s2.Search(context.Background(), dreq)
			if err != nil {
				t.Fatal(err)
			}
			if byScore.Total != byDate.Total || byScore.Total == 0 {
				t.Errorf("%s collapse=%v: total %d by relevance, %d by date", tc.name, collapse, byScore.Total, byDate.Total)
			}
			if len(byScore.Facets[FacetProvince]) == 0 {
				t.Fatalf("%s collapse=%v: no province facet", tc.name, collapse)
			}
			for name, want := range byDate.Facets {
				got := byScore.Facets[name]
				if len(got) != len(want) {
					t.Errorf("%s collapse=%v facet %s: %d values by relevance, %d by date", tc.name, collapse, name, len(got), len(want))
					continue
				}
				for i := range want {
					if got[i] != want[i] {
						t.Errorf("%s collapse=%v facet %s value %d: %+v by relevance, %+v by date", tc.name, collapse, name, i, got[i], want[i])
					}
				}
			}
			if byScore.NextCursor == "" {
				continue
			}
			req.Cursor = byScore.NextCursor
			next, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if next.Total != byScore.Total || len(next.Facets[FacetProvince]) != len(byScore.Facets[FacetProvince]) {
				t.Errorf("%s collapse=%v: second page total %d, %d provinces; first %d, %d", tc.name, collapse, next.Total, len(next.Facets[FacetProvince]), byScore.Total, len(byScore.Facets[FacetProvince]))
			}
		}
	}
}

// Regressions found in review: a query of more than 255 words (the
// per-document clause count must not wrap), and a document number typed
// in two spellings that fold alike (250/QD and 250/QĐ: their ref terms
// differ, so the second must not be skipped with the first's clause).
func TestBlockMinMatchEdgeCases(t *testing.T) {
	art := func(i int, title, body string) index.Article {
		return index.Article{URL: fmt.Sprintf("https://x.gov.vn/a/%d", i), Title: title, Body: body,
			Published: time.Date(2024, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Source: "skhcn", Province: "Bến Tre"}
	}
	var nums []string
	for i := 1; i <= 256; i++ {
		nums = append(nums, fmt.Sprint(i))
	}
	arts := []index.Article{
		art(0, "Bảng số liệu", "Danh sách "+strings.Join(nums, " , ")),
		art(1, "Bảng nhỏ", "Danh sách "+strings.Join(nums[:150], " , ")),
		art(2, "Triển khai quyết định", "Ủy ban nhân dân tỉnh ban hành Quyết định 250/QĐ-UBND về kế hoạch phát triển khoa học công nghệ nông nghiệp giao thông."),
	}
	for i := 3; i < 20; i++ {
		arts = append(arts, art(i, "Tin khác", "Nội dung khác số 7 và 8 về thời tiết"))
	}
	s := newTestSearcher(t, arts)
	for _, q := range []string{
		strings.Join(nums, " "),
		"kế hoạch phát triển khoa học công nghệ nông nghiệp giao thông du lịch thương mại 250/QD 250/QĐ",
	} {
		block := pagesWith(t, s, Request{Query: q, Limit: 10}, true, 1)[0]
		heap := pagesWith(t, s, Request{Query: q, Limit: 10}, false, 1)[0]
		if block.Total != heap.Total || len(block.Hits) != len(heap.Hits) {
			t.Fatalf("%.40q: total %d by blocks, %d by bleve", q, block.Total, heap.Total)
		}
		for i := range heap.Hits {
			if block.Hits[i].ID != heap.Hits[i].ID || block.Hits[i].Score != heap.Hits[i].Score {
				t.Errorf("%.40q hit %d: %s (%g) by blocks, %s (%g) by bleve", q, i+1, block.Hits[i].URL, block.Hits[i].Score, heap.Hits[i].URL, heap.Hits[i].Score)
			}
		}
	}
}
