package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// withNews adds n generated news articles, so that word statistics look
// like a corpus's and a ranking fault has room to show.
func withNews(n int, arts ...index.Article) []index.Article {
	g := corpus.NewGenerator(11)
	for i := 0; i < n; i++ {
		arts = append(arts, g.Next())
	}
	return arts
}

func art(url, title, body string) index.Article {
	return index.Article{URL: "https://rank.example/" + url, Title: title, Body: body}
}

func firstURL(t *testing.T, s *Searcher, q string) (string, *Result) {
	t.Helper()
	res, err := s.Search(context.Background(), Request{Query: q, Limit: 20})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	if len(res.Hits) == 0 {
		t.Fatalf("%q: no hit", q)
	}
	return strings.TrimPrefix(res.Hits[0].URL, "https://rank.example/"), res
}

// The look-alike cases readers met: an article holding the words as typed
// ranks above articles holding other words with the same folded form, in
// a title or in a body.
func TestExactWordsOutrankLookalikes(t *testing.T) {
	s := newTestSearcher(t, withNews(400,
		art("exact", "Quy định mới về cán bộ cấp xã", "Từ tháng tới, cán bộ được hưởng phụ cấp kiêm nhiệm bằng 50% mức lương hiện hưởng. Quy định áp dụng cho các xã trong tỉnh."),
		art("sword", "Phụ cấp kiếm nhiệm", "Bài viết về võ thuật cổ truyền và thanh kiếm của các võ sư."),
		art("scatter", "Phụ nữ khẩn cấp kiểm tra", "Hội phụ nữ kiểm tra dịch bệnh truyền nhiễm trong tình trạng khẩn cấp, kiểm soát nhiễm khuẩn."),
		art("name", "Hội nghị tổng kết", "Phát biểu tại hội nghị, bà Nguyễn Thị Thanh Hương, Phó Chủ tịch UBND tỉnh, đề nghị các sở tập trung."),
		art("name-scatter", "Nguyễn Văn Thanh nhận giải", "Ông Nguyễn Văn Thanh và bà Trần Thị Hương cùng nhiều người khác; thị trường thanh long ở quê hương."),
		art("street", "Sửa chữa đường", "Công trình sửa chữa đường Tôn Đức Thắng sẽ hoàn thành trong tháng sau."),
		art("street-lookalike", "Tồn kho tôn thép", "Lượng tôn tồn kho tăng; giáo dục thằng bé; đức tính tốt; thắng lợi của ngành dục."),
		art("tinh-uy", "Tỉnh ủy họp phiên thường kỳ", "Ban Thường vụ Tỉnh ủy cho ý kiến về nhiều nội dung quan trọng."),
		art("tinh-bao", "Tình báo Ukraina", "Cơ quan tình báo Ukraina cho biết về tình hình ủy thác mới."),
	))
	for _, c := range []struct{ query, want string }{
		{"phụ cấp kiêm nhiệm", "exact"},
		{`"phụ cấp kiêm nhiệm"`, "exact"},
		{"Nguyễn Thị Thanh Hương", "name"},
		{"Tôn Đức Thắng", "street"},
		{"tỉnh ủy", "tinh-uy"},
	} {
		if got, res := firstURL(t, s, c.query); got != c.want {
			t.Errorf("%q: first is %s, want %s (%d hits)", c.query, got, c.want, len(res.Hits))
		}
	}
	// Without diacritics every spelling counts alike: the exact article
	// is still found (the look-alikes may rank beside it).
	res, err := s.Search(context.Background(), Request{Query: "phu cap kiem nhiem", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Hits {
		found = found || strings.HasSuffix(h.URL, "/exact")
	}
	if !found {
		t.Errorf("phu cap kiem nhiem: the article with the phrase is not in the top 5")
	}
}

// A question pasted whole needs only a share of its meaningful words, and
// never comes back empty while one article holds most of them; a short
// keyword query still needs every word.
func TestQuestionsUseSoftAnd(t *testing.T) {
	s := newTestSearcher(t, withNews(200,
		art("answer", "Công an phường hướng dẫn người dân đăng ký tạm trú", "Người dân từ nơi khác đến phường để làm việc hoặc theo học cần đến Công an phường đăng ký tạm trú. Theo hướng dẫn, thời hạn tạm trú mỗi lần tối đa là 02 năm, hết hạn có thể gia hạn nhiều lần."),
	))
	for _, q := range []string{
		"Mỗi lần đăng ký tạm trú ở phường được tối đa bao lâu?",
		"Theo quy định hiện hành thì công dân đăng ký tạm trú được ở tối đa mấy năm và có được gia hạn thêm nhiều lần không, đúng hay sai",
	} {
		if got, _ := firstURL(t, s, q); got != "answer" {
			t.Errorf("%q: first is %s, want answer", q, got)
		}
	}
	// Every word required: "tạm trú" with a word no article holds finds nothing.
	res, err := s.Search(context.Background(), Request{Query: "tạm trú xylophon"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("short query with an unknown word: %d hits, want 0", res.Total)
	}
}

// A long query that finds nothing is loosened and says so; one whose
// exclusions left out every article that matched is not loosened into
// articles that hold fewer of its words.
func TestLooseningSaysSoAndRespectsExclusions(t *testing.T) {
	s := newTestSearcher(t, withNews(0,
		art("hoa-giai", "Tập huấn hòa giải ở cơ sở", "Sở Tư pháp tổ chức hội nghị tập huấn công tác hòa giải ở cơ sở cho các hòa giải viên."),
		art("other", "Hội nghị tập huấn", "Sở Tư pháp tổ chức hội nghị tập huấn nghiệp vụ cho cán bộ tư pháp cấp xã."),
	))
	search := func(q string) *Result {
		t.Helper()
		res, err := s.Search(context.Background(), Request{Query: q, Limit: 50})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return res
	}
	if res := search("hòa giải viên là gì?"); res.Total == 0 || res.Loosened != 0 {
		t.Errorf("a question its article answers: %d hits, loosened %d; want hits, not loosened", res.Total, res.Loosened)
	}
	if res := search("hòa giải viên ở cơ sở là gì? -\"hòa giải\""); res.Total != 0 {
		t.Errorf("a question whose exclusion leaves out its only article: %d hits (%v), want none", res.Total, res.Hits[0].URL)
	}
	res := search("hòa giải viên thủy lợi đê điều phòng chống thiên tai bão lũ là gì?")
	if res.Total == 0 || res.Loosened == 0 {
		t.Errorf("a question few of whose words stand anywhere: %d hits, loosened %d; want hits, loosened", res.Total, res.Loosened)
	}
}

// Syntax characters inside pasted prose are not syntax.
func TestProseIsNotSyntax(t *testing.T) {
	q, err := Parse(`Theo Nghị định 15/2020/NĐ-CP thì cán bộ -công chức "vi phạm OR tái phạm bị xử lý kỷ luật thế nào`, nil)
	if err != nil {
		t.Fatalf("prose with a stray quote: %v", err)
	}
	if len(q.Not) != 0 {
		t.Errorf("prose made exclusions: %+v", q.Not)
	}
	for _, n := range q.Must {
		if n.Kind == NodeAny && len(n.Alts) > 1 && n.Alts[0].Kind == NodeAll {
			t.Errorf("prose OR became an alternative: %+v", n)
		}
	}
	// A short query keeps its syntax.
	if _, err := Parse(`"kiêm nhiệm`, nil); err == nil {
		t.Error("short query with an unclosed quote: no error")
	}
	if q, _ := Parse(`kiêm nhiệm -"trưởng ấp"`, nil); len(q.Not) != 1 {
		t.Errorf("short query exclusion lost: %+v", q.Not)
	}
	// In prose, a negated filter and a quoted phrase after "-" are
	// still exclusions; a hyphen before a word is not.
	q, err = Parse(`Thời hạn đăng ký tạm trú tối đa là bao lâu theo quy định hiện hành -source:baomoi -province:"Trà Vinh" -"gia hạn" -công dân`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.NotSources) != 1 || len(q.NotProvinces) != 1 || len(q.Not) != 1 {
		t.Errorf("prose lost its exclusions: sources %v, provinces %v, not %+v", q.NotSources, q.NotProvinces, q.Not)
	}
	// A memo's labels ("Ref:", "Source:", "To:") are words in prose, not
	// filters without a value; a filter with its value still filters.
	for _, p := range []string{
		"Ref: Quyết định 251/QĐ-SKHCN của Sở KH&CN ban hành về nhiệm vụ khoa học và công nghệ cấp cơ sở năm 2024",
		"Sở Tư pháp tổ chức hội nghị tập huấn công tác hòa giải ở cơ sở; Source: Sở Tư pháp; Topic: hòa giải; From: Sở",
		"hội nghị tập huấn công tác hòa giải ở cơ sở – to: các hòa giải viên, tổ trưởng tổ hòa giải",
	} {
		q, err := Parse(p, nil)
		if err != nil {
			t.Errorf("%q: %v", p, err)
			continue
		}
		if len(q.Refs)+len(q.Sources)+len(q.Topics) != 0 || !q.From.IsZero() || !q.To.IsZero() || len(q.Must) < 8 {
			t.Errorf("%q: labels read as filters: refs %v sources %v topics %v, %d words", p, q.Refs, q.Sources, q.Topics, len(q.Must))
		}
	}
	q, err = Parse("tình hình kinh tế tăng trưởng của các tỉnh trong năm nay ra sao source:vnexpress", nil)
	if err != nil || len(q.Sources) != 1 {
		t.Errorf("prose with source:vnexpress: sources %v, %v", q.Sources, err)
	}
	if _, err := Parse("source:", nil); err == nil {
		t.Error(`a short query "source:" with no value: no error`)
	}
}

// -source:, -province:, -topic: exclude.
func TestNegatedFieldFilters(t *testing.T) {
	arts := []index.Article{
		{URL: "https://neg.example/a", Title: "Kinh tế An Giang", Body: "Kinh tế tăng trưởng.", Source: "vnexpress", Province: "An Giang"},
		{URL: "https://neg.example/b", Title: "Kinh tế Bến Tre", Body: "Kinh tế tăng trưởng.", Source: "bentre", Province: "Bến Tre"},
		{URL: "https://neg.example/c", Title: "Kinh tế Cà Mau", Body: "Kinh tế tăng trưởng.", Source: "camau", Province: "Cà Mau"},
	}
	s := newTestSearcher(t, arts)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"kinh tế -source:vnexpress", []string{"b", "c"}},
		{`kinh tế -province:"Bến Tre"`, []string{"a", "c"}},
		{`-province:"ben tre" -source:camau`, []string{"a"}},
		// A long query (read as pasted prose, whose hyphens are words)
		// keeps its negated filters and excluded phrases.
		{"tình hình kinh tế tăng trưởng của các tỉnh trong năm nay ra sao -source:vnexpress", []string{"b", "c"}},
		{`tình hình kinh tế tăng trưởng của các tỉnh trong năm nay ra sao -province:"Bến Tre" -"Cà Mau"`, []string{"a"}},
	} {
		res, err := s.Search(context.Background(), Request{Query: c.q})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, strings.TrimPrefix(h.URL, "https://neg.example/"))
		}
		if fmt.Sprint(sorted(got)) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.q, got, c.want)
		}
	}
	if _, err := Parse("-from:2024", nil); err == nil {
		t.Error("-from: accepted")
	}
}

// Document numbers match whatever their case, and a number's beginning
// finds the longer numbers it begins, not other numbers.
func TestDocumentNumberPrefixes(t *testing.T) {
	s := newTestSearcher(t, []index.Article{
		art("skhcn", "Quyết định", "Theo Quyết định số 250/QĐ-SKHCN của Sở."),
		art("ubnd", "Quyết định", "Theo Quyết định số 250/QĐ-UBND của tỉnh."),
		art("251", "Quyết định", "Theo Quyết định số 251/QĐ-SKHCN của Sở."),
		art("nq", "Nghị quyết", "Thực hiện Nghị quyết 18-NQ/TW của Trung ương."),
		// An editor's en dash where the hyphen was typed.
		art("dash", "Kế hoạch", "Theo Kế hoạch số 77/KH\u2013SKHCN của Sở."),
		art("nd", "Nghị định", "Theo Nghị định 13/2023/ND-CP của Chính phủ."),
		// A portal that typed the number in lower case.
		art("lower", "Quyết định", "Theo quyết định số 12/qđ-ubnd của huyện."),
		// The same resolution written three other ways.
		art("tu", "Nghị quyết", "Quán triệt Nghị quyết 57-NQ/TƯ của Bộ Chính trị."),
		art("swapped", "Nghị quyết", "Quán triệt Nghị quyết 57/NQ-TW của Bộ Chính trị."),
		art("spaced", "Nghị quyết", "Quán triệt Nghị quyết số 57 - NQ/TW của Bộ Chính trị."),
	})
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"77/KH-SKHCN", []string{"dash"}},
		{"77/KH\u2013SKHCN", []string{"dash"}},
		{"77/KH", []string{"dash"}},
		{"250/QĐ", []string{"skhcn", "ubnd"}},
		{"250/qđ", []string{"skhcn", "ubnd"}},
		{"250/QĐ-SKHCN", []string{"skhcn"}},
		{"250/qđ-skhcn", []string{"skhcn"}},
		{"18-NQ", []string{"nq"}},
		{"18-nq/tw", []string{"nq"}},
		// đ folds to d: typed without it, in a query and in ref:.
		{"250/QD", []string{"skhcn", "ubnd"}},
		{"250/qd-skhcn", []string{"skhcn"}},
		{"ref:250/qd-skhcn", []string{"skhcn"}},
		{"ref:250/QD", []string{"skhcn", "ubnd"}},
		// A portal that wrote the number without đ is found with it.
		{"13/2023/NĐ-CP", []string{"nd"}},
		{"ref:13/2023/NĐ-CP", []string{"nd"}},
		{"57-NQ/TW", []string{"spaced", "swapped", "tu"}},
		{"ref:57-NQ/TƯ", []string{"spaced", "swapped", "tu"}},
		{"57-NQ", []string{"spaced", "swapped", "tu"}},
		{"12/QĐ", []string{"lower"}},
		{"12/QĐ-UBND", []string{"lower"}},
		{"ref:12/QĐ-UBND", []string{"lower"}},
		{"quyết định -ref:12/QĐ-UBND", []string{"251", "skhcn", "ubnd"}},
	} {
		res, err := s.Search(context.Background(), Request{Query: c.q})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, strings.TrimPrefix(h.URL, "https://rank.example/"))
		}
		if fmt.Sprint(sorted(got)) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.q, got, c.want)
		}
	}
}

// A question that spells out an article's heading is about that article
// more than about a longer one that merely holds the heading's words
// ("… khai báo tạm vắng …?" asks for the article headed "Khai báo tạm
// vắng", not for the one on fines for late or missing declarations).
// A keyword query's look-alike title gains nothing by it.
func TestQuestionsFavourTheHeadingTheySpellOut(t *testing.T) {
	s := newTestSearcher(t, withNews(200,
		art("heading", "Khai báo tạm vắng",
			"Khai báo tạm vắng là việc người dân báo với công an xã trước khi đi khỏi nơi cư trú. Người từ đủ 14 tuổi trở lên đi khỏi xã từ 03 tháng liên tục thì phải khai báo tạm vắng."),
		art("longer", "Xử lý trường hợp đi khỏi xã không khai báo tạm vắng, khai báo tạm vắng chậm với công an xã",
			"Đối với hành vi đi khỏi xã không khai báo tạm vắng và hành vi khai báo tạm vắng chậm với công an xã, mức xử lý được quyết định tùy theo tính chất, mức độ của hành vi. Người từ đủ 14 tuổi trở lên đi khỏi xã từ 03 tháng liên tục mà không khai báo tạm vắng với công an xã thì bị nhắc nhở lần đầu."),
	))
	q := "Người từ đủ 14 tuổi đi khỏi xã từ 03 tháng liên tục thì có phải khai báo tạm vắng với công an xã không?"
	if got, _ := firstURL(t, s, q); got != "heading" {
		t.Errorf("%q: first is %s, want heading", q, got)
	}
}

// A quoted phrase's other spelling weighs as much as the words it
// replaces, as an abbreviation of unquoted words does: an article that
// writes "KH&CN" where another writes "khoa học và công nghệ" ranks near
// it, not below every article that names the phrase once in passing.
func TestQuotedPhraseWeighsItsAbbreviationLikeTheWords(t *testing.T) {
	body := "Sở %[1]s tỉnh vừa giao kinh phí %[1]s năm 2022 cho 15 nhiệm vụ cấp tỉnh. Các nhiệm vụ %[1]s tập trung vào nông nghiệp công nghệ cao và chuyển đổi số."
	arts := withNews(300,
		art("viet-tat", "Giao kinh phí KH&CN cho 15 nhiệm vụ năm 2022", fmt.Sprintf(body, "KH&CN")),
		art("day-du", "Giao kinh phí khoa học và công nghệ cho 15 nhiệm vụ năm 2022", fmt.Sprintf(body, "khoa học và công nghệ")),
	)
	s := newTestSearcher(t, arts)
	res, err := s.Search(context.Background(), Request{Query: `"khoa học và công nghệ"`, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	score := map[string]float64{}
	for _, h := range res.Hits {
		score[strings.TrimPrefix(h.URL, "https://rank.example/")] = h.Score
	}
	short, full := score["viet-tat"], score["day-du"]
	t.Logf("KH&CN %.2f, the words %.2f", short, full)
	if short < full/2 {
		t.Errorf("the article written with KH&CN scores %.2f, the same article with the words %.2f: want at least half", short, full)
	}
}

// A query written with its diacritics means its unmarked words as typed:
// "Nguyễn Thị Hoa" is Hoa, not Hòa or Hóa; "thành phố Vinh" is Vinh, not
// Vĩnh. The look-alikes are still found, below, and their snippets leave
// the look-alike unmarked. A query typed mostly without diacritics
// ("kinh phi Bến Tre") reads its unmarked words as every spelling.
func TestUnmarkedWordsOfAFullyAccentedQueryAreExact(t *testing.T) {
	s := newTestSearcher(t, withNews(100,
		art("hoa", "Bà Nguyễn Thị Hoa được bổ nhiệm", "Bà Nguyễn Thị Hoa được bổ nhiệm Giám đốc Sở Y tế tỉnh."),
		art("hoa-grave", "Bà Nguyễn Thị Hòa được bổ nhiệm", "Bà Nguyễn Thị Hòa được bổ nhiệm Giám đốc Sở Y tế tỉnh."),
		art("hoa-acute", "Bà Nguyễn Thị Hóa được bổ nhiệm", "Bà Nguyễn Thị Hóa được bổ nhiệm Giám đốc Sở Y tế tỉnh."),
		art("vinh", "Khánh thành cầu ở Vinh", "Thành phố Vinh khánh thành cầu mới."),
		art("vinh-tilde", "Khánh thành cầu ở Vĩnh", "Thành phố Vĩnh khánh thành cầu mới."),
		art("kinh-phi", "Bến Tre tăng kinh phí", "Bến Tre tăng kinh phí cho khoa học."),
	))
	for _, c := range []struct {
		q, first string
		others   []string
	}{
		{"Nguyễn Thị Hoa", "hoa", []string{"hoa-grave", "hoa-acute"}},
		{`"Nguyễn Thị Hoa"`, "hoa", []string{"hoa-grave", "hoa-acute"}},
		{"thành phố Vinh", "vinh", []string{"vinh-tilde"}},
	} {
		first := scoreOf(t, s, c.q, c.first)
		for _, o := range c.others {
			if got := scoreOf(t, s, c.q, o); got == 0 || got >= first {
				t.Errorf("%s: %s scores %.3f, the article as typed (%s) %.3f; want found and below", c.q, o, got, c.first, first)
			}
		}
	}
	res, err := s.Search(context.Background(), Request{Query: "Nguyễn Thị Hoa", Limit: 50, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.HasSuffix(h.URL, "/hoa-grave") && strings.Contains(h.Snippet, "Hòa</mark>") {
			t.Errorf("the look-alike is marked: %s", h.Snippet)
		}
	}
	res, err = s.Search(context.Background(), Request{Query: "kinh phi Bến Tre", Limit: 50, Snippets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || !strings.HasSuffix(res.Hits[0].URL, "/kinh-phi") || !strings.Contains(res.Hits[0].Snippet, "<mark>phí</mark>") {
		t.Errorf("kinh phi Bến Tre (mostly unmarked): first %+v", res.Hits)
	}
}
