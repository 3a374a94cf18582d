package search

import (
	"context"
	"sort"
	"strings"
	"testing"
)

// Equivalent spellings find the same articles, and unquoted words find at
// least what the quoted phrase finds.
func TestEquivalentSpellingsFindTheSameArticles(t *testing.T) {
	s := newTestSearcher(t, withNews(100,
		art("tp-space", "Tin TP HCM", "Người dân TP HCM đón Tết."),
		art("tp-joined", "Tin TPHCM", "Người dân TPHCM đón Tết."),
		art("tp-dot", "Tin TP.HCM", "Người dân TP.HCM đón Tết."),
		art("tp-full", "Tin Thành phố Hồ Chí Minh", "Người dân Thành phố Hồ Chí Minh đón Tết."),
		// The newspapers' usual spelling: "TP." before the spelled-out name.
		art("tp-dot-name", "Tin TP. Hồ Chí Minh", "Người dân TP. Hồ Chí Minh đón Tết."),
		art("so-abbr", "Sở KH&CN nghiệm thu", "Sở KH&CN tỉnh nghiệm thu đề tài."),
		art("so-full", "Sở Khoa học và Công nghệ nghiệm thu", "Sở Khoa học và Công nghệ tỉnh nghiệm thu đề tài."),
		// The Department named only by its code inside a decision's number.
		art("so-code", "Quyết định phê duyệt đề tài", "Theo Quyết định 250/QĐ-SKHCN, đề tài được nghiệm thu."),
		art("hd-abbr", "HĐND tỉnh họp", "HĐND tỉnh họp phiên bất thường."),
		art("hd-full", "Hội đồng nhân dân tỉnh họp", "Hội đồng nhân dân tỉnh họp phiên bất thường."),
		art("ntm-abbr", "Xã đạt chuẩn NTM", "Xã đạt chuẩn NTM nâng cao."),
		art("ntm-full", "Xã đạt chuẩn nông thôn mới", "Xã đạt chuẩn nông thôn mới nâng cao."),
		art("bhyt-abbr", "Học sinh tham gia BHYT", "Học sinh tham gia BHYT đạt 98%."),
		art("bhyt-full", "Học sinh tham gia bảo hiểm y tế", "Học sinh tham gia bảo hiểm y tế đạt 98%."),
	))
	groups := [][]string{
		{"tp-space", "tp-joined", "tp-dot", "tp-full", "tp-dot-name"},
		{"so-abbr", "so-full", "so-code"},
		{"hd-abbr", "hd-full"},
		{"ntm-abbr", "ntm-full"},
		{"bhyt-abbr", "bhyt-full"},
	}
	queries := [][]string{
		{"TP HCM", "TPHCM", "TP.HCM", "Thành phố Hồ Chí Minh", `"Thành phố Hồ Chí Minh"`, "thanh pho ho chi minh", "tp hcm", "TP. Hồ Chí Minh", "TP Hồ Chí Minh", `"TP. Hồ Chí Minh"`, "tp ho chi minh"},
		{"Sở KH&CN", "Sở Khoa học và Công nghệ", `"Sở Khoa học và Công nghệ"`, "so khoa hoc va cong nghe", "Sở KHCN", "SKHCN", `"Sở KH&CN"`},
		{"HĐND tỉnh", "Hội đồng nhân dân tỉnh", `"Hội đồng nhân dân tỉnh"`, "hdnd tinh"},
		{"NTM", "nông thôn mới", `"nông thôn mới"`, "nong thon moi"},
		{"BHYT", "bảo hiểm y tế", "bao hiem y te"},
	}
	for gi, qs := range queries {
		for _, q := range qs {
			res, err := s.Search(context.Background(), Request{Query: q, Limit: 100})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			got := map[string]bool{}
			for _, h := range res.Hits {
				got[strings.TrimPrefix(h.URL, "https://rank.example/")] = true
			}
			var missing []string
			for _, want := range groups[gi] {
				if !got[want] {
					missing = append(missing, want)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%q misses %v", q, missing)
			}
		}
	}
	// Unquoted words find at least what the quoted phrase finds.
	urls := func(q string) map[string]bool {
		res, err := s.Search(context.Background(), Request{Query: q, Limit: 500})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		m := map[string]bool{}
		for _, h := range res.Hits {
			m[h.URL] = true
		}
		return m
	}
	for _, phrase := range []string{"Thành phố Hồ Chí Minh", "Sở Khoa học và Công nghệ", "Sở KH&CN", "Hội đồng nhân dân tỉnh", "khoa học và công nghệ", "ủy ban nhân dân", "TP HCM"} {
		words := urls(phrase)
		for u := range urls(`"` + phrase + `"`) {
			if !words[u] {
				t.Errorf("%q finds %s, the words unquoted do not", `"`+phrase+`"`, u)
			}
		}
	}
}
