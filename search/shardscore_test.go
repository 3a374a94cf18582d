package search

import (
	"context"
	"fmt"
	"testing"

	"github.com/govnews/govnews/index"
)

// Each shard scores with its own statistics (docs/index.md, Shards), so
// the same term weighs a little differently in each. What users rely on
// must not depend on which shard an article's URL hashes to: a word typed
// with diacritics ranks its exact spelling above the folded look-alikes
// even when the statistics are as lopsided as they can be, with the exact
// match among many look-alikes in one shard and a lone look-alike, whose
// folded term is then rare there, in the other.
func TestExactSpellingRanksFirstWhicheverShard(t *testing.T) {
	inShard := func(prefix string, shard int) string {
		for k := 0; ; k++ {
			url := fmt.Sprintf("%s-%d", prefix, k)
			if index.ShardOf(index.ID(url), index.NewIndexShards) == shard {
				return url
			}
		}
	}
	for exactShard := 0; exactShard < index.NewIndexShards; exactShard++ {
		t.Run(fmt.Sprintf("exact in shard %d", exactShard), func(t *testing.T) {
			other := 1 - exactShard
			exactURL := inShard("https://a.example/exact", exactShard)
			arts := []index.Article{{URL: exactURL, Title: "Tin giao thông", Body: "Tỉnh khánh thành tuyến đường mới nối hai huyện."}}
			for i := 0; i < 12; i++ {
				arts = append(arts, index.Article{URL: inShard(fmt.Sprintf("https://a.example/crowd%d", i), exactShard), Title: "Tin địa phương", Body: "Xã Dương Minh biểu dương người tốt; đương nhiệm chủ tịch dự họp."})
			}
			lone := inShard("https://a.example/lone", other)
			arts = append(arts, index.Article{URL: lone, Title: "Tin địa phương", Body: "Hội nghị biểu dương điển hình tiên tiến."})
			for i := 0; i < 12; i++ {
				arts = append(arts, index.Article{URL: inShard(fmt.Sprintf("https://a.example/filler%d", i), other), Title: "Tin nông nghiệp", Body: "Nông dân thu hoạch lúa vụ đông xuân."})
			}
			s := newTestSearcher(t, arts)
			for _, q := range []string{"đường", "tuyến đường"} {
				res, err := s.Search(context.Background(), Request{Query: q, Limit: 20})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Hits) == 0 || res.Hits[0].URL != exactURL {
					var got []string
					for _, h := range res.Hits {
						got = append(got, fmt.Sprintf("%s (%.3f)", h.URL, h.Score))
					}
					t.Errorf("%q: want %s first, got %v", q, exactURL, got)
				}
				if res.Total != 14 && q == "đường" {
					t.Errorf("%q: total %d, want 14 (the exact match and every folded look-alike)", q, res.Total)
				}
			}
		})
	}
}
