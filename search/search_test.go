package search

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, index.Zone) }

// fixture articles: each test names the ones it expects by short key.
var fixture = map[string]index.Article{
	"funding":   {Title: "Hỗ trợ kinh phí nhiệm vụ KH&CN cấp cơ sở", Body: "Ngày 09/11/2022, Sở Khoa học và Công nghệ An Giang ban hành Quyết định số 250/QĐ-SKHCN về việc phê duyệt kinh phí hỗ trợ thực hiện nhiệm vụ KH&CN cấp cơ sở xây dựng quy chế làm việc mẫu của Ban Chấp hành Đảng bộ thực hiện mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã.", Published: day(2022, 11, 11), Province: "An Giang", Source: "angiang-skhcn"},
	"kiemnhiem": {Title: "Khảo sát các mô hình kiêm nhiệm tại thành phố Bến Tre", Body: "Đoàn công tác của Tỉnh uỷ đã khảo sát việc thực hiện các mô hình kiêm nhiệm, sắp xếp các đơn vị hành chính cấp xã. Bí thư kiêm trưởng ấp, khu phố có 11 trường hợp.", Published: day(2019, 3, 15), Province: "Bến Tre", Source: "bentre"},
	"fullform":  {Title: "Uỷ ban nhân dân cấp xã họp bàn kế hoạch", Body: "Uỷ ban nhân dân cấp xã Mỹ Hoà tổ chức họp bàn kế hoạch phát triển kinh tế. Thuỷ lợi nội đồng được nạo vét.", Published: day(2023, 1, 10), Province: "Kiên Giang", Source: "kiengiang"},
	"science":   {Title: "Hội nghị khoa học và công nghệ tỉnh", Body: "Hội nghị đánh giá kinh phí khoa học và công nghệ năm 2023 và triển khai Nghị quyết 18-NQ/TW.", Published: day(2023, 5, 2), Province: "Hà Giang", Source: "hagiang-lhh"},
	"road":      {Title: "Nâng cấp đường giao thông nông thôn", Body: "Tuyến đường giao thông liên xã được nâng cấp, người dân đi lại thuận tiện.", Published: day(2021, 7, 1), Province: "Đồng Tháp", Source: "dongthap"},
	"ocean":     {Title: "Bảo vệ môi trường biển", Body: "Đại dương và bờ biển Thái Bình Dương bị ô nhiễm; cán bộ đương nhiệm kiểm tra.", Published: day(2021, 8, 1), Province: "Đồng Tháp", Source: "dongthap"},
	"nfd":       {Title: norm.NFD.String("Hòa bình và phát triển"), Body: norm.NFD.String("Khỏe mạnh, hòa bình, quý báu: kỳ họp thứ 5 của HĐND tỉnh."), Province: "Tiền Giang", Source: "tiengiang"},
	"markup":    {Title: "<script>alert(1)</script> Tin có mã", Body: "Nội dung có <b>thẻ</b> HTML và chữ kinh phí.", Published: day(2020, 2, 2), Province: "Hà Nội", Source: "hanoi"},
}

func openFixture(t testing.TB) *Searcher {
	t.Helper()
	var arts []index.Article
	for key, a := range fixture {
		a.URL = "https://example.vn/" + key
		arts = append(arts, a)
	}
	return newTestSearcher(t, arts)
}

// newTestSearcher stores arts in a new on-disk index wired with the
// shipped abbreviations, topics and provinces, as govnews runs.
func newTestSearcher(t testing.TB, arts []index.Article) *Searcher {
	t.Helper()
	return newTestSearcherShards(t, arts, index.NewIndexShards)
}

// newTestSearcherShards is newTestSearcher over an index of n shards.
func newTestSearcherShards(t testing.TB, arts []index.Article, n int) *Searcher {
	t.Helper()
	ix, err := index.Create(t.TempDir(), n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	abData, _ := configs.File("abbreviations.yaml")
	ab, err := ParseAbbreviations(abData, "abbreviations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tData, _ := configs.File("topics.yaml")
	topics, err := ParseTopics(tData, "topics.yaml", ab)
	if err != nil {
		t.Fatal(err)
	}
	pData, _ := configs.File("provinces.yaml")
	provinces, err := index.ParseProvinces(pData, "provinces.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ix.SetTagger(topics)
	ix.SetProvinces(provinces)
	if err := ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	return New(ix, Options{Abbreviations: ab, Topics: topics})
}

func keys(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.URL[len("https://example.vn/"):])
	}
	return out
}

func sorted(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s }

func TestSearchFindsWhatVietnameseReadersType(t *testing.T) {
	s := openFixture(t)
	cases := []struct {
		name, query string
		want        []string // exactly these, in any order
		first       string   // and this one ranks first
	}{
		{"no diacritics", "bi thu dong thoi la chu tich", []string{"funding"}, ""},
		{"old tone style finds new", "hoà bình", []string{"nfd"}, ""},
		{"new tone style finds old", "ủy ban nhân dân cấp xã", []string{"fullform", "funding"}, ""},
		{"thuỷ/thủy", "thủy lợi", []string{"fullform"}, ""},
		{"quí finds quý", "quí báu", []string{"nfd"}, ""},
		{"kì finds kỳ", "kì họp", []string{"nfd"}, ""},
		{"NFD query", norm.NFD.String("khỏe mạnh"), []string{"nfd"}, ""},
		{"abbreviation finds full form", `"UBND cấp xã"`, []string{"funding", "fullform"}, ""},
		{"full form finds abbreviation", `"khoa học và công nghệ"`, []string{"funding", "science"}, ""},
		{"KH&CN finds expansion", "kinh phí KH&CN", []string{"funding", "science"}, ""},
		{"HĐND typed without đ", "HDND", []string{"nfd"}, ""},
		{"document number as written", "250/QĐ-SKHCN", []string{"funding"}, ""},
		{"document number with slash code", "18-NQ/TW", []string{"science"}, ""},
		{"ref filter", "ref:18-NQ/TW", []string{"science"}, ""},
		{"phrase", `"mô hình kiêm nhiệm"`, []string{"kiemnhiem"}, ""},
		{"phrase needs adjacency", `"kiêm nhiệm cấp xã"`, nil, ""},
		{"exclusion", `kinh phí -"cấp cơ sở"`, []string{"science", "markup"}, ""},
		{"accented exclusion removes only that spelling", "kinh phí -tình", []string{"funding", "science", "markup"}, ""},
		{"NOT as other search engines write it", `kinh phí NOT "cấp cơ sở"`, []string{"science", "markup"}, ""},
		{"AND is what words do anyway", "kinh phí AND KH&CN", []string{"funding", "science"}, ""},
		{"OR; folded dương also matches đường, ranked lower", "thuỷ OR dương", []string{"fullform", "ocean", "road"}, ""},
		{"diacritics rank exact first", "đường", []string{"road", "ocean"}, "road"},
		{"province filter with old name finds new", `kinh phí province:"An Giang"`, []string{"funding"}, ""},
		{"province filter new name finds old", `province:"Vĩnh Long"`, []string{"kiemnhiem"}, ""},
		{"province filter without diacritics", `province:"ben tre"`, []string{"kiemnhiem"}, ""},
		{"date range", "from:2023-01-01 to:2023-12-31", []string{"fullform", "science"}, ""},
		{"topic filter", "topic:kiem-nhiem", []string{"funding", "kiemnhiem"}, ""},
		{"source filter", "source:dongthap", []string{"road", "ocean"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), Request{Query: c.query, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			got := keys(res)
			if len(got) != len(c.want) || (len(got) > 0 && !equal(sorted(got), sorted(c.want))) {
				t.Fatalf("%q found %v, want %v", c.query, got, c.want)
			}
			if res.Total != uint64(len(c.want)) {
				t.Errorf("total %d, want %d", res.Total, len(c.want))
			}
			if c.first != "" && got[0] != c.first {
				t.Errorf("%q ranked %v first, want %s", c.query, got[0], c.first)
			}
		})
	}
}

// Quoted phrases joined by OR stay syntax however many words they hold:
// the OR finds what its phrases find (a shipped topic's two phrases of
// 13 words in all read as pasted prose and found nothing).
func TestLongOrOfPhrasesFindsEachPhrase(t *testing.T) {
	s := openFixture(t)
	phrases := []string{`"kinh phí khoa học và công nghệ"`, `"ủy ban nhân dân cấp xã"`, `"mô hình kiêm nhiệm"`, `"đường giao thông nông thôn"`}
	union := map[string]bool{}
	for _, p := range phrases {
		res, err := s.Search(context.Background(), Request{Query: p, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys(res) {
			union[k] = true
		}
	}
	res, err := s.Search(context.Background(), Request{Query: strings.Join(phrases, " OR "), Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(res); len(union) < 2 || len(got) != len(union) {
		t.Errorf("the OR found %v; its phrases find %v", got, union)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSearchRejectsMalformedRequests(t *testing.T) {
	s := openFixture(t)
	cases := []struct {
		req   Request
		param string
	}{
		{Request{Query: `"unterminated`}, "q"},
		{Request{Query: "OR kinh"}, "q"},
		{Request{Query: "kinh OR"}, "q"},
		{Request{Query: "kinh NOT"}, "q"},
		{Request{Query: "province:"}, "q"},
		{Request{Query: "from:2024-13-45"}, "q"},
		{Request{Query: "from:2023 to:2022"}, "q"},
		{Request{Query: "kinh", Sort: "popularity"}, "sort"},
		{Request{Query: "kinh", Limit: -1}, "limit"},
		{Request{Query: "kinh", Limit: MaxLimit + 1}, "limit"},
		{Request{Query: "kinh", Cursor: "not-a-cursor"}, "cursor"},
		{Request{Query: "kinh", From: day(2023, 1, 1), To: day(2022, 1, 1)}, "to"},
	}
	for _, c := range cases {
		_, err := s.Search(context.Background(), c.req)
		var se *Error
		if !errors.As(err, &se) || se.Param != c.param {
			t.Errorf("%+v: error %v, want a search.Error naming %q", c.req, err, c.param)
		}
	}
}

func TestCursorWalksEveryHitOnce(t *testing.T) {
	s := openFixture(t)
	for _, sortBy := range []string{SortRelevance, SortDate, SortDateAsc} {
		seen := map[string]int{}
		req := Request{Query: "", Sort: sortBy, Limit: 3}
		if sortBy == SortRelevance {
			req.Query = "kinh OR xã OR đường OR hòa OR khoa"
		}
		all, err := s.Search(context.Background(), Request{Query: req.Query, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var prev time.Time
		for pages := 0; pages < 10; pages++ {
			res, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				seen[h.URL]++
				if sortBy == SortDate && !prev.IsZero() && !h.Published.IsZero() && h.Published.After(prev) {
					t.Errorf("date sort: %s after %s", h.Published, prev)
				}
				if !h.Published.IsZero() {
					prev = h.Published
				}
			}
			if res.NextCursor == "" {
				break
			}
			req.Cursor = res.NextCursor
		}
		if len(seen) != int(all.Total) {
			t.Errorf("%s: cursor pages saw %d articles, want %d", sortBy, len(seen), all.Total)
		}
		for u, n := range seen {
			if n != 1 {
				t.Errorf("%s: %s seen %d times", sortBy, u, n)
			}
		}
	}
}

func TestFacetsAndSnippets(t *testing.T) {
	s := openFixture(t)
	res, err := s.Search(context.Background(), Request{Query: "kinh phi", Facets: true, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range res.Facets[FacetProvince] {
		counts[f.Value] = f.Count
	}
	if counts["An Giang"] != 1 || counts["Hà Giang"] != 1 || counts["Hà Nội"] != 1 {
		t.Errorf("province facet = %v", res.Facets[FacetProvince])
	}
	if len(res.Facets[FacetMonth]) == 0 || len(res.Facets[FacetTopic]) == 0 {
		t.Errorf("month/topic facets missing: %v", res.Facets)
	}
	for _, h := range res.Hits {
		if h.URL == "https://example.vn/funding" && !contains(h.Snippet, "<mark>kinh phí</mark>") {
			t.Errorf("snippet does not mark the accented match: %s", h.Snippet)
		}
		if h.URL == "https://example.vn/markup" && (contains(h.Snippet, "<b>") || !contains(h.Snippet, "&lt;b&gt;")) {
			t.Errorf("snippet does not escape markup: %s", h.Snippet)
		}
	}
}

func TestSnippetMarksPhrasesOnlyWhereTheyStand(t *testing.T) {
	s := openFixture(t)
	res, err := s.Search(context.Background(), Request{Query: `"UBND cấp xã"`, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.URL == "https://example.vn/funding" {
			if !contains(h.Snippet, "<mark>UBND cấp xã</mark>") || contains(h.Snippet, "<mark>ban</mark> hành") {
				t.Errorf("snippet: %s", h.Snippet)
			}
		}
		if h.URL == "https://example.vn/fullform" && !contains(h.Snippet, "<mark>Uỷ ban nhân dân cấp xã</mark>") {
			t.Errorf("expansion not marked in the original spelling: %s", h.Snippet)
		}
	}
}

func contains(s, sub string) bool { return len(s) >= len(sub) && (s == sub || index0(s, sub) >= 0) }

func index0(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestTopicsTagAtIndexTime(t *testing.T) {
	s := openFixture(t)
	a, ok, err := s.ix.Get("https://example.vn/funding")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	want := map[string]bool{"kiem-nhiem": true, "kinh-phi-khcn": true}
	if len(a.Topics) != len(want) || !want[a.Topics[0]] || !want[a.Topics[1]] {
		t.Errorf("topics = %v, want kiem-nhiem and kinh-phi-khcn", a.Topics)
	}
	if a.ProvinceNow != "An Giang" {
		t.Errorf("province_now = %q", a.ProvinceNow)
	}
	b, _, _ := s.ix.Get("https://example.vn/kiemnhiem")
	if b.ProvinceNow != "Vĩnh Long" || b.Province != "Bến Tre" {
		t.Errorf("Bến Tre maps to %q/%q, want Bến Tre/Vĩnh Long", b.Province, b.ProvinceNow)
	}
}

// A topic is a named search: an article the topic's query finds (here,
// typed without diacritics) is tagged with it.
func TestTopicTagsAgreeWithTheSearch(t *testing.T) {
	s := openFixture(t)
	a := index.Article{URL: "https://example.vn/khongdau", Title: "Bi thu dong thoi la chu tich xa", Body: "Mo hinh bi thu dong thoi la chu tich UBND xa duoc danh gia cao."}
	if err := s.ix.Put(a); err != nil {
		t.Fatal(err)
	}
	got, _, _ := s.ix.Get(a.URL)
	tagged := false
	for _, id := range got.Topics {
		tagged = tagged || id == "kiem-nhiem"
	}
	res, err := s.Search(context.Background(), Request{Query: `"bí thư đồng thời là chủ tịch"`, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Hits {
		found = found || h.URL == a.URL
	}
	if !found || !tagged {
		t.Errorf("the topic's query finds the article: %v; the article is tagged: %v (topics %v)", found, tagged, got.Topics)
	}
}

// The shipped topics tag the wordings their own descriptions name, and
// not an article that only shares a word with them.
func TestShippedTopicsTagTheirWordings(t *testing.T) {
	s := newTestSearcher(t, withNews(20,
		art("xa", "Thí điểm mô hình", "Đồng chí A là Bí thư Đảng ủy xã đồng thời là Chủ tịch UBND xã."),
		art("ap", "Kiện toàn chi bộ", "Ông B được bầu làm bí thư chi bộ kiêm trưởng ấp Tân Hòa."),
		art("cap-uy", "Sơ kết mô hình", "Bí thư cấp ủy đồng thời là Chủ tịch UBND cấp xã phát huy hiệu quả."),
		art("ban-ghe", "Sắp xếp bàn ghế", "Cán bộ cấp xã sắp xếp lại bàn ghế phòng họp."),
		art("xa-nhap", "Hoàn thành sáp nhập xã", "Huyện hoàn thành sáp nhập xã theo nghị quyết."),
	))
	for key, want := range map[string]string{"xa": "kiem-nhiem", "ap": "kiem-nhiem", "cap-uy": "kiem-nhiem", "xa-nhap": "sap-xep-dvhc", "ban-ghe": ""} {
		got, _, _ := s.ix.Get("https://rank.example/" + key)
		if want == "" && len(got.Topics) > 0 || want != "" && !slices.Contains(got.Topics, want) {
			t.Errorf("%s: topics %v, want %q", key, got.Topics, want)
		}
	}
}

// A phrase ends where its sentence or paragraph ends: an article that
// closes one sentence with "bí thư" and opens the next with "Đồng thời là
// chủ tịch" holds no phrase "bí thư đồng thời là chủ tịch", so it is
// neither tagged with the topic nor found by the quoted phrase, and the
// snippet of its words does not mark across the period.
func TestPhrasesStopAtSentenceEnds(t *testing.T) {
	s := newTestSearcher(t, withNews(50,
		art("across-paragraph", "Đại hội chi bộ", "Đại hội bầu ra bí thư.\n\nĐồng thời là chủ tịch hội nông dân, ông A phát biểu."),
		art("across-semicolon", "Tin khác", "Ban hành mô hình; kiêm nhiệm không được khuyến khích."),
		art("within", "Tin chi bộ", "Ông A là bí thư đồng thời là chủ tịch UBND xã theo mô hình kiêm nhiệm."),
	))
	for _, key := range []string{"across-paragraph", "across-semicolon", "within"} {
		got, _, _ := s.ix.Get("https://rank.example/" + key)
		tagged := slices.Contains(got.Topics, "kiem-nhiem")
		if want := key == "within"; tagged != want {
			t.Errorf("%s: tagged kiem-nhiem %v, want %v (topics %v)", key, tagged, want, got.Topics)
		}
	}
	for _, q := range []string{`"bí thư đồng thời là chủ tịch"`, `"mô hình kiêm nhiệm"`} {
		if !finds(t, s, q, "within") {
			t.Errorf("%s misses the article that holds it", q)
		}
		if finds(t, s, q, "across-paragraph") || finds(t, s, q, "across-semicolon") {
			t.Errorf("%s finds a phrase across a sentence end", q)
		}
	}
	res, err := s.Search(context.Background(), Request{Query: "bí thư đồng thời là chủ tịch hội", Limit: 50, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.HasSuffix(h.URL, "/across-paragraph") && strings.Contains(h.Snippet, "thư.") && !strings.Contains(h.Snippet, "thư</mark>.") {
			t.Errorf("snippet marks across the paragraph: %s", h.Snippet)
		}
	}
}

func FuzzParse(f *testing.F) {
	abData, _ := configs.File("abbreviations.yaml")
	ab, _ := ParseAbbreviations(abData, "abbreviations.yaml")
	for _, s := range []string{`"UBND cấp xã" -"trưởng ấp" OR kh&cn`, `province:"Bến Tre" from:2022`, `"`, `-`, `OR`, `a OR OR b`, `ref:18-NQ/TW`, "\u0301", `province:"x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, ab)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || se.Param == "" {
				t.Fatalf("Parse(%q): error %v is not a search.Error", s, err)
			}
			return
		}
		bleveQuery(q, Request{}, 0) // must not panic
		q.Matches(&index.Article{Title: s, Body: s})
	})
}

func TestFacetsFollowNewArticles(t *testing.T) {
	s := openFixture(t)
	count := func() int {
		res, err := s.Search(context.Background(), Request{Query: "kinh phí", Facets: true, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Facets[FacetProvince] {
			if f.Value == "Cà Mau" {
				return f.Count
			}
		}
		return 0
	}
	if n := count(); n != 0 {
		t.Fatalf("Cà Mau before: %d", n)
	}
	count() // a second, cached, computation
	if err := s.ix.Put(index.Article{URL: "https://example.vn/camau", Title: "Kinh phí", Body: "Kinh phí cho Cà Mau.", Province: "Cà Mau"}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("Cà Mau after a new article: %d, want 1 (stale facet cache?)", n)
	}
}

// A province filter finds the same articles however the province is
// spelled, in the request and inside the query, and an article keeps the
// former province it was published under (Đắk Nông, not Lâm Đồng).
func TestProvinceFilterSpellings(t *testing.T) {
	s := newTestSearcher(t, []index.Article{
		{URL: "https://example.vn/daknong", Title: "Tin Đắk Nông", Body: "Nội dung kinh phí.", Province: "Đăk Nông"},
		{URL: "https://example.vn/brvt", Title: "Tin Vũng Tàu", Body: "Nội dung kinh phí.", Province: "Bà Rịa-Vũng Tàu"},
		{URL: "https://example.vn/hcm", Title: "Tin Sài Gòn", Body: "Nội dung kinh phí.", Province: "TP HCM"},
		{URL: "https://example.vn/lamdong", Title: "Tin Lâm Đồng", Body: "Nội dung kinh phí.", Province: "Lâm Đồng"},
	})
	ctx := context.Background()
	for _, tc := range []struct {
		province string
		want     []string
	}{
		{"Đắk Nông", []string{"daknong"}},
		{"dak nong", []string{"daknong"}},
		{"Đăk Nông", []string{"daknong"}},
		{"Lâm Đồng", []string{"daknong", "lamdong"}},
		{"Bà Rịa – Vũng Tàu", []string{"brvt"}},
		{"Bà Rịa - Vũng Tàu", []string{"brvt"}},
		{"ba ria-vung tau", []string{"brvt"}},
		{"Sài Gòn", []string{"brvt", "hcm"}},
		{"Thành phố Hồ Chí Minh", []string{"brvt", "hcm"}},
	} {
		for _, req := range []Request{
			{Query: "kinh phí", Provinces: []string{tc.province}},
			{Query: "kinh phí province:\"" + tc.province + "\""},
		} {
			res, err := s.Search(ctx, req)
			if err != nil {
				t.Fatalf("%+v: %v", req, err)
			}
			if got := sorted(keys(res)); !slices.Equal(got, tc.want) {
				t.Errorf("%+v: %v, want %v", req, got, tc.want)
			}
		}
	}
	res, err := s.Search(ctx, Request{Query: "kinh phí -province:\"Đăk Nông\""})
	if err != nil {
		t.Fatal(err)
	}
	if got := sorted(keys(res)); !slices.Equal(got, []string{"brvt", "hcm", "lamdong"}) {
		t.Errorf("-province:\"Đăk Nông\": %v", got)
	}
	a, _, _ := s.Article(index.ID("https://example.vn/daknong"))
	if a.Province != "Đắk Nông" || a.ProvinceNow != "Lâm Đồng" {
		t.Errorf("stored as %q / %q, want Đắk Nông / Lâm Đồng", a.Province, a.ProvinceNow)
	}
}

// An agency filter finds the agency however it is typed (case, diacritics),
// in the request and in the query; a name no article carries is refused.
func TestAgencyFilterSpellings(t *testing.T) {
	s := newTestSearcher(t, []index.Article{
		{URL: "https://example.vn/a", Title: "Tin một", Body: "Nội dung kinh phí.", Agency: "Sở KH&CN"},
		{URL: "https://example.vn/b", Title: "Tin hai", Body: "Nội dung kinh phí.", Agency: "UBND tỉnh"},
		{URL: "https://example.vn/c", Title: "Tin ba", Body: "Nội dung kinh phí.", Agency: "sở KH&CN"}, // stored under another spelling
	})
	ctx := context.Background()
	for _, typed := range []string{"Sở KH&CN", "sở kh&cn", "so kh&cn", "SO  KH&CN"} {
		for _, req := range []Request{{Query: "kinh phí", Agencies: []string{typed}}, {Query: "kinh phí agency:\"" + typed + "\""}} {
			res, err := s.Search(ctx, req)
			if err != nil {
				t.Fatalf("%+v: %v", req, err)
			}
			if got := sorted(keys(res)); !slices.Equal(got, []string{"a", "c"}) {
				t.Errorf("%+v: %v, want [a c]", req, got)
			}
		}
		if err := s.CheckFilterValues(Request{Agencies: []string{typed}}, nil); err != nil {
			t.Errorf("agency %q reported unknown: %v", typed, err)
		}
	}
	if err := s.CheckFilterValues(Request{Agencies: []string{"Sở Tài chính"}}, nil); err == nil {
		t.Error("an agency no article carries was accepted")
	}
	// A comma list inside the query is read as the flag reads it.
	if err := s.CheckFilterValues(Request{Query: `kinh phí province:"lam dong,hue"`}, nil); err != nil {
		t.Errorf("province list in the query: %v", err)
	}
}
