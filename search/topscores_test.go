package search

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/govnews/govnews/index"
)

// Articles with the same words score the same: relevance pages must still
// come in one order (score, then id), each hit once, across cursor pages
// that split a run of ties, with the total counted over every match.
func TestRelevancePagesBreakScoreTiesByID(t *testing.T) {
	// The ties are spread over both shards:
	//   shard 0: 11 ties, top1, low;  shard 1: 12 ties, top2
	inShard := urlInShard
	var arts []index.Article
	for i := 0; i < 23; i++ {
		shard := 1
		if i < 11 {
			shard = 0
		}
		arts = append(arts, index.Article{URL: inShard(fmt.Sprintf("https://tie.example/%02d", i), shard), Title: "Họp báo", Body: "Chủ tịch UBND xã chủ trì cuộc họp."})
	}
	// Two that rank above the ties and one below.
	arts = append(arts,
		index.Article{URL: inShard("https://tie.example/top1", 0), Title: "Chủ tịch xã", Body: "Chủ tịch UBND xã chủ trì. Chủ tịch phát biểu. Chủ tịch kết luận."},
		index.Article{URL: inShard("https://tie.example/top2", 1), Title: "Chủ tịch", Body: "Chủ tịch UBND xã chủ trì cuộc họp."},
		index.Article{URL: inShard("https://tie.example/low", 0), Title: "Tin khác", Body: "Một bài dài về nông nghiệp, thủy lợi, giao thông, y tế, giáo dục và văn hóa; chủ tịch có mặt."},
	)
	s := newTestSearcher(t, arts)
	ctx := context.Background()

	whole, err := s.Search(ctx, Request{Query: "chủ tịch", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if whole.Total != uint64(len(arts)) || len(whole.Hits) != len(arts) {
		t.Fatalf("total %d, %d hits; want %d", whole.Total, len(whole.Hits), len(arts))
	}
	for i := 1; i < len(whole.Hits); i++ {
		a, b := whole.Hits[i-1], whole.Hits[i]
		if a.Score < b.Score || a.Score == b.Score && a.ID >= b.ID {
			t.Fatalf("hit %d (%s, %g) ranks above hit %d (%s, %g)", i, b.ID, b.Score, i-1, a.ID, a.Score)
		}
	}
	if whole.Hits[len(whole.Hits)-1].URL != arts[len(arts)-1].URL {
		t.Errorf("last hit %s, want the long article", whole.Hits[len(whole.Hits)-1].URL)
	}
	tied := map[float64]int{}
	for _, h := range whole.Hits {
		tied[h.Score]++
	}
	if max := maxCount(tied); max < 20 {
		t.Fatalf("fixture should give at least 20 equal scores, got %d", max)
	}

	var paged []Hit
	req := Request{Query: "chủ tịch", Limit: 4}
	for pages := 0; pages < 20; pages++ {
		res, err := s.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != whole.Total {
			t.Errorf("page %d: total %d, want %d", pages, res.Total, whole.Total)
		}
		paged = append(paged, res.Hits...)
		if res.NextCursor == "" {
			break
		}
		req.Cursor = res.NextCursor
	}
	if len(paged) != len(whole.Hits) {
		t.Fatalf("pages gave %d hits, want %d", len(paged), len(whole.Hits))
	}
	for i := range paged {
		if paged[i].ID != whole.Hits[i].ID {
			t.Fatalf("paged hit %d is %s, the single page has %s", i, paged[i].URL, whole.Hits[i].URL)
		}
	}
	if paged[0].Title == "" || paged[0].URL == "" {
		t.Errorf("first hit lacks its stored article: %+v", paged[0])
	}
}

func maxCount(m map[float64]int) int {
	counts := make([]int, 0, len(m))
	for _, n := range m {
		counts = append(counts, n)
	}
	sort.Ints(counts)
	return counts[len(counts)-1]
}
