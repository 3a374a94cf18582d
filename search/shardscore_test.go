package search

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

// urlInShard is the first URL "prefix-K" that hashes to shard.
func urlInShard(prefix string, shard int) string {
	for k := 0; ; k++ {
		url := fmt.Sprintf("%s-%d", prefix, k)
		if index.ShardOf(index.ID(url), index.NewIndexShards) == shard%index.NewIndexShards {
			return url
		}
	}
}

// What users rely on must not depend on which shard an article's URL
// hashes to: a word typed with diacritics ranks its exact spelling above
// the folded look-alikes even when the shards' own statistics are as
// lopsided as they can be, with the exact match among many look-alikes in
// one shard and a lone look-alike, whose folded term is then rare there,
// in the other. (Relevance pages score with the whole index's statistics,
// globalscore.go; this holds without them too, by the exact boost.)
func TestExactSpellingRanksFirstWhicheverShard(t *testing.T) {
	inShard := urlInShard
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

// A sharded index scores every article as a single index would: the
// judged queries give the same hits with the same scores, in the same
// order, over one shard and over NewIndexShards (globalscore.go). Without
// the whole index's statistics each shard weighs a term by its own
// counts, and on these 48 articles five of the queries reorder.
func TestShardedScoresEqualOneIndex(t *testing.T) {
	arts := relevanceArticlesFixture(t)
	one := newTestSearcherShards(t, arts, 1)
	sharded := newTestSearcherShards(t, arts, index.NewIndexShards)
	queries := []string{
		"bi thu dong thoi la chu tich", "tỉnh Hoà Bình", "UBND cấp xã", "kinh phí KH&CN",
		`"khoa học và công nghệ"`, `kiêm nhiệm -"trưởng ấp"`, "sáp nhập xã OR sắp xếp đơn vị hành chính",
		"250/QĐ-SKHCN", "đường giao thông", "mô hình kiêm nhiệm province:\"Bến Tre\"", "nông thôn mới from:2020",
	}
	ctx := context.Background()
	for _, q := range queries {
		a, err := one.Search(ctx, Request{Query: q, Limit: 48})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		b, err := sharded.Search(ctx, Request{Query: q, Limit: 48})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
			t.Errorf("%q: one shard %d matches (%d hits), sharded %d (%d)", q, a.Total, len(a.Hits), b.Total, len(b.Hits))
			continue
		}
		if a.Total == 0 {
			t.Errorf("%q matches nothing: not a test of scores", q)
		}
		for i := range a.Hits {
			ha, hb := a.Hits[i], b.Hits[i]
			if ha.URL != hb.URL || math.Abs(ha.Score-hb.Score) > 1e-9*math.Max(1, ha.Score) {
				t.Errorf("%q hit %d: one shard %s (%.6f), sharded %s (%.6f)", q, i, ha.URL, ha.Score, hb.URL, hb.Score)
				break
			}
		}
	}
}

// A filter narrows without ranking: two articles with the same text score
// the same under a province filter although one was filed under a merged
// province (two province keys, old and new) and the other under the new
// one (one key).
func TestFiltersDoNotRank(t *testing.T) {
	body := "Hội nghị bàn giải pháp phát triển kinh tế nông thôn."
	arts := []index.Article{
		{URL: "https://a.example/old", Title: "Phát triển kinh tế", Body: body, Province: "Bến Tre", Published: time.Date(2021, 5, 4, 9, 0, 0, 0, index.Zone)},
		{URL: "https://a.example/new", Title: "Phát triển kinh tế", Body: body, Province: "Vĩnh Long", Published: time.Date(2021, 5, 4, 9, 0, 0, 0, index.Zone)},
		{URL: "https://a.example/other", Title: "Phát triển kinh tế", Body: body, Province: "Hà Giang"},
	}
	for _, n := range []int{1, index.NewIndexShards} {
		s := newTestSearcherShards(t, arts, n)
		for _, req := range []Request{
			{Query: "kinh tế", Provinces: []string{"Vĩnh Long"}},
			{Query: "kinh tế province:\"Vĩnh Long\" from:2000"},
		} {
			res, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 2 || res.Hits[0].Score != res.Hits[1].Score {
				var got []string
				for _, h := range res.Hits {
					got = append(got, fmt.Sprintf("%s (%.6f)", h.URL, h.Score))
				}
				t.Errorf("%d shards, %+v: want the two Vĩnh Long articles with equal scores, got %v", n, req, got)
			}
		}
	}
}

// Two articles published in the same second can share a sort key (the
// URL-hash fraction has about 22 bits at today's timestamps). A cursor
// page that ended between them would lose the second, since the next page
// starts after the key: every article must still be visited exactly once,
// newest first and oldest first.
func TestDateCursorKeepsArticlesWithTiedKeys(t *testing.T) {
	when := time.Date(2022, 11, 11, 0, 0, 0, 0, index.Zone) // a page that shows only the day
	var a, b string
	seen := map[float64]string{}
	for i := 0; a == ""; i++ {
		url := fmt.Sprintf("https://tie.example/tin/%d", i)
		k, _ := index.SortKeys(&index.Article{URL: url, Published: when})
		if other, ok := seen[k]; ok {
			a, b = other, url
		}
		seen[k] = url
		if i > 1<<20 {
			t.Fatal("no two URLs share a sort key: the keys changed, rewrite this test")
		}
	}
	arts := []index.Article{
		{URL: a, Title: "Tin A", Body: "Kinh tế.", Published: when},
		{URL: b, Title: "Tin B", Body: "Kinh tế.", Published: when},
	}
	for d := 1; d <= 3; d++ {
		arts = append(arts,
			index.Article{URL: fmt.Sprintf("https://tie.example/newer/%d", d), Title: "Mới", Body: "Kinh tế.", Published: when.AddDate(0, 0, d)},
			index.Article{URL: fmt.Sprintf("https://tie.example/older/%d", d), Title: "Cũ", Body: "Kinh tế.", Published: when.AddDate(0, 0, -d)})
	}
	s := newTestSearcher(t, arts)
	for _, sort := range []string{SortDate, SortDateAsc} {
		for _, q := range []string{"", "kinh tế"} {
			got := map[string]int{}
			req := Request{Query: q, Sort: sort, Limit: 4} // the tied pair stands 4th and 5th
			for pages := 0; pages < 10; pages++ {
				res, err := s.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					got[h.URL]++
				}
				if res.NextCursor == "" {
					break
				}
				req.Cursor = res.NextCursor
			}
			for _, art := range arts {
				if got[art.URL] != 1 {
					t.Errorf("sort %s, q %q: %s seen %d times", sort, q, art.URL, got[art.URL])
				}
			}
		}
	}
}

// A page that ends the results has no next cursor, even when it is full:
// a "next page" link must not lead to an empty page.
func TestFullLastPageHasNoCursor(t *testing.T) {
	var arts []index.Article
	for i := 0; i < 6; i++ {
		arts = append(arts, index.Article{URL: fmt.Sprintf("https://last.example/%d", i), Title: "Kinh tế", Body: strings.Repeat("Phát triển kinh tế. ", i+1), Published: time.Date(2023, 1, i+1, 8, 0, 0, 0, index.Zone)})
	}
	s := newTestSearcher(t, arts)
	for _, sort := range []string{SortRelevance, SortDate, SortDateAsc} {
		req := Request{Query: "kinh tế", Sort: sort, Limit: 3}
		var sizes []int
		for pages := 0; pages < 5; pages++ {
			res, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(res.Hits))
			if res.NextCursor == "" {
				break
			}
			req.Cursor = res.NextCursor
		}
		if len(sizes) != 2 || sizes[0] != 3 || sizes[1] != 3 {
			t.Errorf("sort %s: page sizes %v, want [3 3] and no cursor after the second", sort, sizes)
		}
	}
}
