package search

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
)

// kì and kỳ, quí and quý are one word (Canon merges them), but their
// folded forms differ ("ki", "ky"): a phrase, a pair of words, a word
// typed without diacritics, a snippet and a topic all look for both.
func TestIYSpellingsFindEachOther(t *testing.T) {
	s := newTestSearcher(t, withNews(100,
		art("with-y", "Kỳ họp thứ 28 Hội đồng nhân dân tỉnh", "Kỳ họp thông qua báo cáo kinh tế quý III và lý do điều chỉnh."),
		art("with-i", "Bế mạc kì họp thứ 7 HĐND tỉnh", "Kì họp thông qua báo cáo kinh tế quí I và lí do điều chỉnh."),
	))
	both := []string{"with-i", "with-y"}
	for _, q := range []string{
		`"kỳ họp"`, `"kì họp"`, "kỳ họp", "kì họp", "ky hop", "ki hop", `"ky hop"`, `"ki hop"`,
		`"báo cáo kinh tế quý"`, `"bao cao kinh te qui"`, `"lý do"`, `"li do"`, "li do dieu chinh",
	} {
		for _, want := range both {
			if !finds(t, s, q, want) {
				t.Errorf("%q misses %s", q, want)
			}
		}
	}
	// An excluded phrase leaves out both spellings.
	for _, k := range []string{"with-i", "with-y"} {
		if finds(t, s, `báo cáo -"kỳ họp"`, k) {
			t.Errorf(`báo cáo -"kỳ họp" keeps %s`, k)
		}
	}
	// The snippet marks the other spelling as the phrase typed.
	res, err := s.Search(context.Background(), Request{Query: `"kỳ họp"`, Limit: 200, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.HasSuffix(h.URL, "/with-i") && !strings.Contains(h.Snippet, "<mark>Kì họp</mark>") {
			t.Errorf(`snippet of the kì article for "kỳ họp": %s`, h.Snippet)
		}
	}
	// Matching in memory (topics are tagged this way) agrees.
	q, err := Parse(`"kỳ họp" quý`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a := (index.Article{Title: "Bế mạc kì họp", Body: "Báo cáo quí I."}); !q.Matches(&a) {
		t.Errorf(`"kỳ họp" quý does not match an article with "kì họp" and "quí" in memory`)
	}
}

// sĩ and sỹ (bác sĩ, chiến sỹ) are one word too, but the exact fields
// keep them apart (vietnamese.YSpelling): typed either way, with or
// without diacritics, quoted or excluded, each finds both, equally, and
// the snippet marks the other spelling.
func TestSiSyFindEachOtherAlike(t *testing.T) {
	s := newTestSearcher(t, withNews(100,
		art("si", "Bác sĩ trẻ về xã", "Nhiều bác sĩ và chiến sĩ công an tham gia khám bệnh cho người dân."),
		art("sy", "Bác sỹ trẻ về xã", "Nhiều bác sỹ và chiến sỹ công an tham gia khám bệnh cho người dân."),
	))
	for _, q := range []string{"bác sĩ", "bác sỹ", `"chiến sỹ công an"`, `"chiến sĩ công an"`, "bac si", "bac sy", "Sỹ"} {
		si, sy := scoreOf(t, s, q, "si"), scoreOf(t, s, q, "sy")
		if si == 0 || sy == 0 || math.Abs(si-sy) > 1e-9*si {
			t.Errorf("%q: the sĩ article scores %.4f, the sỹ article %.4f; want both found, equal", q, si, sy)
		}
	}
	for _, k := range []string{"si", "sy"} {
		if finds(t, s, `khám bệnh -"bác sĩ"`, k) {
			t.Errorf(`khám bệnh -"bác sĩ" keeps %s`, k)
		}
	}
	res, err := s.Search(context.Background(), Request{Query: "chiến sĩ", Limit: 200, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.HasSuffix(h.URL, "/sy") && !strings.Contains(h.Snippet, "<mark>chiến sỹ</mark>") {
			t.Errorf("snippet of the sỹ article for chiến sĩ: %s", h.Snippet)
		}
	}
	q, err := Parse(`"bác sỹ"`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a := (index.Article{Title: "Tin y tế", Body: "Bác sĩ khám bệnh."}); !q.Matches(&a) {
		t.Errorf(`"bác sỹ" does not match "Bác sĩ" in memory (topics)`)
	}
}

// An abbreviation next to a typed word stands where its expansion's end
// would: for "Ủy ban nhân dân cấp xã", an article with "UBND cấp xã"
// holds "cấp xã" after the committee as one that spells it out does, and
// ranks above one where "UBND" and "cấp xã" stand apart.
func TestAbbreviationBesideTypedWordsCountsAsAPair(t *testing.T) {
	s := newTestSearcher(t, withNews(200,
		art("apart", "Hội nghị tổng kết năm", "Chủ tịch UBND báo cáo kết quả cấp xã. Các đơn vị đề xuất nhiệm vụ năm tới cho địa phương."),
		art("together", "Hội nghị tổng kết năm", "Chủ tịch UBND cấp xã báo cáo kết quả. Các đơn vị đề xuất nhiệm vụ năm tới cho địa phương."),
	))
	for _, q := range []string{"Ủy ban nhân dân cấp xã", "uy ban nhan dan cap xa"} {
		if together, apart := scoreOf(t, s, q, "together"), scoreOf(t, s, q, "apart"); together <= apart {
			t.Errorf("%q: together scores %.3f, apart %.3f", q, together, apart)
		}
	}
	// And the other way: typed as the abbreviation, the expansion's
	// last word stands for it.
	s = newTestSearcher(t, withNews(200,
		art("apart", "Hội nghị tổng kết năm", "Chủ tịch Ủy ban nhân dân báo cáo kết quả cấp xã. Các đơn vị đề xuất nhiệm vụ năm tới."),
		art("together", "Hội nghị tổng kết năm", "Chủ tịch Ủy ban nhân dân cấp xã báo cáo kết quả. Các đơn vị đề xuất nhiệm vụ năm tới."),
	))
	if together, apart := scoreOf(t, s, "UBND cấp xã", "together"), scoreOf(t, s, "UBND cấp xã", "apart"); together <= apart {
		t.Errorf("UBND cấp xã: together scores %.3f, apart %.3f", together, apart)
	}
}

// scoreOf is the score of the article key for q; it fails the test when
// q does not find it.
func scoreOf(t *testing.T, s *Searcher, q, key string) float64 {
	t.Helper()
	h, ok := hitOf(t, s, q, key)
	if !ok {
		t.Fatalf("%q does not find %s", q, key)
	}
	return h.Score
}

// hitOf is the hit of the article key among q's first 500.
func hitOf(t *testing.T, s *Searcher, q, key string) (Hit, bool) {
	t.Helper()
	res, err := s.Search(context.Background(), Request{Query: q, Limit: 500})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	for _, h := range res.Hits {
		if h.URL == "https://rank.example/"+key {
			return h, true
		}
	}
	return Hit{}, false
}

// A two-letter abbreviation that no Vietnamese syllable folds to (TW, QH,
// CP) is found by its expansion, as longer ones are; one that folds to a
// syllable (TU: tư, tự, từ) is not, or "tỉnh ủy" would find every "tư".
func TestTwoLetterAbbreviationsFromTheirExpansion(t *testing.T) {
	s := newTestSearcher(t, withNews(50,
		art("tw", "Quán triệt nghị quyết", "Nghị quyết của TW được quán triệt đến từng chi bộ."),
		art("qh", "Kỳ họp", "Đại biểu QH tiếp xúc cử tri."),
		art("tu", "Tư vấn", "Sở tư vấn cho tỉnh về thủ tục."),
	))
	for _, c := range []struct{ q, want string }{
		{"nghị quyết trung ương", "tw"}, {"trung ương", "tw"}, {"trung uong", "tw"}, {"tw", "tw"},
		{"đại biểu quốc hội", "qh"},
	} {
		if !finds(t, s, c.q, c.want) {
			t.Errorf("%q does not find %s", c.q, c.want)
		}
	}
	if finds(t, s, "tỉnh ủy", "tu") {
		t.Errorf("tỉnh ủy finds the article with \"tư\" only")
	}
}

// finds reports whether q finds the article key.
func finds(t *testing.T, s *Searcher, q, key string) bool {
	t.Helper()
	_, ok := hitOf(t, s, q, key)
	return ok
}

// Ð (U+00D0, the Icelandic eth), which some portals type for Đ, is Đ.
func TestEthIsD(t *testing.T) {
	s := newTestSearcher(t, withNews(20,
		art("eth", "Ðảng ủy xã họp", "Theo Quyết định 3043/QÐ-UBND, Ðảng ủy xã triển khai nhiệm vụ."),
	))
	for _, q := range []string{"đảng ủy", "dang uy", "3043/QĐ-UBND", "3043/QĐ", "3043/qd-ubnd", "ref:3043/QĐ-UBND", "Ðảng ủy"} {
		if !finds(t, s, q, "eth") {
			t.Errorf("%q does not find the article written with Ð", q)
		}
	}
}

// Invisible characters (a zero-width space, a soft hyphen) inside a word
// or a document number, in the text or in the query, split nothing.
func TestInvisibleCharactersSplitNothing(t *testing.T) {
	s := newTestSearcher(t, withNews(20,
		art("zw", "Thi đua yêu nước", "UBND tỉnh ph\u200bát động phong trào theo Quyết định 321/QĐ\u00ad-UBND."),
	))
	for _, q := range []string{"phát động", `"phát động phong trào"`, "321/QĐ-UBND", "ref:321/QĐ-UBND", "ph\u200bát động", "321/QĐ"} {
		if !finds(t, s, q, "zw") {
			t.Errorf("%q misses the article", q)
		}
	}
}

// Typed without diacritics, "ban" and "thi" are the Ban of a committee and
// the thi of thi hành as often as bạn and thì: a keyword query requires
// them.
func TestKeywordFoldsAreRequired(t *testing.T) {
	s := newTestSearcher(t, withNews(20,
		art("ban", "Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị", "Ban Tuyên giáo Tỉnh ủy tổng kết năm."),
		art("no-ban", "Công tác tuyên giáo năm 2024", "Công tác tuyên giáo được tổng kết."),
		art("thi", "Cục Thi hành án dân sự", "Cục Thi hành án dân sự tỉnh tổng kết."),
		art("no-thi", "Công tác hành án", "Công tác hành án dân sự được tổng kết."),
		art("dau-tu", "Đẩy nhanh giải ngân vốn đầu tư công", "Tỉnh đẩy nhanh giải ngân vốn đầu tư công năm 2024."),
		art("cong-an", "Công an tỉnh ra quân", "Công an tỉnh ra quân bảo đảm trật tự."),
		art("doi-moi", "Hỗ trợ doanh nghiệp đổi mới công nghệ", "Tỉnh hỗ trợ doanh nghiệp đổi mới công nghệ trên địa bàn."),
	))
	for _, c := range []struct{ q, want, not string }{
		{"Ban Tuyên giáo", "ban", "no-ban"}, {"ban tuyen giao", "ban", "no-ban"},
		{"thi hanh an", "thi", "no-thi"}, {"Thi hành án", "thi", "no-thi"},
		// đầu tư, not đâu từ: "Công an" is no answer.
		{"dau tu cong", "dau-tu", "cong-an"}, {"đầu tư công", "dau-tu", "cong-an"},
	} {
		if !finds(t, s, c.q, c.want) || finds(t, s, c.q, c.not) {
			t.Errorf("%q: finds %s %v, %s %v; want only the first", c.q, c.want, finds(t, s, c.q, c.want), c.not, finds(t, s, c.q, c.not))
		}
	}
	// Typed without diacritics, a query is as long as typed with them:
	// seven words are a soft AND either way, so a missing "mức" does not
	// leave the one without diacritics empty.
	for _, q := range []string{"mức hỗ trợ đổi mới công nghệ", "muc ho tro doi moi cong nghe"} {
		if !finds(t, s, q, "doi-moi") {
			t.Errorf("%q misses the article", q)
		}
	}
}
