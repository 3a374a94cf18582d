package search

import (
	"context"
	"fmt"
	"testing"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// TestSkippingKeepsPages: a long query's pages by relevance, with MaxScore
// skipping of candidates (essential.go), are the pages a full walk of the
// candidates gives: the same hits, scores and order, across cursor pages,
// collapsed or not, filtered or not. Only the total becomes a lower bound,
// and says so.
func TestSkippingKeepsPages(t *testing.T) {
	g := corpus.NewGenerator(7)
	arts := make([]index.Article, 0, 3000)
	for range 3000 {
		arts = append(arts, g.Next())
	}
	s := newTestSearcher(t, arts)
	ctx := context.Background()
	questions := []Request{
		{Query: "Theo quy định hiện hành thì chủ tịch ủy ban nhân dân cấp xã có được đồng thời giữ chức bí thư đảng ủy xã và hưởng phụ cấp kiêm nhiệm hàng tháng hay không?"},
		{Query: "Kinh phí khoa học và công nghệ của tỉnh được phân bổ cho những nhiệm vụ nào trong năm nay và sở khoa học và công nghệ quản lý các đề tài ra sao?"},
		{Query: "nguoi dan can lam thu tuc gi tai uy ban nhan dan xa khi dang ky kinh doanh ho gia dinh va thoi han giai quyet ho so la bao nhieu ngay"},
		{Query: "Người dân cần làm thủ tục gì tại UBND xã khi đăng ký kinh doanh hộ gia đình theo quy định?", Collapse: true},
		{Query: "phát triển kinh tế xã hội của tỉnh trong giai đoạn mới cần những giải pháp nào về giao thông và nông nghiệp?", Provinces: []string{arts[0].Province}},
	}
	pruned := 0
	for _, req := range questions {
		req.Limit = 10
		full := pages(t, s, req, false, 3)
		skipped := pages(t, s, req, true, 3)
		if len(full) == 0 {
			t.Fatalf("%q: no hits", req.Query)
		}
		for p := range full {
			if p >= len(skipped) {
				t.Fatalf("%q: %d pages with skipping, %d without", req.Query, len(skipped), len(full))
			}
			a, b := full[p], skipped[p]
			if len(a.Hits) != len(b.Hits) {
				t.Fatalf("%q page %d: %d hits with skipping, %d without", req.Query, p+1, len(b.Hits), len(a.Hits))
			}
			for i := range a.Hits {
				if a.Hits[i].ID != b.Hits[i].ID || a.Hits[i].Score != b.Hits[i].Score {
					t.Errorf("%q page %d hit %d: %s (%g) with skipping, %s (%g) without", req.Query, p+1, i+1, b.Hits[i].ID, b.Hits[i].Score, a.Hits[i].ID, a.Hits[i].Score)
				}
			}
			if a.TotalRelation != "eq" {
				t.Errorf("%q: total relation %q without skipping, want eq", req.Query, a.TotalRelation)
			}
			if b.TotalRelation == "gte" {
				pruned++
				if b.Total > a.Total || b.Total < uint64(len(b.Hits)) {
					t.Errorf("%q: lower bound %d, exact total %d", req.Query, b.Total, a.Total)
				}
			} else if b.Total != a.Total {
				t.Errorf("%q: total %d (relation %s) with skipping, %d without", req.Query, b.Total, b.TotalRelation, a.Total)
			}
		}
	}
	if pruned == 0 {
		t.Error("no page skipped a candidate: the test does not exercise skipping")
	}
	// Facets count every match: the total is exact.
	res, err := s.Search(ctx, Request{Query: questions[0].Query, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalRelation != "eq" {
		t.Errorf("faceted search: total relation %q, want eq", res.TotalRelation)
	}
}

// pages runs up to n pages of req, with or without skipping.
func pages(t *testing.T, s *Searcher, req Request, skip bool, n int) []*Result {
	t.Helper()
	old := essentialSkipping
	essentialSkipping = skip
	defer func() { essentialSkipping = old }()
	var out []*Result
	for range n {
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(fmt.Errorf("%q: %w", req.Query, err))
		}
		out = append(out, res)
		if res.NextCursor == "" {
			break
		}
		req.Cursor = res.NextCursor
	}
	return out
}
